"""Dates, durations, numbers and references read from English requests."""

from __future__ import annotations

from datetime import date

import pytest

from salon.host.models.dates import find_dates, find_durations
from salon.host.models.understanding import concept, find_numbers, find_reference, first_sentence, tokenize

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("December 3", date(2026, 12, 3)),
        ("from dec 3rd", date(2026, 12, 3)),
        ("3 Dec", date(2026, 12, 3)),
        ("the 3rd of December", date(2026, 12, 3)),
        ("March 5", date(2027, 3, 5)),
        ("March 5, 2026", date(2026, 3, 5)),
        ("tomorrow", date(2026, 11, 23)),
        ("the day after tomorrow", date(2026, 11, 24)),
        ("next Friday", date(2026, 11, 27)),
        ("on Sunday", date(2026, 11, 22)),
        ("next Sunday", date(2026, 11, 29)),
        ("in 3 days", date(2026, 11, 25)),
        ("in a week", date(2026, 11, 29)),
        ("this weekend", date(2026, 11, 28)),
    ],
)
def test_dates_resolve_against_today(text: str, expected: date) -> None:
    assert [d.value for d in find_dates(text, TODAY)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Before, each of these was read as the weekday's next date (Thursday 26 November) or not at all.
        ("the first Thursday of December", date(2026, 12, 3)),
        ("the last friday of next month", date(2026, 12, 25)),
        ("the second monday in january", date(2027, 1, 11)),
        ("first sunday of november", date(2027, 11, 7)),
        ("the Thursday after next", date(2026, 12, 3)),
        ("a week from Friday", date(2026, 12, 4)),
        ("arriving on the 3rd", date(2026, 12, 3)),
        ("from the 3rd for 4 nights", date(2026, 12, 3)),
        ("any hotels for new year's eve?", date(2026, 12, 31)),
        ("on Christmas", date(2026, 12, 25)),
        ("new years day", date(2027, 1, 1)),
        ("halloween", date(2027, 10, 31)),
        ("arriving the day after Christmas", date(2026, 12, 26)),
        ("the day before 3 March", date(2027, 3, 2)),
        ("on the 30th", date(2026, 11, 30)),
    ],
)
def test_dates_said_around_a_weekday_or_a_bare_day(text: str, expected: date) -> None:
    assert [d.value for d in find_dates(text, TODAY)] == [expected]


def test_a_bare_ordinal_that_points_at_a_result_is_not_a_date() -> None:
    assert find_dates("book the 3rd one", TODAY) == []
    assert find_dates("go with the one on the 3rd result", TODAY) == []
    assert [d.value for d in find_dates("on the 31st", TODAY, prefer_future=False)] == [date(2026, 10, 31)]


def test_a_backward_looking_date_is_not_rolled_into_next_year() -> None:
    assert find_dates("March 5", TODAY, prefer_future=False)[0].value == date(2026, 3, 5)


def test_impossible_dates_are_ignored() -> None:
    assert find_dates("February 30", TODAY) == []


def test_durations_count_nights_days_and_weeks_but_not_in_n_days() -> None:
    found = find_durations("3 nights, then two weeks, in 5 days")
    assert [(d.days, d.unit) for d in found] == [(3, "night"), (14, "week")]


def test_numbers_are_read_from_digits_and_words() -> None:
    assert [n.value for n in find_numbers("5 miles, three people, 1,200 points, 2.5 kg")] == [5, 3, 1200, 2.5]
    # Before: "half a mile" asked for the amount to convert.
    assert [n.value for n in find_numbers("half a mile, a quarter pound")] == [0.5, 0.25]


@pytest.mark.parametrize(
    ("text", "index", "explicit"),
    [("book the second one", 1, True), ("play #3", 2, True), ("the last", -1, True), ("that one", 0, False)],
)
def test_references_point_into_earlier_results(text: str, index: int, explicit: bool) -> None:
    reference = find_reference(text)
    assert reference is not None
    assert (reference.index, reference.explicit) == (index, explicit)


def test_first_of_a_month_is_a_date_not_a_reference() -> None:
    assert find_reference("arriving the first of December") is None
    # Before, these reserved "first"/"3rd" as pointers, and the booking asked for its date.
    assert find_reference("checking in on the first Thursday of December") is None
    assert find_reference("book the Palácio, arriving on the 3rd") is None
    assert find_reference("from the 3rd for 4 nights") is None
    assert find_reference("cheapest first") is None
    assert find_reference("highest rated first") is None
    assert find_reference("the one on the 3rd result") is not None


def test_synonymous_actions_share_a_concept() -> None:
    assert concept("reserve") == concept("booking") == "book"
    assert concept("look") == concept("searching") == "search"
    assert concept("queued") == concept("play")


def test_identifiers_split_into_words() -> None:
    assert tokenize("hotels__searchHotels") == ["hotels", "search", "hotels"]


def test_first_sentence_stops_at_the_first_full_stop_or_line() -> None:
    assert first_sentence("Found 3 hotels. The best is A.") == "Found 3 hotels."
    assert first_sentence("Queued\nmore text") == "Queued"
