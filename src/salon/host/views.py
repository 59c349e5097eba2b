"""Views: the `ui://` documents tools render into, and what a view may ask of the host.

Resolution. A tool names its view in `_meta.ui.resourceUri` (MCP Apps) or
`_meta["openai/outputTemplate"]` (OpenAI-era). The host reads it from the tool's own app with
`resources/read`; a resource of type `text/html;profile=mcp-app` is an MCP Apps view, one of type
`text/html+skybridge` an OpenAI-era view (served with the `window.openai` shim). Its `_meta.ui` (CSP,
permissions, border, domain) is read from both the content item and the `resources/list` entry, the
content item winning per key. Views are cached per app version — the app's reported version and the
fingerprints of its current tool listing — in memory and in the store (`view_resources`), under an id
derived from (app, uri, version): any worker serves `/views/<id>.html` on the sandbox origin, and a
changed app gets a new id, so a browser never mixes versions. Views are fetched ahead of need when an
app is installed and while the tool call they belong to runs.

Requests. A view acts for its tool call (`call_id`), and only within its app:

- `call_tool`: only a tool of the same app whose visibility includes `app` (`_meta.ui.visibility`,
  default `["model", "app"]`; `openai/widgetAccessible: true` also admits it, `false` excludes it when no
  visibility is given), with arguments valid against its schema, under the turn's policy (see
  `TurnRunner.call_from_view`);
- `read_resource`: any resource of the same app;
- `save_state`: the view's own state for this call, restored when the conversation is reopened;
- `share_with_model`: context for the model's next requests in this conversation (last one wins).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from collections import OrderedDict
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from salon.errors import (
    AppError,
    AppProtocolError,
    ConfigurationError,
    NotFoundError,
    PolicyError,
    SalonError,
)
from salon.host import events
from salon.host.catalog import AppCatalog
from salon.host.connections import AppConnection
from salon.host.fingerprint import fingerprint
from salon.host.tools import ToolSpec, app_meta
from salon.host.turn import TurnRunner
from salon.host.validation import argument_errors
from salon.host.view_policy import ViewPolicy, view_policy
from salon.store import Store, ToolCallRecord, ViewResource

logger = logging.getLogger("salon.host.views")

MCP_APP_MIME: Final = "text/html;profile=mcp-app"
SKYBRIDGE_MIME: Final = "text/html+skybridge"
_LEGACY_MCP_APP_MIMES: Final = frozenset({"text/html+mcp"})
"""Older MCP Apps drafts named the type this way; such servers still exist."""

MAX_VIEW_CHARS: Final = 5 * 1024 * 1024
MAX_STATE_BYTES: Final = 64 * 1024
SANDBOX: Final = "allow-scripts allow-forms"
"""The inner iframe's `sandbox`: scripts and forms, and no `allow-same-origin` (an opaque origin)."""

_MEMORY_CACHE_SIZE: Final = 256

ViewKind = Literal["mcp-app", "skybridge"]


def view_kind(mime_type: str | None) -> ViewKind | None:
    """The kind of view a resource of `mime_type` is, or None when it is not a view."""
    normalised = "".join((mime_type or "").split()).lower()
    if normalised == MCP_APP_MIME or normalised in _LEGACY_MCP_APP_MIMES:
        return "mcp-app"
    if normalised == SKYBRIDGE_MIME:
        return "skybridge"
    return None


def visible_to_app(spec: ToolSpec) -> bool:
    """Whether views may call `spec` (see the module docstring)."""
    ui = spec.meta.get("ui")
    accessible = spec.meta.get("openai/widgetAccessible")
    if isinstance(ui, dict) and isinstance(ui.get("visibility"), list):
        visibility = [str(item) for item in ui["visibility"]]
    elif accessible is False:
        visibility = ["model"]
    else:
        visibility = ["model", "app"]
    return "app" in visibility or accessible is True


def view_id_for(app: str, uri: str, version: str) -> str:
    return hashlib.sha256(f"{app}\n{uri}\n{version}".encode()).hexdigest()[:40]


@dataclass(frozen=True)
class ResolvedView:
    """One version of one view, ready to serve."""

    id: str
    app: str
    uri: str
    version: str
    kind: ViewKind
    html: str
    policy: ViewPolicy

    @classmethod
    def from_resource(cls, resource: ViewResource) -> ResolvedView:
        kind = view_kind(resource.mime_type) or "mcp-app"
        return cls(
            id=resource.id,
            app=resource.app,
            uri=resource.uri,
            version=resource.version,
            kind=kind,
            html=resource.html,
            policy=view_policy(resource.meta),
        )


