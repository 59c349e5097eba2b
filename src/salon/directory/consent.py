"""Installing a directory app with the person's consent, uninstalling it, and its permissions.

Install is two steps. `consent_screen(listing)` says exactly what the app would receive: the data types
its manifest declares, per tool and why, with its privacy policy. `install(listing, accepted)` then
installs the latest published version only if `accepted` is exactly that set of data types, so a
consent given for one screen cannot install a version that asks for more. The host connects to the
app's server and lists its tools; if they are not the tools the directory reviewed (fingerprints
differ), nothing is installed.

Permissions are per tool: the person can turn a tool off (and on again) on the app's permissions page;
the host then does not offer it (`salon.directory.pinning`). Uninstalling removes the app, its consent
record and its grants.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from salon.directory.listing import AppDetails, DataUse, data_types, declared_data, details, manifest_of
from salon.directory.review_seam import ServerLocation
from salon.directory.states import VersionState
from salon.errors import DirectoryError, NotFoundError
from salon.host.endpoints import AppEndpoint
from salon.store import Store
from salon.store.directory_records import AppVersion, DirectoryInstall

PERSON = "person"
"""The actor the audit log names for what the person does (Salon is one person's host)."""


class AppInstaller(Protocol):
    """What installing needs from the host (`salon.host.runtime.Host` is one)."""

    async def install_app(self, endpoint: AppEndpoint, *, title: str | None = None) -> object: ...

    async def remove_app(self, name: str) -> None: ...


class ConsentScreen(BaseModel):
    model_config = ConfigDict(frozen=True)

    listing: str
    display_name: str
    version: str
    version_id: str
    data_types: list[str]
    data: list[DataUse]
    privacy_policy_url: str


class ToolPermission(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    effect: str
    data_types: list[str]
    enabled: bool


class Permissions(BaseModel):
    model_config = ConfigDict(frozen=True)

    app: str
    listing: str
    version: str
    data_types: list[str]
    consented_at: str
    tools: list[ToolPermission]


def install_name(listing: str) -> str:
    """The short name the host knows a directory app by: the registry name's last part, made safe."""
    tail = listing.rsplit("/", 1)[-1].lower()
    safe = re.sub(r"[^a-z0-9_.-]+", "-", tail).strip("-._").replace("__", "_") or "app"
    return safe[:64]


class DirectoryInstaller:
    def __init__(self, store: Store, host: AppInstaller) -> None:
        self._store = store
        self._host = host

    async def current(self, listing: str) -> AppVersion:
        """The listing's newest published version: what installing it installs."""
        await self._store.listings.get(listing)
        for version in sorted(
            await self._store.app_versions.for_app(listing),
            key=lambda v: v.published_at.timestamp() if v.published_at else 0.0,
            reverse=True,
        ):
            if version.state == VersionState.PUBLISHED:
                return version
        raise DirectoryError(f"{listing} has no published version to install.", code="not_installable")

    async def consent_screen(self, listing: str) -> ConsentScreen:
        version = await self.current(listing)
        manifest = manifest_of(version)
        page: AppDetails = details(version)
        return ConsentScreen(
            listing=listing,
            display_name=page.card.display_name,
            version=version.version,
            version_id=version.id,
            data_types=data_types(manifest),
            data=declared_data(manifest),
            privacy_policy_url=page.privacy_policy_url,
        )

    async def install(
        self, listing: str, *, accepted: Sequence[str], version_id: str | None = None
    ) -> DirectoryInstall:
        """Install the listing's current version, given consent to exactly its declared data types.

        `version_id`, when given, must be the version the consent screen showed; a version published in
        between is refused (`consent_outdated`), and the person is shown the new screen."""
        version = await self.current(listing)
        if version_id is not None and version_id != version.id:
            raise DirectoryError(
                f"A newer version ({version.version}) of {listing} was published after the consent screen "
                "was shown; review what it receives and consent again.",
                code="consent_outdated",
            )
        declared = data_types(manifest_of(version))
        if sorted(set(accepted)) != declared:
            shown = ", ".join(declared) or "no personal data"
            raise DirectoryError(
                f"Installing {listing} needs consent to exactly the data it receives: {shown}.",
                code="consent_mismatch",
            )
        existing = await self._store.installs.of_listing(listing)
        name = existing.app if existing else await self._free_name(listing)
        title = details(version).card.display_name
        server = ServerLocation.model_validate(version.server)
        await self._host.install_app(server.endpoint(name), title=title)
        live = {d.tool: d.fingerprint for d in await self._store.tool_definitions.list(name)}
        if live != (version.fingerprints or {}):
            if existing is None:
                await self._host.remove_app(name)
            raise DirectoryError(
                f"{listing}'s server does not serve the tools the directory reviewed for version "
                f"{version.version}, so it was not installed. The developer must submit a new version.",
                code="server_mismatch",
            )
        install = await self._store.installs.consent(name, listing, version.id, version.version, declared)
        await self._store.audit.record(
            listing,
            PERSON,
            "install",
            version=version.version,
            reason=f"consented to: {', '.join(declared) or 'none'}",
        )
        return install

    async def uninstall(self, app: str) -> None:
        install = await self._store.installs.get(app)
        await self._host.remove_app(app)
        await self._store.audit.record(install.listing, PERSON, "uninstall", version=install.version)

    async def permissions(self, app: str) -> Permissions:
        install = await self._store.installs.get(app)
        version = await self._store.app_versions.get(install.version_id)
        page = details(version)
        return Permissions(
            app=app,
            listing=install.listing,
            version=install.version,
            data_types=install.data_types,
            consented_at=install.consented_at.isoformat(),
            tools=[
                ToolPermission(
                    name=tool.name,
                    title=tool.title,
                    effect=tool.effect,
                    data_types=tool.data_types,
                    enabled=tool.name not in install.revoked_tools,
                )
                for tool in page.tools
            ],
        )

    async def set_tool(self, app: str, tool: str, *, enabled: bool) -> Permissions:
        """Turn one tool of an installed directory app off (revoke) or on again."""
        current = await self.permissions(app)
        if tool not in {t.name for t in current.tools}:
            raise NotFoundError(
                f"{app} has no tool named {tool!r}; its tools are listed on its permissions page."
            )
        install = await self._store.installs.get(app)
        revoked = set(install.revoked_tools)
        if enabled:
            revoked.discard(tool)
        else:
            revoked.add(tool)
        await self._store.installs.set_revoked(app, sorted(revoked))
        await self._store.audit.record(
            install.listing,
            PERSON,
            "allow_tool" if enabled else "revoke_tool",
            version=install.version,
            reason=tool,
        )
        return await self.permissions(app)

    async def installed(self) -> list[DirectoryInstall]:
        return await self._store.installs.list()

    async def _free_name(self, listing: str) -> str:
        base = install_name(listing)
        taken = {app.name for app in await self._store.apps.list()}
        name, n = base, 2
        while name in taken:
            name = f"{base}-{n}"
            n += 1
        return name
