"""`SalonApp`: an app is an MCP server whose tools state their hints and may show views.

The app collects declarations first and builds the underlying `mcp` `MCPServer` once, the first time it
is needed (`app.mcp`, `app.http_app()`, `app.run()`, or a test client). Building late lets tools and views
be declared in any order in a module, and lets the build check what can only be checked whole: that
every `view=` a tool names is a registered view. After the build the declarations are frozen; anything
the SDK has no API for (prompts, plain resources, completions) is added on `app.mcp` directly.

    app = SalonApp("hotels", title="Hotels", description="Find and book hotels.", version="1.0.0")

    @app.tool(read_only=True, destructive=False, open_world=False, view="ui://hotels/results.html")
    def search_hotels(city: str) -> ToolResult:
        \"\"\"Search hotels in a city.\"\"\"
        return ToolResult(text="Found 12 hotels", data={"hotels": [...]})

    app.add_view("ui://hotels/results.html", html=RESULTS_HTML)

    if __name__ == "__main__":
        app.run()           # stdio; `--transport http --port 8000` serves Streamable HTTP at /mcp
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from mcp.server.apps import Apps
from mcp.server.extension import Extension
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette

from salon.errors import ConfigurationError, ToolDefinitionError
from salon.sdk import serving
from salon.sdk.tools import ToolSpec, Visibility
from salon.sdk.views import ViewCsp, ViewPermissions, ViewSpec

if TYPE_CHECKING:
    from salon.sdk.widgets import View

_F = TypeVar("_F", bound=Callable[..., Any])


class SalonApp:
    """An app for Salon (and any MCP host): tools with required hints, `ui://` views, one server."""

    def __init__(
        self,
        name: str,
        *,
        title: str | None = None,
        description: str | None = None,
        version: str = "0.1.0",
        instructions: str | None = None,
    ) -> None:
        if not isinstance(name, str) or not name.strip():
            raise ConfigurationError("SalonApp needs a name, e.g. SalonApp('hotels', title='Hotels').")
        self.name = name
        self.title = title
        self.description = description
        self.version = version
        self.instructions = instructions
        self._tools: dict[str, ToolSpec] = {}
        self._views: dict[str, ViewSpec] = {}
        self._widget_tools: dict[str, set[str]] = {}
        self._server: MCPServer[Any] | None = None

    def __repr__(self) -> str:
        return f"SalonApp({self.name!r}, tools={list(self._tools)}, views={list(self._views)})"

    @property
    def tools(self) -> Mapping[str, ToolSpec]:
        """The declared tools by name, in declaration order."""
        return dict(self._tools)

    @property
    def views(self) -> Mapping[str, ViewSpec]:
        """The declared views by URI, in declaration order."""
        return dict(self._views)

    def tool(
        self,
        fn: Callable[..., Any] | None = None,
        *,
        read_only: bool | None = None,
        destructive: bool | None = None,
        open_world: bool | None = None,
        idempotent: bool | None = None,
        title: str | None = None,
        activity: str | None = None,
        view: str | None = None,
        visibility: Sequence[Visibility] | None = None,
        meta: Mapping[str, Any] | None = None,
        name: str | None = None,
        description: str | None = None,
    ) -> Callable[[_F], _F]:
        """Declare a tool. `read_only`, `destructive` and `open_world` are required.

        The description defaults to the function's docstring; parameters become the input schema
        (`Annotated[str, Field(description=...)]` documents one). `activity` is a short status line for
        hosts (`_meta["salon/activity"]`), `view` the `ui://` view that renders the result,
        `visibility=["app"]` keeps the tool away from the model. Returns the function unchanged.
        """
        if fn is not None:
            label = getattr(fn, "__name__", repr(fn))
            raise ToolDefinitionError(
                f"@app.tool was used without arguments on {label!r}; write "
                f"@app.tool(read_only=..., destructive=..., open_world=...) so the tool states its hints."
            )

        def register(func: _F) -> _F:
            spec = ToolSpec.declare(
                func,
                read_only=read_only,
                destructive=destructive,
                open_world=open_world,
                idempotent=idempotent,
                title=title,
                activity=activity,
                view=view,
                visibility=visibility,
                meta=meta,
                name=name,
                description=description,
            )
            self._ensure_open(f"tool {spec.name!r}")
            if spec.name in self._tools:
                raise ToolDefinitionError(
                    f"App {self.name!r} already has a tool named {spec.name!r}; rename the function or pass "
                    f"name='...' to @app.tool(...)."
                )
            self._tools[spec.name] = spec
            return func

        return register

    def add_view(
        self,
        uri: str,
        *,
        html: str,
        title: str | None = None,
        description: str | None = None,
        csp: ViewCsp | Mapping[str, Any] | None = None,
        permissions: ViewPermissions | Mapping[str, Any] | None = None,
        prefers_border: bool | None = None,
        domain: str | None = None,
    ) -> None:
        """Register a `ui://` view (served as `text/html;profile=mcp-app`) that tools can name in `view=`."""
        spec = ViewSpec.declare(
            uri,
            html=html,
            title=title,
            description=description,
            csp=csp,
            permissions=permissions,
            prefers_border=prefers_border,
            domain=domain,
        )
        self._ensure_open(f"view {uri!r}")
        if uri in self._views:
            raise ConfigurationError(
                f"App {self.name!r} already has a view {uri!r}; each view URI is added once."
            )
        self._views[uri] = spec

    def add_widget(
        self,
        uri: str,
        view: View,
        *,
        title: str | None = None,
        description: str | None = None,
        csp: ViewCsp | Mapping[str, Any] | None = None,
        permissions: ViewPermissions | Mapping[str, Any] | None = None,
        prefers_border: bool | None = None,
        domain: str | None = None,
    ) -> None:
        """Register a widget-kit `View` as a `ui://` view: its rendered document, with a declared CSP.

        The CSP is always declared: empty domain lists when the view loads nothing external, which is what
        the kit's views need; give `csp=ViewCsp(resource_domains=[...])` to let images load from those
        origins (the view draws a placeholder for any other image). When the server is built, every tool
        the view's buttons and forms call must exist and be callable by views.
        """
        declared = ViewSpec.declare(uri, html="<!-- checked below -->", csp=csp).csp or ViewCsp()
        full = ViewCsp(
            connect_domains=list(declared.connect_domains or []),
            resource_domains=list(declared.resource_domains or []),
            frame_domains=list(declared.frame_domains or []),
            base_uri_domains=list(declared.base_uri_domains or []),
        )
        html = view.render(
            app_name=self.name, app_version=self.version, resource_domains=full.resource_domains or []
        )
        self.add_view(
            uri,
            html=html,
            title=title or view.title,
            description=description,
            csp=full,
            permissions=permissions,
            prefers_border=prefers_border,
            domain=domain,
        )
        self._widget_tools[uri] = view.tools()

    @property
    def mcp(self) -> MCPServer[Any]:
        """The underlying `mcp` server, built on first use (with the MCP Apps extension when views exist)."""
        if self._server is None:
            self._server = self._build()
        return self._server

    def http_app(
        self,
        *,
        path: str = "/mcp",
        host: str = "127.0.0.1",
        json_response: bool = False,
        transport_security: TransportSecuritySettings | None = None,
    ) -> Starlette:
        """An ASGI app serving this app over Streamable HTTP at `path`, for both protocol eras.

        Requests that carry a 2026-07-28 `Mcp-Protocol-Version` are served statelessly; the 2025-era
        initialize handshake gets a session. `host` is the address the server binds: on a loopback
        address, Host/Origin checks against DNS rebinding are on unless `transport_security` says
        otherwise. The returned app owns its session manager in its lifespan and serves one run.
        """
        return serving.http_app(
            self.mcp, path=path, host=host, json_response=json_response, transport_security=transport_security
        )

    def run(self, argv: Sequence[str] | None = None) -> None:
        """Command-line entry: stdio by default, `--transport http --host H --port P` for HTTP."""
        serving.run(self, argv)

    def _ensure_open(self, what: str) -> None:
        if self._server is not None:
            raise ConfigurationError(
                f"Cannot add {what} to app {self.name!r}: its server was already built (app.mcp, http_app(), "
                f"run() or a test client used it). Declare every tool and view before that."
            )

    def _build(self) -> MCPServer[Any]:
        for spec in self._tools.values():
            if spec.view is not None and spec.view not in self._views:
                known = ", ".join(repr(uri) for uri in self._views) or "none"
                raise ToolDefinitionError(
                    f"Tool {spec.name!r} shows view {spec.view!r}, but app {self.name!r} has no such view "
                    f"(registered: {known}). Add app.add_view({spec.view!r}, html=...) or fix view= on "
                    f"the tool."
                )
        self._check_widget_tools()
        extensions: list[Extension] = []
        if self._views:
            apps = Apps()
            for view in self._views.values():
                view.add_to(apps)
            extensions.append(apps)
        server: MCPServer[Any] = MCPServer(
            self.name,
            title=self.title,
            description=self.description,
            instructions=self.instructions,
            version=self.version,
            extensions=extensions,
        )
        for spec in self._tools.values():
            server.add_tool(
                spec.handler(),
                name=spec.name,
                title=spec.title,
                description=spec.description,
                annotations=spec.annotations,
                meta=dict(spec.meta) if spec.meta is not None else None,
            )
        return server

    def _check_widget_tools(self) -> None:
        for uri, names in self._widget_tools.items():
            for name in sorted(names):
                spec = self._tools.get(name)
                if spec is None:
                    known = ", ".join(repr(tool) for tool in self._tools) or "none"
                    raise ToolDefinitionError(
                        f"View {uri!r} has a button or form calling tool {name!r}, but app {self.name!r} has "
                        f"no such tool (declared: {known}). Declare it with @app.tool(...) or fix tool= in "
                        f"the view."
                    )
                ui = (spec.meta or {}).get("ui", {})
                visibility = ui.get("visibility") if isinstance(ui, Mapping) else None
                if visibility is not None and "app" not in visibility:
                    raise ToolDefinitionError(
                        f"View {uri!r} calls tool {name!r}, whose visibility={list(visibility)!r} keeps it "
                        f"from views; add 'app' to its visibility (e.g. visibility=['model', 'app'])."
                    )


__all__ = ["SalonApp"]