class ViewInfo(BaseModel):
    """What the page needs to render the view of one tool call (the origins are the web part's)."""

    model_config = ConfigDict(frozen=True)

    call_id: str
    app: str
    tool: str
    resource_uri: str
    kind: ViewKind
    view_id: str
    sandbox: str
    allow: str
    prefers_border: bool | None
    tool_input: dict[str, Any]
    tool_result: dict[str, Any] | None
    """A `CallToolResult` as JSON (`content`, `structuredContent`, `_meta`, `isError`); None until done,
    and for a call that never ran."""
    waiting: bool
    """The call waits for the person's decision (the view shows its input meanwhile)."""
    cancelled: str | None
    """Why the call never ran (declined by the person, or arguments the tool's schema rejected); the
    page sends it to the view as `ui/notifications/tool-cancelled`."""
    state: Any
    trusted_link_domains: list[str]


_NOT_RUN = {
    "denied": "The person declined this action, so it was not run.",
    "invalid": "The call's arguments did not fit the tool, so it was not run.",
}


class ViewCallAnswer(BaseModel):
    """A view's `tools/call`: the result now, or the confirmation the person must give first."""

    model_config = ConfigDict(frozen=True)

    result: dict[str, Any] | None = None
    confirmation: dict[str, Any] | None = None


def call_tool_result(
    text: str | None, structured: Any, meta: dict[str, Any] | None, is_error: bool
) -> dict[str, Any]:
    """A stored outcome as an MCP `CallToolResult` (text content only: that is what the host keeps).

    `_meta` keys the protocol itself stamps (`io.modelcontextprotocol/...`) are the connection's, not
    the app's data, and are left out.
    """
    meta = app_meta(meta)
    result: dict[str, Any] = {
        "content": [{"type": "text", "text": text}] if text else [],
        "isError": is_error,
    }
    if structured is not None:
        result["structuredContent"] = structured
    if meta:
        result["_meta"] = meta
    return result


