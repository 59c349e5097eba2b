"""What the directory's repositories hand back: frozen records, like `records.py` for the host's.

States are plain strings here (the store does not interpret them); `salon.directory.states` owns the
state machine and validates every move before the store writes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Listing(BaseModel):
    """An app in the directory: its registry name (reverse-DNS, `io.example/hotels`) and its owner."""

    model_config = ConfigDict(frozen=True)

    name: str
    owner: str
    reviewing: str | None = None
    """The id of the version in `submitted` or `in_review`, if any (one at a time)."""
    created_at: datetime


class AppVersion(BaseModel):
    """One submitted version of an app."""

    model_config = ConfigDict(frozen=True)

    id: str
    app: str
    version: str
    state: str
    manifest: dict[str, Any]
    """The `server.json` document with the Salon section under `_meta`."""
    server: dict[str, Any]
    """Where the review reaches the live server: `{"url": ...}` or `{"path": ...}` (a local app)."""
    report: dict[str, Any] | None = None
    """The automated review's report (JSON), once it ran."""
    tool_definitions: dict[str, Any] | None = None
    """Tool name → the definition the review fetched (the host's `tool_definition` shape)."""
    fingerprints: dict[str, str] | None = None
    """Tool name → fingerprint; fixed at review, and what the host holds the live server to."""
    reasons: str | None = None
    """The reviewer's reasons for approving or rejecting, shown to the developer."""
    created_at: datetime
    updated_at: datetime
    reviewed_at: datetime | None = None
    published_at: datetime | None = None


class AuditEntry(BaseModel):
    """Who did what to an app version, and when."""

    model_config = ConfigDict(frozen=True)

    id: str
    app: str
    version: str | None = None
    actor: str
    action: str
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None
    at: datetime


class DirectoryInstall(BaseModel):
    """A directory app the person installed, and what they consented to when they did."""

    model_config = ConfigDict(frozen=True)

    app: str
    """The installed app's name in the host (`apps.name`)."""
    listing: str
    version_id: str
    version: str
    data_types: list[str] = Field(default_factory=list)
    """The personal-data types shown on the consent screen and accepted."""
    revoked_tools: list[str] = Field(default_factory=list)
    """Tools the person turned off on the app's permissions page; the host does not offer them."""
    consented_at: datetime
    updated_at: datetime
