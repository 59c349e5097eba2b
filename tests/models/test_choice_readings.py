"""Closed choices read from what people write: verbs, indifference, "no fee", levels, languages, zones."""

from __future__ import annotations

from typing import Any

from salon.host.models.choices import indifferent_spans, match_enum, read_flag
from salon.host.models.languages import is_language_property, language_option, option_code
from salon.host.models.option_meaning import option_by_meaning
from salon.host.models.scales import graded_option
from salon.host.models.time_zones import is_time_zone_property, time_zone_option
from salon.host.models.understanding import Span, stem

from .test_options_lists_and_labels import TableEmbedder, always_free, fill

# -- verbs are not options ---------------------------------------------------------------------------

MOVIE_GENRES = ["Action", "Comedy", "Drama", "dontcare"]


def test_a_verb_after_a_name_is_not_read_as_an_option_it_sounds_like() -> None:
    embedder = TableEmbedder({"action": 0, "comedy": 1, "drama": 2}, near={"acts": (0, 0.9)})
    asked = "movies where Zach Woods acts in"
    assert option_by_meaning(asked, MOVIE_GENRES, embedder, free=always_free, context=frozenset()) is None
    asked = "a film she acts in"
    assert option_by_meaning(asked, MOVIE_GENRES, embedder, free=always_free, context=frozenset()) is None
    # The same word as a noun still means the option.
    found = option_by_meaning(
        "films with daring acts", MOVIE_GENRES, embedder, free=always_free, context=frozenset()
    )
    assert found is not None
    assert found.value == "Action"


# -- what the person does not mind -------------------------------------------------------------------

HOTEL = {
    "star_rating": {"type": "string", "enum": ["1", "2", "3", "4", "5", "dontcare"]},
    "smoking_allowed": {"type": "boolean", "description": "Whether smoking is allowed."},
    "free_entry": {"type": "string", "enum": ["True", "False", "dontcare"]},
}


def test_a_flag_mentioned_as_something_the_person_does_not_mind_is_left_out() -> None:
    asked = "Find a hotel. I'm not too concerned about the star rating or whether smoking is allowed."
    args, _ = fill(HOTEL, asked, [])
    assert "smoking_allowed" not in args
    assert fill(HOTEL, "Find a hotel where smoking is allowed.", [])[0]["smoking_allowed"] is True


def test_a_choice_the_person_does_not_care_about_takes_the_no_preference_option() -> None:
    args, _ = fill(HOTEL, "I don't care whether there is free entry.", [])
    assert args["free_entry"] == "dontcare"
    assert fill(HOTEL, "Free entry, and I don't care about stars.", [])[0]["free_entry"] == "True"


def test_indifference_runs_to_the_end_of_its_sentence() -> None:
    text = "I have no preference for the area. Smoking rooms please."
    spans = indifferent_spans(text)
    assert spans == [Span(2, text.index("."))]
    assert indifferent_spans("I'm not interested in horror") == []


# -- flags -------------------------------------------------------------------------------------------


def test_no_entry_fee_asks_for_free_entry() -> None:
    found = read_flag("museums with no entry fee", "free_entry")
    assert found is not None
    assert found.value is True
    assert read_flag("an entry ticket is fine", "free_entry") is None


def test_a_negation_reaches_across_a_list_but_not_across_a_clause() -> None:
    def flag(text: str, name: str) -> bool | None:
        found = read_flag(text, name)
        return None if found is None else bool(found.value)

    assert flag("no garage or in-unit laundry", "in_unit_laundry") is False
    assert flag("I don't need the list of tools", "include_tools") is False
    assert flag("no garage, with in-unit laundry", "in_unit_laundry") is True
    assert flag("I don't know if it has a garage", "has_garage") is True


def test_a_leading_word_every_sibling_flag_shares_does_not_set_one_of_them() -> None:
    assert read_flag("private please", "private_visibility") is not None
    shared = frozenset({stem("cleaning")})
    assert read_flag("someone for cleaning services", "is_cleaning_condo", shared) is None
    found = read_flag("condo cleaning services", "is_cleaning_condo", shared)
    assert found is not None
    assert found.value is True
    props = {
        "is_cleaning_condo": {"type": "boolean", "description": "Condo cleaning."},
        "is_cleaning_home": {"type": "boolean", "description": "Home cleaning."},
    }
    assert fill(props, "someone for cleaning services", [])[0] == {}
    assert fill(props, "home cleaning", [])[0] == {"is_cleaning_home": True}