class ViewCatalog:
    """Finds, fetches and caches views (see the module docstring)."""

    def __init__(self, store: Store, catalog: AppCatalog) -> None:
        self._store = store
        self._catalog = catalog
        self._memory: OrderedDict[str, ResolvedView] = OrderedDict()
        self._fetching: dict[str, asyncio.Future[ResolvedView]] = {}

    async def version(self, app: str) -> str:
        """The app's version as views are cached: what it reports, and its current tool definitions."""
        specs = await self._catalog.tools_of(app)
        connection = await self._catalog.connection(app)
        digest = hashlib.sha256()
        digest.update((connection.server_version or "").encode())
        for print_ in sorted(fingerprint(spec) for spec in specs):
            digest.update(b"\n" + print_.encode())
        return digest.hexdigest()[:32]

    async def resolve(self, app: str, uri: str) -> ResolvedView:
        """The current version of view `uri` of `app`, fetched from the app when not cached.

        When the app cannot be reached, the newest stored version is served (a reloaded conversation
        still shows its views); with none stored, the `AppError` is raised. `AppProtocolError` when the
        resource is not a view (wrong type, not HTML, too large).
        """
        try:
            version = await self.version(app)
        except AppError:
            stored = await self._store.view_resources.find(app, uri)
            if stored is None:
                raise
            return self._remember(ResolvedView.from_resource(stored))
        view_id = view_id_for(app, uri, version)
        cached = await self.by_id(view_id)
        if cached is not None:
            return cached
        pending = self._fetching.get(view_id)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(view_id, app, uri, version))
            self._fetching[view_id] = pending
            pending.add_done_callback(lambda _: self._fetching.pop(view_id, None))
        return await asyncio.shield(pending)

    async def by_id(self, view_id: str) -> ResolvedView | None:
        """A view by id, as the sandbox origin serves it; None when no worker fetched it."""
        view = self._memory.get(view_id)
        if view is not None:
            self._memory.move_to_end(view_id)
            return view
        stored = await self._store.view_resources.get(view_id)
        if stored is None:
            return None
        return self._remember(ResolvedView.from_resource(stored))

    async def prefetch(self, app: str) -> None:
        """Fetch every view the app's tools name; failures are logged, never raised."""
        try:
            uris = sorted({spec.view_uri for spec in await self._catalog.tools_of(app) if spec.view_uri})
        except AppError as exc:
            logger.warning("could not list the %s app's views: %s", app, exc.message)
            return
        for uri in uris:
            await self.prefetch_view(app, uri)

    async def prefetch_view(self, app: str, uri: str) -> None:
        try:
            await self.resolve(app, uri)
        except SalonError as exc:
            logger.warning("could not fetch view %s of the %s app: %s", uri, app, exc.message)

    async def _fetch(self, view_id: str, app: str, uri: str, version: str) -> ResolvedView:
        connection = await self._catalog.connection(app)
        resource = await connection.read_resource(uri)
        kind = view_kind(resource.mime_type)
        if kind is None:
            raise AppProtocolError(
                app,
                f"The {app} app serves {uri} as {resource.mime_type or 'no type'}, which is not a view; a "
                f"view is {MCP_APP_MIME} (or {SKYBRIDGE_MIME} for OpenAI-era apps).",
            )
        if resource.blob is not None or not resource.text.strip():
            raise AppProtocolError(app, f"The {app} app serves {uri} without HTML text.")
        if len(resource.text) > MAX_VIEW_CHARS:
            raise AppProtocolError(
                app, f"The {app} app's view {uri} is larger than {MAX_VIEW_CHARS // (1024 * 1024)} MiB."
            )
        stored = await self._store.view_resources.put(
            view_id,
            app=app,
            uri=uri,
            version=version,
            mime_type=resource.mime_type or MCP_APP_MIME,
            html=resource.text,
            meta=await self._declared_meta(app, connection, uri, resource.meta) or None,
        )
        view = ResolvedView.from_resource(stored)
        for entry in view.policy.dropped:
            logger.warning("view %s of the %s app: dropped malformed declaration %s", uri, app, entry)
        return self._remember(view)

    @staticmethod
    async def _declared_meta(
        app: str, connection: AppConnection, uri: str, read_meta: dict[str, Any]
    ) -> dict[str, Any]:
        """The view's `_meta`, its `ui` object merged from both places an app may declare it: the
        `resources/read` content item and the `resources/list` entry (MCP Apps draft: hosts check both,
        and for each key the content item's value wins). A listing that fails costs only its half."""
        try:
            listed = await connection.listed_meta(uri)
        except AppError as exc:
            logger.warning("could not list the %s app's resources: %s", app, exc.message)
            listed = {}
        listed_ui, read_ui = listed.get("ui"), read_meta.get("ui")
        if not isinstance(listed_ui, dict) or not listed_ui:
            return dict(read_meta)
        merged_ui = {**listed_ui, **read_ui} if isinstance(read_ui, dict) else dict(listed_ui)
        return {**read_meta, "ui": merged_ui}

    def _remember(self, view: ResolvedView) -> ResolvedView:
        self._memory[view.id] = view
        self._memory.move_to_end(view.id)
        while len(self._memory) > _MEMORY_CACHE_SIZE:
            self._memory.popitem(last=False)
        return view


