"""Views: the `ui://` HTML documents a host renders for a tool (MCP Apps, `io.modelcontextprotocol/ui`).

A view is served as a resource of MIME type `text/html;profile=mcp-app`. What it may load and which
browser permissions it asks for are declared beside it (`_meta.ui.csp`, `_meta.ui.permissions`), and the
host builds the sandbox's Content-Security-Policy from exactly those declarations, so a domain that is
not declared cannot be reached from the view.

`csp=` and `permissions=` take the `mcp.server.apps` models or plain mappings in either spelling
(`connect_domains` or `connectDomains`); an unknown key is an error rather than a silently ignored typo.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from mcp.server.apps import Apps, ResourceCsp, ResourcePermissions
from pydantic import BaseModel, ValidationError

from salon.errors import ConfigurationError

ViewCsp = ResourceCsp
"""Domains a view may connect to, load from, frame, or use as base URI (`_meta.ui.csp`)."""

ViewPermissions = ResourcePermissions
"""Browser permissions a view requests: camera, microphone, geolocation, clipboard write."""

_ModelT = TypeVar("_ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """One checked view, ready to be added to the Apps extension."""

    uri: str
    html: str
    title: str | None = None
    description: str | None = None
    csp: ResourceCsp | None = None
    permissions: ResourcePermissions | None = None
    prefers_border: bool | None = None
    domain: str | None = None

    @classmethod
    def declare(
        cls,
        uri: str,
        *,
        html: str,
        title: str | None = None,
        description: str | None = None,
        csp: ResourceCsp | Mapping[str, Any] | None = None,
        permissions: ResourcePermissions | Mapping[str, Any] | None = None,
        prefers_border: bool | None = None,
        domain: str | None = None,
    ) -> ViewSpec:
        """Check a view declaration; raises `ConfigurationError` naming the fix."""
        if not isinstance(uri, str) or not uri.startswith("ui://"):
            raise ConfigurationError(
                f"View URI {uri!r} must use the ui:// scheme, e.g. 'ui://my-app/results.html'; "
                f"fix the first argument of app.add_view(...)."
            )
        if not isinstance(html, str) or not html.strip():
            raise ConfigurationError(
                f"View {uri!r} has no HTML; pass html='<!doctype html>...' to app.add_view()."
            )
        return cls(
            uri=uri,
            html=html,
            title=title,
            description=description,
            csp=_coerce(ResourceCsp, csp, uri, "csp"),
            permissions=_coerce(ResourcePermissions, permissions, uri, "permissions"),
            prefers_border=prefers_border,
            domain=domain,
        )

    def add_to(self, apps: Apps) -> None:
        """Register this view on an MCP Apps extension instance."""
        apps.add_html_resource(
            self.uri,
            self.html,
            title=self.title,
            description=self.description,
            csp=self.csp,
            permissions=self.permissions,
            domain=self.domain,
            prefers_border=self.prefers_border,
        )


def _coerce(
    model: type[_ModelT], value: _ModelT | Mapping[str, Any] | None, uri: str, arg: str
) -> _ModelT | None:
    if value is None or isinstance(value, model):
        return value
    if not isinstance(value, Mapping):
        raise ConfigurationError(
            f"{arg}= of view {uri!r} must be a mapping or {model.__name__}, got {value!r}."
        )
    known = {name for name in model.model_fields} | {f.alias for f in model.model_fields.values() if f.alias}
    unknown = sorted(set(value) - known)
    if unknown:
        raise ConfigurationError(
            f"{arg}= of view {uri!r} has unknown key(s) {unknown}; the allowed keys are "
            f"{sorted(model.model_fields)} (or their camelCase spelling)."
        )
    try:
        return model.model_validate(dict(value))
    except ValidationError as exc:
        raise ConfigurationError(f"{arg}= of view {uri!r} is not valid: {exc}") from exc


__all__ = ["ViewCsp", "ViewPermissions", "ViewSpec"]
