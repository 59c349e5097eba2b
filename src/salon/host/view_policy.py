"""What a view may do in the browser, from what its app declared: the CSP header, the iframe `allow`,
the `Permissions-Policy`, and the domains its links may open without asking.

A view is untrusted HTML. It runs in an opaque-origin iframe on the sandbox origin, and its response
carries a `Content-Security-Policy` header built here from the resource's `_meta`:

    _meta.ui.csp                 connectDomains, resourceDomains, frameDomains, baseUriDomains (MCP Apps)
    _meta["openai/widgetCSP"]    connect_domains, resource_domains, frame_domains (OpenAI-era views)

Both declarations are the app's own, so their union is used. With nothing declared, the view gets no
network at all: inline script and style, `data:`/`blob:` images and media, nothing else. Each declared
domain only opens the directives it is declared for:

    resourceDomains   script-src, style-src, img-src, font-src, media-src
    connectDomains    connect-src (fetch, XHR, WebSocket)
    frameDomains      frame-src
    baseUriDomains    base-uri

Only plain origins are accepted as domains: `https://host[:port]` (or `wss://` for connections), an
optional leading `*.` wildcard over at least two labels, an optional path of URL-safe characters, and
`http://`/`ws://` only for the loopback host (`localhost`, `127.0.0.1`, `[::1]`) that development uses. A
bare host name means `https://`. Anything else — `*`, keywords such as `'unsafe-eval'`, schemes such as
`data:` or `javascript:`, quotes, semicolons, commas, whitespace — is dropped, never repaired, and listed
in `ViewPolicy.dropped` so the host can say why a domain did not work. The result is never looser than
the default plus the well-formed declared origins.

`_meta.ui.permissions` (`camera`, `microphone`, `geolocation`, `clipboardWrite`) becomes the inner
iframe's `allow` attribute and the `Permissions-Policy` header of the view; every other powerful feature
is denied there.

Links: a view's `ui/open-link` opens without the person's confirmation only for the app's trusted link
domains. Salon takes them from `_meta.ui.linkTrustedDomains` (the MCP Apps name in the ext-apps migration
guide), the OpenAI-era `openai/widgetCSP.redirect_domains`, and `openai/widgetDomain` (the app's own site in
ChatGPT). `_meta.ui.domain` is not one: in MCP Apps it asks the host for a stable sandbox origin, which
Salon notes (`ViewPolicy.domain`) but does not grant, since every view shares the one sandbox origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

MAX_SOURCES_PER_DIRECTIVE: Final = 32
_MAX_SOURCE_LENGTH: Final = 255

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_SOURCE = re.compile(
    rf"(?:(?P<scheme>[a-z]+)://)?(?P<wild>\*\.)?(?P<host>{_LABEL}(?:\.{_LABEL})*|\[::1\])"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<path>/[A-Za-z0-9._~%/-]*)?",
    re.IGNORECASE,
)
_LOOPBACK: Final = frozenset({"localhost", "127.0.0.1", "[::1]"})

Use = Literal["resource", "connect", "frame", "base", "link"]
_SECURE_SCHEMES: dict[Use, frozenset[str]] = {
    "resource": frozenset({"https"}),
    "connect": frozenset({"https", "wss"}),
    "frame": frozenset({"https"}),
    "base": frozenset({"https"}),
    "link": frozenset({"https"}),
}
_LOOPBACK_SCHEMES: dict[Use, frozenset[str]] = {
    "resource": frozenset({"http"}),
    "connect": frozenset({"http", "ws"}),
    "frame": frozenset({"http"}),
    "base": frozenset({"http"}),
    "link": frozenset({"http"}),
}

PERMISSIONS: Final[dict[str, str]] = {
    "camera": "camera",
    "microphone": "microphone",
    "geolocation": "geolocation",
    "clipboardWrite": "clipboard-write",
}
"""MCP Apps permission names → the browser's feature names (iframe `allow`, `Permissions-Policy`)."""

_ALWAYS_DENIED: Final = (
    "clipboard-read",
    "display-capture",
    "fullscreen",
    "payment",
    "publickey-credentials-get",
    "usb",
    "serial",
    "hid",
)

BASE_DIRECTIVES: Final = {
    "default-src": ["'none'"],
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:", "blob:"],
    "font-src": ["data:"],
    "media-src": ["data:", "blob:"],
    "connect-src": [],
    "frame-src": [],
    "base-uri": [],
    "form-action": ["'none'"],
    "object-src": ["'none'"],
}
"""The view CSP with nothing declared (an empty list becomes `'none'`)."""

_DIRECTIVES_FOR: dict[str, tuple[str, ...]] = {
    "resource": ("script-src", "style-src", "img-src", "font-src", "media-src"),
    "connect": ("connect-src",),
    "frame": ("frame-src",),
    "base": ("base-uri",),
}


def csp_source(entry: object, use: Use) -> str | None:
    """`entry` as a CSP source expression allowed for `use`, or None when it is malformed or too broad."""
    if not isinstance(entry, str):
        return None
    text = entry.strip()
    if not text or len(text) > _MAX_SOURCE_LENGTH:
        return None
    match = _SOURCE.fullmatch(text)
    if match is None:
        return None
    scheme = (match["scheme"] or "https").lower()
    host = match["host"].lower()
    wild = match["wild"] is not None
    if wild and host.count(".") < 1:
        return None  # `*.com` would open a whole top-level domain
    if host in _LOOPBACK and not wild:
        allowed = _SECURE_SCHEMES[use] | _LOOPBACK_SCHEMES[use]
    else:
        allowed = _SECURE_SCHEMES[use]
    if scheme not in allowed:
        return None
    port = match["port"]
    if port is not None and not 0 < int(port) <= 65535:
        return None
    return f"{scheme}://{'*.' if wild else ''}{host}{f':{int(port)}' if port else ''}{match['path'] or ''}"


