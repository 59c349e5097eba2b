"""`DirectoryServices`: the directory's parts, composed once per web app or CLI command.

It holds the store, the `Directory` (submissions, reviews, decisions), the `DirectorySearch` (search
and browse) and the `DirectoryInstaller` (install with consent, permissions), wires publishing to the
search index, and turns wire input (a manifest, a server location) into models with errors that say
what to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from salon.directory.consent import AppInstaller, DirectoryInstaller
from salon.directory.listing import AppDetails, details
from salon.directory.manifest import AppManifest, load_manifest
from salon.directory.review_seam import Reviewer, ServerLocation
from salon.directory.search import DirectorySearch
from salon.directory.service import Directory
from salon.directory.states import label
from salon.errors import ConfigurationError, SalonError
from salon.router import Embedder, FakeEmbedder, MiniLMEmbedder
from salon.store import Store
from salon.store.directory_records import AppVersion

if TYPE_CHECKING:
    from salon.host.runtime import Host

logger = logging.getLogger("salon.directory")


def default_embedder() -> Embedder:
    """MiniLM when its weights are installed (search by meaning); otherwise the hashing embedder,
    which still matches shared words."""
    try:
        return MiniLMEmbedder()
    except (SalonError, OSError, ImportError) as error:
        logger.warning("directory search falls back to word matching: %s", error)
        return FakeEmbedder()


class DirectoryServices:
    def __init__(
        self,
        store: Store,
        installer_host: AppInstaller,
        *,
        embedder: Embedder | None = None,
        reviewer: Reviewer | None = None,
    ) -> None:
        self.store = store
        self.directory = Directory(store, reviewer=reviewer)
        self.search = DirectorySearch(store, embedder or default_embedder())
        self.installer = DirectoryInstaller(store, installer_host)
        self.directory.on_change(self.search.invalidate)

    @classmethod
    def for_host(cls, host: Host, **options: Any) -> DirectoryServices:
        return cls(host.store, host, **options)

    def load_manifest(self, source: Mapping[str, Any]) -> AppManifest:
        try:
            return load_manifest(source)
        except SalonError as error:
            raise ConfigurationError(error.message, code=error.code) from error

    def location(self, raw: Mapping[str, Any], *, allow_path: bool = False) -> ServerLocation:
        """A submission's server location. Only a URL unless `allow_path`: a local folder means running
        its `server.py` on this machine, which only the operator (the CLI) may ask for."""
        if not allow_path and "path" in raw:
            raise ConfigurationError(
                'Submissions over the API give the server as {"url": "https://…/mcp"}; a local folder '
                "can only be submitted from this machine with `salon app submit PATH`.",
                code="bad_server",
            )
        try:
            return ServerLocation.model_validate(dict(raw))
        except ValidationError as error:
            problems = "; ".join(
                e["msg"].removeprefix("Value error, ") for e in error.errors(include_url=False)
            )
            raise ConfigurationError(
                f"The server location is not usable: {problems}.", code="bad_server"
            ) from None

    def details(self, version: AppVersion) -> AppDetails:
        return details(version)

    def version_json(self, version: AppVersion) -> dict[str, Any]:
        """A version as the publisher and the reviewers see it: state, report, tools, reasons."""
        tools = [
            {"name": name, **definition}
            for name, definition in sorted((version.tool_definitions or {}).items())
        ]
        return {
            "id": version.id,
            "app": version.app,
            "version": version.version,
            "state": version.state,
            "stateLabel": label(version.state),
            "server": version.server,
            "manifest": version.manifest,
            "report": version.report,
            "tools": tools,
            "fingerprints": version.fingerprints,
            "reasons": version.reasons,
            "createdAt": version.created_at.isoformat(),
            "updatedAt": version.updated_at.isoformat(),
            "reviewedAt": version.reviewed_at.isoformat() if version.reviewed_at else None,
            "publishedAt": version.published_at.isoformat() if version.published_at else None,
        }

    async def aclose(self) -> None:
        await self.directory.aclose()