def test_an_option_in_another_script_is_read_by_its_words() -> None:
    options = ["거실, 에어컨, 실행", "다용도실, 통돌이, 중지"]
    found = match_enum("다용도실 통돌이 중지", options, set())
    assert found is not None
    assert found.value == "다용도실, 통돌이, 중지"


def test_an_option_headed_by_the_tool_s_own_word_is_what_the_tool_finds_not_a_kind_of_it() -> None:
    props = {"category": {"type": "string", "enum": ["Museum", "Park", "Tourist Attraction", "dontcare"]}}
    tool_words = frozenset(stem(w) for w in ("find", "attractions"))
    asked = "a tourist attraction in Philadelphia"
    assert fill(props, asked, [], tool_words=tool_words)[0] == {}
    asked = "a museum in Philadelphia"
    assert fill(props, asked, [], tool_words=tool_words)[0] == {"category": "Museum"}


# -- levels ------------------------------------------------------------------------------------------

LEVELS = ["low", "medium", "high"]


def test_the_property_s_adjective_grades_its_level() -> None:
    def level(text: str) -> Any:
        found = graded_option(text, "urgency_level", LEVELS)
        return None if found is None else found[0]

    assert level("It's quite urgent.") == "high"
    assert level("It's urgent") == "high"
    assert level("somewhat urgent, please") == "medium"
    assert level("it is not very urgent") == "low"
    assert level("an urgency of my own") is None  # the name itself is no grade
    assert graded_option("prior to the meeting", "priority", LEVELS) is None
    assert graded_option("quite urgent", "urgency", ["email", "phone"]) is None


# -- languages ---------------------------------------------------------------------------------------


def test_a_language_named_in_words_takes_the_option_coded_for_it() -> None:
    codes = ["en-US", "es-ES", "zh-CN"]
    found = language_option("read it aloud in Chinese", "language", codes, always_free)
    assert found is not None
    assert found[0] == "zh-CN"
    assert language_option("read it aloud in Chinese", "language", ["English", "Mandarin"], always_free) == (
        "Mandarin",
        Span(17, 24),
    )
    assert language_option("in Danish please", "language", ["en", "fr"], always_free) is None
    assert option_code("jp") == "ja"
    assert option_code("Chinese") == "zh"
    assert option_code("summer") is None


def test_a_target_language_is_the_one_after_to_and_a_source_the_one_after_from() -> None:
    codes = ["en", "es", "de", "it"]
    text = "Translate this from English into Spanish"
    assert language_option(text, "tgt_lang", codes, always_free) == ("es", Span(33, 40))
    assert language_option(text, "src_lang", codes, always_free) == ("en", Span(20, 27))


def test_the_filler_reads_the_language_named_before_a_code_written_as_a_word() -> None:
    props = {"language": {"type": "string", "enum": ["en", "it", "de"]}}
    assert fill(props, "Translate it to German", [])[0] == {"language": "de"}
    assert not is_language_property("cuisine")


# -- time zones --------------------------------------------------------------------------------------

ZONES = ["Asia/Tokyo", "America/New_York", "Europe/London", "UTC"]


def test_a_time_zone_abbreviation_takes_the_option_that_keeps_its_clock() -> None:
    found = time_zone_option("at 4pm EST", ZONES, always_free)
    assert found == ("America/New_York", Span(7, 10))
    found = time_zone_option("9am CET", ["Europe/Berlin", "UTC"], always_free)
    assert found is not None
    assert found[0] == "Europe/Berlin"
    found = time_zone_option("noon GMT", ["Asia/Tokyo", "UTC"], always_free)
    assert found is not None
    assert found[0] == "UTC"
    assert time_zone_option("at 4pm PST", ZONES, always_free) is None


def test_a_city_of_an_option_names_its_zone_and_stays_free_for_the_place() -> None:
    assert time_zone_option("at 9 Tokyo time", ZONES, always_free) == ("Asia/Tokyo", None)
    assert time_zone_option("at 9 tomorrow", ZONES, always_free) is None
    assert is_time_zone_property("time_zone")
    assert is_time_zone_property("timezone")
    assert not is_time_zone_property("zone_name")
