"""Importing published `server.json` files into the directory.

Each file (or each `*.json` in a folder, or a registry list body `{"servers": [{"server": ...}]}`)
becomes a version of its app, owned by the name's namespace. An imported version is a draft: it has
not been reviewed here, so it is neither listed nor installable until it goes through the same review
as any submission (`submit=True` sends it straight to review). The review reaches the server at its
first streamable-HTTP (or SSE) remote; a server.json with only packages cannot be reviewed and is
reported as skipped. Versions already in the directory are skipped, not overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread

from salon.directory.manifest import load_manifest
from salon.directory.review_seam import ServerLocation
from salon.directory.service import Directory, namespace_of
from salon.errors import ConfigurationError, SalonError


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    """`name version` of each version created (as a draft, or submitted)."""
    skipped: list[str] = field(default_factory=list)
    """`source: why` for each body that was not imported."""


def _bodies(source: Path) -> Iterator[tuple[str, Mapping[str, Any]]]:
    files = sorted(source.glob("*.json")) if source.is_dir() else [source]
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            yield str(file), {"__error__": f"cannot be read as JSON ({error})"}
            continue
        if isinstance(data, dict) and isinstance(data.get("servers"), list):
            for n, item in enumerate(data["servers"]):
                body = item.get("server", item) if isinstance(item, dict) else item
                yield f"{file}#{n}", body if isinstance(body, dict) else {"__error__": "is not an object"}
        elif isinstance(data, dict):
            yield str(file), data.get("server", data) if isinstance(data.get("server"), dict) else data
        else:
            yield str(file), {"__error__": "is not a server.json object"}


def _read_all(source: Path) -> list[tuple[str, Mapping[str, Any]]]:
    if not source.exists():
        raise ConfigurationError(f"{source} does not exist; give a server.json file or a folder of them.")
    return list(_bodies(source))


def remote_of(body: Mapping[str, Any]) -> ServerLocation:
    for remote in body.get("remotes") or []:
        if (
            isinstance(remote, dict)
            and remote.get("type") in ("streamable-http", "sse")
            and remote.get("url")
        ):
            return ServerLocation(url=str(remote["url"]))
    raise ConfigurationError(
        "it has no streamable-http or sse remote, so the review cannot reach its server; "
        "add one under 'remotes'",
        code="no_remote",
    )


async def import_files(directory: Directory, source: Path, *, submit: bool = False) -> ImportReport:
    """Import every server.json at `source` (a file or a folder); see the module docstring."""
    bodies = await anyio.to_thread.run_sync(_read_all, source)
    report = ImportReport()
    store = directory.store
    for where, body in bodies:
        if "__error__" in body:
            report.skipped.append(f"{where}: {body['__error__']}")
            continue
        try:
            manifest = load_manifest(body)
            location = remote_of(body)
            name, version = manifest.server.name, manifest.server.version
            owner = namespace_of(name)
            await store.listings.ensure(name, owner)
            created = await store.app_versions.create(
                name, version, manifest.to_server_json(), location.model_dump(exclude_none=True)
            )
            await store.audit.record(
                name, "import", "import", version=version, to_state=created.state, reason=where
            )
            if submit:
                await directory.submit_version(created.id, actor="import")
            report.imported.append(f"{name} {version}")
        except SalonError as error:
            report.skipped.append(f"{where}: {error.message}")
    return report