def _entries(value: object) -> list[object]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    return []


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class ViewPolicy:
    """What the browser enforces for one view (see the module docstring)."""

    csp: str
    allow: str
    """The inner iframe's `allow` attribute (`"camera; microphone"`), empty when nothing is requested."""
    permissions_policy: str
    prefers_border: bool | None = None
    domain: str | None = None
    """The origin the app asked its views to run on (`ui.domain` / `openai/widgetDomain`); noted only."""
    trusted_link_domains: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """Declared entries that were refused, as `"<key>: <entry>"`."""


def _declared(meta: Mapping[str, Any]) -> dict[Use, list[tuple[str, object]]]:
    ui = _mapping(meta.get("ui"))
    csp = _mapping(ui.get("csp"))
    openai = _mapping(meta.get("openai/widgetCSP"))
    keys: dict[Use, list[tuple[str, object]]] = {
        "resource": [
            ("ui.csp.resourceDomains", csp.get("resourceDomains")),
            ("openai/widgetCSP.resource_domains", openai.get("resource_domains")),
        ],
        "connect": [
            ("ui.csp.connectDomains", csp.get("connectDomains")),
            ("openai/widgetCSP.connect_domains", openai.get("connect_domains")),
        ],
        "frame": [
            ("ui.csp.frameDomains", csp.get("frameDomains")),
            ("openai/widgetCSP.frame_domains", openai.get("frame_domains")),
        ],
        "base": [("ui.csp.baseUriDomains", csp.get("baseUriDomains"))],
    }
    return {
        use: [(key, entry) for key, value in pairs for entry in _entries(value)]
        for use, pairs in keys.items()
    }


def _clean(pairs: Iterable[tuple[str, object]], use: Use, dropped: list[str]) -> list[str]:
    sources: list[str] = []
    for key, entry in pairs:
        source = csp_source(entry, use)
        if source is None:
            dropped.append(f"{key}: {entry!r}"[:300])
        elif source not in sources:
            if len(sources) >= MAX_SOURCES_PER_DIRECTIVE:
                dropped.append(f"{key}: {entry!r} (more than {MAX_SOURCES_PER_DIRECTIVE} domains)"[:300])
            else:
                sources.append(source)
    return sources


def build_csp(meta: Mapping[str, Any] | None, dropped: list[str] | None = None) -> str:
    """The `Content-Security-Policy` header for a view whose resource `_meta` is `meta`."""
    refused = dropped if dropped is not None else []
    directives = {name: list(sources) for name, sources in BASE_DIRECTIVES.items()}
    for use, pairs in _declared(_mapping(meta)).items():
        sources = _clean(pairs, use, refused)
        for directive in _DIRECTIVES_FOR[use]:
            directives[directive].extend(sources)
    return "; ".join(name + " " + " ".join(sources or ["'none'"]) for name, sources in directives.items())


def requested_permissions(meta: Mapping[str, Any] | None) -> list[str]:
    """The browser features the view asked for (`_meta.ui.permissions`), in a stable order."""
    permissions = _mapping(_mapping(_mapping(meta).get("ui")).get("permissions"))
    return [
        feature
        for name, feature in PERMISSIONS.items()
        if name in permissions and permissions[name] is not False
    ]


def permissions_policy(features: Iterable[str]) -> str:
    granted = set(features)
    parts = [f"{feature}={'*' if feature in granted else '()'}" for feature in PERMISSIONS.values()]
    parts.extend(f"{feature}=()" for feature in _ALWAYS_DENIED)
    return ", ".join(parts)


def trusted_link_domains(meta: Mapping[str, Any] | None, dropped: list[str] | None = None) -> list[str]:
    refused = dropped if dropped is not None else []
    meta = _mapping(meta)
    ui = _mapping(meta.get("ui"))
    pairs: list[tuple[str, object]] = [
        *(("ui.linkTrustedDomains", entry) for entry in _entries(ui.get("linkTrustedDomains"))),
        *(
            ("openai/widgetCSP.redirect_domains", entry)
            for entry in _entries(_mapping(meta.get("openai/widgetCSP")).get("redirect_domains"))
        ),
        *(("openai/widgetDomain", entry) for entry in _entries(meta.get("openai/widgetDomain"))),
    ]
    origins: list[str] = []
    for source in _clean(pairs, "link", refused):
        scheme, _, rest = source.partition("://")
        origin = f"{scheme}://{rest.split('/', 1)[0]}"
        if origin not in origins:
            origins.append(origin)
    return origins


def view_policy(meta: Mapping[str, Any] | None) -> ViewPolicy:
    """Everything the browser enforces for a view, from its resource's `_meta`."""
    meta = _mapping(meta)
    ui = _mapping(meta.get("ui"))
    dropped: list[str] = []
    csp = build_csp(meta, dropped)
    features = requested_permissions(meta)
    border = ui.get("prefersBorder", meta.get("openai/widgetPrefersBorder"))
    domain = ui.get("domain", meta.get("openai/widgetDomain"))
    return ViewPolicy(
        csp=csp,
        allow="; ".join(features),
        permissions_policy=permissions_policy(features),
        prefers_border=border if isinstance(border, bool) else None,
        domain=domain if isinstance(domain, str) else None,
        trusted_link_domains=trusted_link_domains(meta, dropped),
        dropped=dropped,
    )


__all__ = [
    "BASE_DIRECTIVES",
    "PERMISSIONS",
    "ViewPolicy",
    "build_csp",
    "csp_source",
    "permissions_policy",
    "requested_permissions",
    "trusted_link_domains",
    "view_policy",
]
