from __future__ import annotations

from pathlib import Path

from salon.host.tools import ToolSpec
from salon.router import FakeEmbedder, Router, ToolEntry
from tests.router.conftest import HOTELS, MUSIC, WEATHER

QUERIES = [
    "find a hotel in Paris",
    "play something by Miles Davis",
    "will it rain tomorrow in Oslo",
    "add this track to my queue",
]


def rankings(router: Router) -> list[list[tuple[str, str | None, float]]]:
    return [[(c.name, c.app, round(c.score, 5)) for c in router.route(q, top_k=5).ranked] for q in QUERIES]


def test_incremental_add_remove_update_ranks_like_a_full_rebuild(embedder: FakeEmbedder) -> None:
    changed_music = [
        ToolEntry("play_song", "Play a song, an album or a playlist by an artist.", app="music"),
        ToolEntry("pause", "Pause what is playing.", app="music"),
    ]
    incremental = Router(embedder)
    incremental.add(HOTELS)
    incremental.add(MUSIC)
    incremental.add(WEATHER)
    incremental.remove("hotels")
    incremental.update("music", changed_music)
    incremental.add(HOTELS)

    rebuilt = Router(embedder)
    rebuilt.index([*changed_music, *WEATHER, *HOTELS])

    assert rankings(incremental) == rankings(rebuilt)


def test_removed_app_never_appears_in_rankings(embedder: FakeEmbedder) -> None:
    router = Router(embedder)
    router.index([*HOTELS, *MUSIC])
    router.remove("hotels")
    ranked = router.route("book a hotel room", top_k=10).ranked
    assert ranked
    assert all(c.app == "music" for c in ranked)


def test_saved_index_loads_back_with_identical_rankings(embedder: FakeEmbedder, tmp_path: Path) -> None:
    router = Router(embedder)
    router.index([*HOTELS, *MUSIC, *WEATHER])
    router.remove("weather")
    router.save(tmp_path / "index")

    loaded = Router.load(tmp_path / "index", FakeEmbedder())

    assert rankings(loaded) == rankings(router)
    assert len(loaded.search_index) == len(HOTELS) + len(MUSIC)


def test_tool_entry_from_host_spec_keeps_app_parameters_and_examples() -> None:
    spec = ToolSpec(
        app="hotels",
        name="search_hotels",
        title="Search hotels",
        description="Find rooms.",
        input_schema={"type": "object", "properties": {"city": {"type": "string"}}},
        meta={"salon/examples": ["any rooms in Rome?"]},
    )
    entry = ToolEntry.from_spec(spec)
    assert entry.app == "hotels"
    assert entry.name == "search_hotels"
    assert "Find rooms." in entry.description
    assert entry.parameters is not None
    assert entry.examples == ("any rooms in Rome?",)


def test_app_first_prefilter_finds_the_same_best_tool_as_a_full_scan(embedder: FakeEmbedder) -> None:
    entries = [*HOTELS, *MUSIC, *WEATHER]
    full = Router(embedder)
    full.index(entries)
    prefiltered = Router(embedder, prefilter_tools=2)
    prefiltered.index(entries)
    for query in QUERIES:
        assert prefiltered.route(query).ranked[0] == full.route(query).ranked[0]
