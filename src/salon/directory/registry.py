"""The directory as an MCP Registry (API v0.1), so existing registry clients can list it.

    GET /v0.1/servers                                   ?cursor, limit, search, version, updated_since
    GET /v0.1/servers/{serverName}/versions             every listed version, newest first
    GET /v0.1/servers/{serverName}/versions/{version}   one version, or `latest`

Bodies follow the registry's OpenAPI: a list is `{"servers": [ServerResponse], "metadata":
{"nextCursor", "count"}}`, and a `ServerResponse` is `{"server": <server.json>, "_meta":
{"io.modelcontextprotocol.registry/official": {status, publishedAt, updatedAt, isLatest}}}`. The
`server.json` is the one the developer submitted, with Salon's section under `_meta` (registry clients
ignore what they do not know). A missing server or version is a 404 with `{"error": "..."}`, as the
registry answers.

Listed are published (`active`) and deprecated (`deprecated`) versions. With `updated_since`, yanked
versions are listed too, as `deleted`, so a mirror that syncs incrementally learns to drop them.
Cursors are opaque: the (name, id) the page ended at, base64url-encoded.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from salon.directory.states import VersionState
from salon.errors import ConfigurationError, NotFoundError
from salon.store import Store
from salon.store.directory_records import AppVersion

OFFICIAL = "io.modelcontextprotocol.registry/official"
DEFAULT_LIMIT = 30
MAX_LIMIT = 100
LISTED = (VersionState.PUBLISHED, VersionState.DEPRECATED)
_STATUS = {
    VersionState.PUBLISHED: "active",
    VersionState.DEPRECATED: "deprecated",
    VersionState.YANKED: "deleted",
}


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def server_response(version: AppVersion, *, latest: bool) -> dict[str, Any]:
    official = {
        "status": _STATUS.get(VersionState(version.state), "deleted"),
        "publishedAt": _time(version.published_at or version.created_at),
        "updatedAt": _time(version.updated_at),
        "isLatest": latest,
    }
    return {"server": version.manifest, "_meta": {OFFICIAL: official}}


def encode_cursor(version: AppVersion) -> str:
    raw = json.dumps([version.app, version.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        app, version_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise ConfigurationError(
            "The cursor is not one this registry returned; pass metadata.nextCursor exactly.",
            code="bad_cursor",
        ) from error
    if not isinstance(app, str) or not isinstance(version_id, str):
        raise ConfigurationError("The cursor is not one this registry returned.", code="bad_cursor")
    return app, version_id


def parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise ConfigurationError(
            f"limit must be a whole number from 1 to {MAX_LIMIT}.", code="bad_limit"
        ) from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ConfigurationError(f"limit must be from 1 to {MAX_LIMIT}.", code="bad_limit")
    return limit


def parse_since(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigurationError(
            "updated_since must be an RFC 3339 time, e.g. 2026-01-31T12:00:00Z.", code="bad_updated_since"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def list_servers(
    store: Store,
    *,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    search: str | None = None,
    version: str | None = None,
    updated_since: datetime | None = None,
) -> dict[str, Any]:
    states = [*LISTED, VersionState.YANKED] if updated_since is not None else list(LISTED)
    page = await store.app_versions.listed(
        states,
        latest_only=version == "latest",
        version=version if version not in (None, "", "latest") else None,
        name_contains=search or None,
        updated_since=updated_since,
        after=decode_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    more = len(page) > limit
    page = page[:limit]
    latest = await store.app_versions.latest_ids(LISTED, {v.app for v in page}) if page else set()
    metadata: dict[str, Any] = {"count": len(page)}
    if more:
        metadata["nextCursor"] = encode_cursor(page[-1])
    return {"servers": [server_response(v, latest=v.id in latest) for v in page], "metadata": metadata}


async def _listed_versions(store: Store, name: str) -> list[AppVersion]:
    versions = [v for v in await store.app_versions.for_app(name) if v.state in LISTED]
    if not versions:
        raise NotFoundError("Server not found", code="not_found")
    return sorted(versions, key=lambda v: v.published_at or v.created_at, reverse=True)


async def server_versions(store: Store, name: str) -> dict[str, Any]:
    versions = await _listed_versions(store, name)
    newest = versions[0].id
    return {
        "servers": [server_response(v, latest=v.id == newest) for v in versions],
        "metadata": {"count": len(versions)},
    }


async def server_version(store: Store, name: str, version: str) -> dict[str, Any]:
    versions = await _listed_versions(store, name)
    if version == "latest":
        return server_response(versions[0], latest=True)
    for candidate in versions:
        if candidate.version == version:
            return server_response(candidate, latest=candidate.id == versions[0].id)
    raise NotFoundError("Server version not found", code="not_found")