class Views:
    """What the page and a view ask of the host about one tool call's view."""

    def __init__(self, store: Store, catalog: AppCatalog, turns: TurnRunner, views: ViewCatalog) -> None:
        self._store = store
        self._catalog = catalog
        self._turns = turns
        self.catalog = views

    async def _view_call(self, call_id: str) -> ToolCallRecord:
        record = await self._store.tool_calls.get(call_id)
        if not record.view_uri:
            raise NotFoundError(f"Tool call {call_id!r} has no view.")
        return record

    async def preview(self, call_id: str, app: str, tool: str) -> ViewInfo:
        """The view of a call the model is still writing (`call_id` not stored yet): what the page needs
        to open it early, with no input or result yet. Raises `NotFoundError` for a tool without a view
        or one the model may not call."""
        spec = (await self._catalog.live_tools()).find(app, tool)
        if spec is None or not spec.view_uri or not spec.visible_to_model:
            raise NotFoundError(f"The {app} app has no tool {tool!r} with a view.")
        view = await self.catalog.resolve(app, spec.view_uri)
        return ViewInfo(
            call_id=call_id,
            app=app,
            tool=tool,
            resource_uri=view.uri,
            kind=view.kind,
            view_id=view.id,
            sandbox=SANDBOX,
            allow=view.policy.allow,
            prefers_border=view.policy.prefers_border,
            tool_input={},
            tool_result=None,
            waiting=False,
            cancelled=None,
            state=None,
            trusted_link_domains=view.policy.trusted_link_domains,
        )

    async def info(self, call_id: str) -> ViewInfo:
        record = await self._view_call(call_id)
        view = await self.catalog.resolve(record.app, record.view_uri or "")
        state = await self._store.view_states.get(call_id)
        ran = record.status in ("succeeded", "failed")
        cancelled = record.status in ("denied", "invalid")
        return ViewInfo(
            call_id=record.id,
            app=record.app,
            tool=record.tool,
            resource_uri=view.uri,
            kind=view.kind,
            view_id=view.id,
            sandbox=SANDBOX,
            allow=view.policy.allow,
            prefers_border=view.policy.prefers_border,
            tool_input=record.arguments,
            tool_result=call_tool_result(
                record.result_text, record.result_structured, record.result_meta, record.is_error
            )
            if ran
            else None,
            waiting=record.status in ("proposed", "waiting"),
            cancelled=(record.result_text or _NOT_RUN[record.status]) if cancelled else None,
            state=state.state if state is not None else None,
            trusted_link_domains=view.policy.trusted_link_domains,
        )

    async def call_tool(self, call_id: str, name: str, arguments: dict[str, Any]) -> ViewCallAnswer:
        """Call `name` of the view's app for the view (see the module docstring).

        Raises `PolicyError` (`tool_not_allowed`) for a tool of another app or one not visible to
        views, and `ConfigurationError` (`invalid_arguments`) for arguments that break its schema.
        """
        record = await self._view_call(call_id)
        live = await self._catalog.live_tools()
        spec = live.find(record.app, name)
        if spec is None:
            for failure in live.failures:
                if failure.app == record.app:
                    raise failure
            raise PolicyError(
                f"The {record.app} app has no tool named {name!r}; a view can call only its own app's "
                "tools, by their names in that app.",
                code="tool_not_allowed",
            )
        if not visible_to_app(spec):
            raise PolicyError(
                f"The {record.app} app's tool {name!r} is not callable from views (its visibility lacks "
                "'app'); only the model may call it.",
                code="tool_not_allowed",
            )
        problems = argument_errors(spec, arguments)
        if problems:
            raise ConfigurationError(
                f"The arguments for {name!r} do not match its schema, so the call was not sent: "
                + "; ".join(problems),
                code="invalid_arguments",
            )
        changed = (spec.app, spec.name) in live.changed
        answered: events.ToolResult | None = None
        async with aclosing(self._turns.call_from_view(record, spec, arguments, changed=changed)) as stream:
            async for event in stream:
                if isinstance(event, events.ConfirmationRequired):
                    return ViewCallAnswer(confirmation=event.to_wire())
                if isinstance(event, events.ToolResult):
                    # Not returned yet: the rest of the stream is the host's own work on the result (a
                    # checkout it names is fetched from the merchant and stored for the page's card).
                    answered = event
                elif isinstance(event, events.Error) and answered is None:
                    raise AppError(event.app or record.app, event.message, code=event.code)
        if answered is None:
            raise AppProtocolError(record.app, f"The call of {name!r} ended without a result.")
        stored = await self._store.tool_calls.get(answered.call_id)
        return ViewCallAnswer(
            result=call_tool_result(
                stored.result_text, stored.result_structured, stored.result_meta, stored.is_error
            )
        )

    async def read_resource(self, call_id: str, uri: str) -> list[dict[str, Any]]:
        """`resources/read` of the view's own app, as MCP `contents`."""
        record = await self._view_call(call_id)
        connection = await self._catalog.connection(record.app)
        resource = await connection.read_resource(uri)
        item: dict[str, Any] = {"uri": resource.uri}
        if resource.mime_type:
            item["mimeType"] = resource.mime_type
        if resource.blob is not None:
            item["blob"] = base64.b64encode(resource.blob).decode("ascii")
        else:
            item["text"] = resource.text
        if resource.meta:
            item["_meta"] = resource.meta
        return [item]

    async def save_state(self, call_id: str, state: Any) -> None:
        await self._view_call(call_id)
        await self._store.view_states.put(call_id, state)

    async def share_with_model(
        self, call_id: str, content: list[dict[str, Any]] | None, structured: Any
    ) -> None:
        record = await self._view_call(call_id)
        if content is None and structured is None:
            await self._store.model_contexts.clear(record.conversation_id)
            return
        await self._store.model_contexts.put(
            record.conversation_id, app=record.app, call_id=call_id, content=content, structured=structured
        )


__all__ = [
    "MAX_STATE_BYTES",
    "MCP_APP_MIME",
    "SANDBOX",
    "SKYBRIDGE_MIME",
    "ResolvedView",
    "ViewCallAnswer",
    "ViewCatalog",
    "ViewInfo",
    "Views",
    "call_tool_result",
    "view_id_for",
    "view_kind",
    "visible_to_app",
]
