"""The directory's persisted search index: one row per entry of an app version, replaced in place,
written in bounded transactions, skipped for versions that do not exist."""

from __future__ import annotations

import numpy as np

from salon.store import Store
from salon.store.router_index import IndexedEntry

MANIFEST = {"name": "io.example/hotels", "version": "1.0.0", "description": "Find hotels"}


async def _version(store: Store, version: str) -> str:
    await store.listings.ensure("io.example/hotels", "alice")
    manifest = {**MANIFEST, "version": version}
    return (await store.app_versions.create("io.example/hotels", version, manifest, {"url": "x"})).id


def row(version_id: str, entry: str, digest: str = "d1", seed: int = 0) -> IndexedEntry:
    vector = np.arange(seed, seed + 8, dtype=np.float32)
    return IndexedEntry(
        version_id=version_id, entry=entry, digest=digest, embedder="fake-hash-8", vector=vector.tobytes()
    )


async def test_rows_read_back_by_version_with_their_vectors_intact(store: Store) -> None:
    first, second = await _version(store, "1.0.0"), await _version(store, "1.1.0")
    assert await store.directory_index.put([row(first, "search"), row(first, "book", seed=3)]) == 2
    await store.directory_index.put([row(second, "search", seed=5)])
    found = await store.directory_index.for_versions([first, second, "f" * 32])
    assert set(found) == {first, second}
    assert [r.entry for r in found[first]] == ["book", "search"]
    book = found[first][0]
    assert book.indexed_at is not None
    assert np.frombuffer(book.vector, dtype=np.float32).tolist() == list(range(3, 11))
    assert await store.directory_index.for_versions([]) == {}


async def test_putting_an_entry_again_replaces_its_row(store: Store) -> None:
    version_id = await _version(store, "1.0.0")
    await store.directory_index.put([row(version_id, "search", "old")])
    await store.directory_index.put([row(version_id, "search", "new", seed=1)])
    (only,) = (await store.directory_index.for_versions([version_id]))[version_id]
    assert only.digest == "new"
    assert np.frombuffer(only.vector, dtype=np.float32)[0] == 1.0


async def test_rows_of_a_version_that_does_not_exist_are_skipped(store: Store) -> None:
    version_id = await _version(store, "1.0.0")
    written = await store.directory_index.put([row("0" * 32, "search"), row(version_id, "search")])
    assert written == 1
    assert list(await store.directory_index.for_versions(["0" * 32, version_id])) == [version_id]


async def test_more_rows_and_versions_than_one_statement_takes_are_all_written_and_read(store: Store) -> None:
    versions = [await _version(store, f"1.{n}.0") for n in range(2)]
    rows = [row(version_id, f"tool_{n:04}") for version_id in versions for n in range(700)]
    assert await store.directory_index.put(rows) == 1400
    strangers = [f"{n:032x}" for n in range(600)]
    found = await store.directory_index.for_versions([*strangers, *versions])
    assert {version_id: len(found[version_id]) for version_id in versions} == dict.fromkeys(versions, 700)
