from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from salon.router import FakeEmbedder, Router, RouterIndex, ToolEntry
from salon.router.enrich import synthetic_requests
from salon.router.index import enrichment_texts
from salon.router.request_cache import RequestCache, WrittenRequests
from salon.router.written_requests import FakeRequestWriter

from .conftest import HOTELS, MUSIC, WEATHER

TOOLS = [*HOTELS, *MUSIC, *WEATHER]


def test_each_tool_is_written_for_once_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "requests.jsonl"
    writer = FakeRequestWriter()
    assert RequestCache(path, writer.identity).fill(TOOLS, writer) == len(TOOLS)
    assert writer.written == [t.name for t in TOOLS]

    later = FakeRequestWriter()
    reopened = RequestCache(path, later.identity)
    assert reopened.fill(TOOLS, later) == 0
    assert later.written == []
    assert reopened.get(WEATHER[0]) == FakeRequestWriter().write(WEATHER[0])


def test_a_tool_whose_text_changes_is_written_for_again(tmp_path: Path) -> None:
    writer = FakeRequestWriter()
    cache = RequestCache(tmp_path / "requests.jsonl", writer.identity)
    cache.fill(TOOLS, writer)
    changed = replace(WEATHER[0], description="Get the hourly weather forecast for a town.")
    assert cache.missing([*TOOLS, changed]) == [changed]


def test_requests_of_another_writer_are_not_read_as_this_ones(tmp_path: Path) -> None:
    path = tmp_path / "requests.jsonl"
    writer = FakeRequestWriter()
    RequestCache(path, writer.identity).fill(TOOLS, writer)
    assert RequestCache(path, "another-model/prompt2").get(WEATHER[0]) is None


def test_a_row_cut_off_by_an_interrupted_write_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "requests.jsonl"
    writer = FakeRequestWriter()
    RequestCache(path, writer.identity).fill(WEATHER, writer)
    with path.open("a", encoding="utf-8") as out:
        out.write('{"key": "abc", "requests": ["half a')
    reopened = RequestCache(path, writer.identity)
    assert len(reopened) == 1
    assert reopened.get(WEATHER[0]) is not None


def test_written_requests_join_or_replace_the_templates_only_where_a_tool_has_some(tmp_path: Path) -> None:
    forecast, song = WEATHER[0], MUSIC[0]
    cache = RequestCache(tmp_path / "requests.jsonl", "test-writer")
    cache.put(forecast, ["Should I pack a raincoat for Dublin?"])
    templates = synthetic_requests(forecast.name, forecast.description, forecast.parameters)

    both = enrichment_texts(forecast, written=WrittenRequests(cache))
    assert both == ["Should I pack a raincoat for Dublin?", *templates]
    instead = enrichment_texts(forecast, written=WrittenRequests(cache, replaces_templates=True))
    assert instead == ["Should I pack a raincoat for Dublin?"]
    assert enrichment_texts(
        song, written=WrittenRequests(cache, replaces_templates=True)
    ) == enrichment_texts(song)
    assert enrichment_texts(forecast, synthetic=False) == []


def test_an_empty_answer_from_the_model_leaves_the_templates_in_place(tmp_path: Path) -> None:
    forecast = WEATHER[0]
    cache = RequestCache(tmp_path / "requests.jsonl", "test-writer")
    cache.put(forecast, [])
    assert enrichment_texts(
        forecast, written=WrittenRequests(cache, replaces_templates=True)
    ) == enrichment_texts(forecast)


def test_written_requests_move_a_tool_towards_queries_worded_like_them(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    tool = ToolEntry("get_forecast", "Get the weather forecast for a city.", app="weather")
    cache = RequestCache(tmp_path / "requests.jsonl", "test-writer")
    cache.put(tool, ["Should I pack a raincoat and an umbrella for Dublin?"])
    query = embedder.embed(["do I need an umbrella and a raincoat"])[0]

    scores = []
    for written in (None, WrittenRequests(cache, replaces_templates=True)):
        index = RouterIndex(embedder, written=written)
        index.add_tools([tool, *MUSIC])
        slot = index.slot_of("weather", "get_forecast")
        assert slot is not None
        scores.append(float(index.dense_scores(query)[slot]))
    assert scores[1] > scores[0] + 0.1


def test_reindexing_from_scratch_keeps_the_written_requests(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    tool = ToolEntry("get_forecast", "Get the weather forecast for a city.", app="weather")
    cache = RequestCache(tmp_path / "requests.jsonl", "test-writer")
    cache.put(tool, ["Should I pack a raincoat and an umbrella for Dublin?"])
    query = embedder.embed(["do I need an umbrella and a raincoat"])[0]
    written = WrittenRequests(cache, replaces_templates=True)

    first = Router(embedder, search_index=RouterIndex(embedder, written=written))
    first.index([tool, *MUSIC])
    plain = Router(embedder)
    plain.index([tool, *MUSIC])

    def forecast_score(router: Router) -> float:
        slot = router.search_index.slot_of("weather", "get_forecast")
        assert slot is not None
        return float(router.search_index.dense_scores(query)[slot])

    assert forecast_score(first) > forecast_score(plain) + 0.1
