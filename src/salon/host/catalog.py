"""The installed apps and their live tools, as one turn needs them.

The catalog joins three things: what the store says is installed (and which tool definitions the
person approved), the live connections to the apps, and the tools each app lists right now. Tool lists
are cached per process for a short while; approvals always come from the store, so several workers
agree on them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from salon.directory.pinning import withheld_tools
from salon.errors import AppError, NotFoundError
from salon.host.connections import AppConnection, AppConnections, AppEndpoint
from salon.host.fingerprint import describe_change, fingerprint, tool_definition
from salon.host.policy import confirmation_reason
from salon.host.tools import ToolSpec
from salon.store import InstalledApp, Store

TOOL_LIST_TTL_S = 30.0


class ToolSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str | None
    description: str
    read_only: bool
    needs_confirmation: bool
    changed: bool
    changes: list[str] = []


class AppSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    transport: str
    url: str | None
    command: list[str] | None
    status: str
    """ready | unavailable | changed | blocked (a directory app's tools withheld; `message` says why)"""
    message: str | None = None
    tools: list[ToolSummary] = []


@dataclass
class _Listing:
    tools: list[ToolSpec]
    fetched_at: float


@dataclass
class LiveTools:
    """The tools of every reachable app for one turn, with the apps that could not be reached."""

    tools: list[ToolSpec] = field(default_factory=list)
    changed: set[tuple[str, str]] = field(default_factory=set)
    failures: list[AppError] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)
    """The apps whose tools were listed (installed, enabled and reachable), in install-name order."""

    def find(self, app: str, tool: str) -> ToolSpec | None:
        for spec in self.tools:
            if spec.app == app and spec.name == tool:
                return spec
        return None


def endpoint_of(installed: InstalledApp) -> AppEndpoint:
    return AppEndpoint(
        name=installed.name,
        transport=installed.transport,
        url=installed.url,
        command=installed.command,
        env=dict(installed.env or {}),
        cwd=installed.cwd,
    )


class AppCatalog:
    def __init__(self, store: Store, connections: AppConnections) -> None:
        self._store = store
        self._connections = connections
        self._listings: dict[str, _Listing] = {}

    async def load(self) -> None:
        """Register every installed app with the connection pool (connections open lazily)."""
        for installed in await self._store.apps.list():
            if installed.name not in self._connections.names():
                self._connections.add(endpoint_of(installed))

    async def install(self, endpoint: AppEndpoint, *, title: str | None = None) -> AppSummary:
        """Connect, list the tools, store the app and approve its current tool definitions."""
        if endpoint.name in self._connections.names():
            self._connections.remove(endpoint.name)
        self._connections.add(endpoint)
        try:
            connection = await self._connections.get(endpoint.name)
            specs = await connection.list_tools()
        except AppError:
            self._connections.remove(endpoint.name)
            raise
        await self._store.apps.upsert(
            InstalledApp(
                name=endpoint.name,
                title=title or endpoint.name.replace("-", " ").replace("_", " ").title(),
                transport=endpoint.transport,
                url=endpoint.url,
                command=list(endpoint.command) if endpoint.command else None,
                env=dict(endpoint.env),
                cwd=endpoint.cwd,
            )
        )
        for existing in await self._store.tool_definitions.list(endpoint.name):
            await self._store.tool_definitions.remove(endpoint.name, existing.tool)
        for spec in specs:
            await self._store.tool_definitions.approve(
                spec.app, spec.name, fingerprint(spec), tool_definition(spec)
            )
        self._listings[endpoint.name] = _Listing(specs, time.monotonic())
        return await self.summary(endpoint.name)

    async def remove(self, name: str) -> None:
        await self._store.apps.get(name)
        await self._store.apps.remove(name)
        if name in self._connections.names():
            self._connections.remove(name)
        self._listings.pop(name, None)

    async def connection(self, app: str) -> AppConnection:
        return await self._connections.get(app)

    async def tools_of(self, app: str, *, refresh: bool = False) -> list[ToolSpec]:
        listing = self._listings.get(app)
        if listing is not None and not refresh and time.monotonic() - listing.fetched_at < TOOL_LIST_TTL_S:
            return listing.tools
        connection = await self._connections.get(app)
        specs = await connection.list_tools()
        self._listings[app] = _Listing(specs, time.monotonic())
        return specs

    def forget_listing(self, app: str) -> None:
        self._listings.pop(app, None)

    async def live_tools(self) -> LiveTools:
        """Every reachable app's tools, marking those whose definition differs from the approved one."""
        live = LiveTools()
        for installed in await self._store.apps.list():
            if not installed.enabled:
                continue
            if installed.name not in self._connections.names():
                self._connections.add(endpoint_of(installed))
            try:
                specs = await self.tools_of(installed.name)
            except AppError as exc:
                live.failures.append(exc)
                continue
            live.listed.append(installed.name)
            approved = {
                d.tool: d.fingerprint for d in await self._store.tool_definitions.list(installed.name)
            }
            # Directory apps: tools the directory did not approve, or the person turned off, are not offered.
            withheld = await withheld_tools(self._store, installed.name, specs)
            for spec in specs:
                if spec.name in withheld:
                    live.failures.append(AppError(spec.app, withheld[spec.name], code="not_approved"))
                    continue
                live.tools.append(spec)
                if approved.get(spec.name) != fingerprint(spec):
                    live.changed.add((spec.app, spec.name))
        return live

    async def approve_change(self, app: str, tool: str) -> None:
        specs = await self.tools_of(app, refresh=True)
        for spec in specs:
            if spec.name == tool:
                await self._store.tool_definitions.approve(
                    app, tool, fingerprint(spec), tool_definition(spec)
                )
                return
        raise NotFoundError(f"The {app} app has no tool named {tool!r} right now.")

    async def summary(self, name: str) -> AppSummary:
        installed = await self._store.apps.get(name)
        base = {
            "name": installed.name,
            "title": installed.title,
            "transport": installed.transport,
            "url": installed.url,
            "command": installed.command,
        }
        try:
            specs = await self.tools_of(name)
        except AppError as exc:
            return AppSummary(**base, status="unavailable", message=exc.message)
        approved = {d.tool: d for d in await self._store.tool_definitions.list(name)}
        tools: list[ToolSummary] = []
        any_changed = False
        for spec in specs:
            record = approved.get(spec.name)
            changed = record is None or record.fingerprint != fingerprint(spec)
            any_changed = any_changed or changed
            granted = await self._store.grants.is_granted(name, spec.name)
            tools.append(
                ToolSummary(
                    name=spec.name,
                    title=spec.title,
                    description=spec.description,
                    read_only=spec.hints.declared_read_only,
                    needs_confirmation=confirmation_reason(spec, always_allowed=granted) is not None,
                    changed=changed,
                    changes=describe_change(record.definition if record else None, tool_definition(spec))
                    if changed
                    else [],
                )
            )
        status = "changed" if any_changed else "ready"
        message = (
            "A tool changed since you installed this app; approve it before it can be used."
            if any_changed
            else None
        )
        withheld = await withheld_tools(self._store, name, specs)
        if withheld:
            status, message = "blocked", next(iter(withheld.values()))
        return AppSummary(**base, status=status, message=message, tools=tools)

    async def summaries(self) -> list[AppSummary]:
        return [await self.summary(installed.name) for installed in await self._store.apps.list()]
