"""The directory's repositories on SQLite and PostgreSQL: listings, versions, audit, installs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from salon.errors import DirectoryError, NotFoundError
from salon.store import InstalledApp, Store

MANIFEST = {"name": "io.example/hotels", "version": "1.0.0", "description": "Find hotels"}
SERVER = {"url": "http://127.0.0.1:9/mcp"}


async def _version(store: Store, version: str = "1.0.0", app: str = "io.example/hotels") -> str:
    await store.listings.ensure(app, "alice")
    created = await store.app_versions.create(app, version, {**MANIFEST, "version": version}, SERVER)
    return created.id


async def test_a_listing_belongs_to_its_first_owner(store: Store) -> None:
    await store.listings.ensure("io.example/hotels", "alice")
    assert (await store.listings.ensure("io.example/hotels", "alice")).owner == "alice"
    with pytest.raises(DirectoryError) as caught:
        await store.listings.ensure("io.example/hotels", "mallory")
    assert caught.value.code == "not_owner"


async def test_the_same_version_cannot_be_created_twice(store: Store) -> None:
    await _version(store)
    with pytest.raises(DirectoryError) as caught:
        await _version(store)
    assert caught.value.code == "version_exists"


async def test_a_move_from_a_stale_state_is_refused_with_the_current_state(store: Store) -> None:
    version_id = await _version(store)
    moved = await store.app_versions.move(version_id, "draft", "submitted", claim=True)
    assert moved.state == "submitted"
    with pytest.raises(DirectoryError) as caught:
        await store.app_versions.move(version_id, "draft", "submitted")
    assert caught.value.code == "state_changed"
    assert "submitted" in caught.value.message


async def test_only_one_version_of_an_app_holds_the_review_slot(store: Store) -> None:
    first = await _version(store, "1.0.0")
    second = await _version(store, "1.1.0")
    await store.app_versions.move(first, "draft", "submitted", claim=True)
    with pytest.raises(DirectoryError) as caught:
        await store.app_versions.move(second, "draft", "submitted", claim=True)
    assert caught.value.code == "review_in_progress"
    assert "1.0.0" in caught.value.message
    # The refused move was rolled back with the claim.
    assert (await store.app_versions.get(second)).state == "draft"
    await store.app_versions.move(first, "submitted", "in_review")
    await store.app_versions.move(first, "in_review", "rejected", release=True, reasons="no privacy policy")
    assert (await store.app_versions.move(second, "draft", "submitted", claim=True)).state == "submitted"
    assert (await store.listings.get("io.example/hotels")).reviewing == second


async def test_concurrent_submissions_leave_exactly_one_in_review(store: Store) -> None:
    ids = [await _version(store, f"1.{n}.0") for n in range(4)]

    async def submit(version_id: str) -> bool:
        try:
            await store.app_versions.move(version_id, "draft", "submitted", claim=True)
        except DirectoryError:
            return False
        return True

    results = await asyncio.gather(*(submit(version_id) for version_id in ids))
    assert sum(results) == 1
    states = [(await store.app_versions.get(version_id)).state for version_id in ids]
    assert states.count("submitted") == 1


async def test_a_submitted_version_can_no_longer_be_replaced(store: Store) -> None:
    version_id = await _version(store)
    changed = await store.app_versions.replace(version_id, {**MANIFEST, "description": "New"}, SERVER)
    assert changed.manifest["description"] == "New"
    await store.app_versions.move(version_id, "draft", "submitted", claim=True)
    with pytest.raises(DirectoryError) as caught:
        await store.app_versions.replace(version_id, MANIFEST, SERVER)
    assert caught.value.code == "version_immutable"


async def test_listed_versions_page_by_app_and_mark_the_latest(store: Store) -> None:
    for app in ("io.example/a", "io.example/b", "io.example/c"):
        for version in ("1.0.0", "2.0.0"):
            version_id = await _version(store, version, app)
            await store.app_versions.move(version_id, "draft", "published", published_at=datetime.now(UTC))
    everything = await store.app_versions.listed(["published"])
    assert [v.app for v in everything] == ["io.example/a"] * 2 + ["io.example/b"] * 2 + ["io.example/c"] * 2
    latest = await store.app_versions.listed(["published"], latest_only=True)
    assert [(v.app, v.version) for v in latest] == [
        ("io.example/a", "2.0.0"),
        ("io.example/b", "2.0.0"),
        ("io.example/c", "2.0.0"),
    ]
    page = await store.app_versions.listed(
        ["published"], after=(everything[1].app, everything[1].id), limit=2
    )
    assert page == everything[2:4]
    assert [v.app for v in await store.app_versions.listed(["published"], name_contains="B")] == [
        "io.example/b",
        "io.example/b",
    ]


async def test_the_audit_log_lists_newest_first(store: Store) -> None:
    await store.audit.record("io.example/hotels", "alice", "submit", version="1.0.0", to_state="submitted")
    await store.audit.record(
        "io.example/hotels", "reviewer", "reject", from_state="in_review", to_state="rejected", reason="x"
    )
    await store.audit.record("io.example/music", "bob", "submit")
    entries = await store.audit.list(app="io.example/hotels")
    assert [entry.action for entry in entries] == ["reject", "submit"]
    assert entries[0].reason == "x"
    assert len(await store.audit.list()) == 3


async def test_consent_is_deleted_with_the_installed_app(store: Store) -> None:
    version_id = await _version(store)
    await store.apps.upsert(InstalledApp(name="hotels", title="Hotels", url="http://127.0.0.1:9/mcp"))
    install = await store.installs.consent(
        "hotels", "io.example/hotels", version_id, "1.0.0", ["name", "email"]
    )
    assert install.data_types == ["email", "name"]
    revoked = await store.installs.set_revoked("hotels", ["book_hotel"])
    assert revoked.revoked_tools == ["book_hotel"]
    renewed = await store.installs.consent("hotels", "io.example/hotels", version_id, "1.0.0", ["name"])
    assert renewed.revoked_tools == ["book_hotel"]
    await store.apps.remove("hotels")
    assert await store.installs.find("hotels") is None
    with pytest.raises(NotFoundError):
        await store.installs.consent("hotels", "io.example/hotels", version_id, "1.0.0", [])
