"""A request that needs an id first ("play Bohemian Rhapsody") is searched for, then done with the
result it names, or with the one the person picks; values in earlier results fill later calls."""

from __future__ import annotations

from datetime import UTC, datetime

from salon.host.models import ChatMessage, ProposedCall
from salon.host.models.arguments import FillContext, fill_arguments
from tests.models.test_asking_words import GET_BOOKING
from tests.models.test_embedded import ALL, BOOK_HOTEL, step, tool
from tests.models.test_later_steps import answered

MUSIC = ALL
TRACKS = {
    "tracks": [
        {"track_id": "t-1", "title": "Bohemian Rhapsody (Live Aid)"},
        {"track_id": "t-2", "title": "Bohemian Rhapsody"},
        {"track_id": "t-3", "title": "Rhapsody in Blue"},
    ]
}
BOOK_FOR_GUEST = tool(
    "hotels__book_hotel",
    "Book a room at a hotel for a guest.",
    {"hotel_id": {"type": "string"}, "guest_name": {"type": "string", "description": "Name of the guest"}},
    ["hotel_id", "guest_name"],
    ro=False,
)
WITH_GUESTS = [BOOK_FOR_GUEST if t is BOOK_HOTEL else t for t in ALL]
WITH_CHECKOUT = [
    *ALL,
    tool(
        "shop__start_checkout",
        "Start buying a product: opens a checkout with the shop for the product.",
        {"product_id": {"type": "string", "description": "Product id from search_products"}},
        ["product_id"],
        ro=False,
    ),
]
PRODUCTS = {"products": [{"id": "p-1", "title": "Atlas 10K"}, {"id": "p-2", "title": "Horizon 5K"}]}
HOTELS = {"hotels": [{"id": "h-1", "name": "Silver Orchard Inn"}, {"id": "h-2", "name": "Lantern House"}]}


async def after_hotel_search(asked: str, tools: list) -> list[ChatMessage]:
    """The conversation once `asked` has searched hotels, found HOTELS and said so."""
    history = [ChatMessage(role="user", content=asked)]
    _, found = await step(history, tools)
    assert [c.name for c in found] == ["hotels__search_hotels"]
    return [*answered(history, found, HOTELS), ChatMessage(role="assistant", content="Found 2 hotels.")]


async def search_first(asked: str, tools: list) -> tuple[list[ChatMessage], list[ProposedCall]]:
    history = [ChatMessage(role="user", content=asked)]
    _, calls = await step(history, tools)
    return history, calls


async def test_the_result_the_request_names_is_acted_on_once_found() -> None:
    history, found = await search_first("play Bohemian Rhapsody", MUSIC)
    assert [(c.name, c.arguments) for c in found] == [
        ("music__search_tracks", {"query": "Bohemian Rhapsody"})
    ]
    text, calls = await step(answered(history, found, TRACKS), MUSIC)
    # Before: the search's answer only, and the person had to say "play the second one".
    assert text == "music__search_tracks answered."
    assert [(c.name, c.arguments) for c in calls] == [("music__play_track", {"track_id": "t-2"})]


async def test_with_no_result_named_the_person_is_asked_which_and_their_pick_is_acted_on() -> None:
    history, found = await search_first("play a jazz track", MUSIC)
    assert [c.name for c in found] == ["music__search_tracks"]
    history = answered(history, found, TRACKS)
    text, calls = await step(history, MUSIC)
    assert calls == []
    assert text.startswith("music__search_tracks answered. Which one would you like? There are 3")
    history = [*history, ChatMessage(role="assistant", content=text)]
    _, calls = await step([*history, ChatMessage(role="user", content="the third one")], MUSIC)
    assert [(c.name, c.arguments) for c in calls] == [("music__play_track", {"track_id": "t-3"})]


async def test_where_any_will_do_the_best_found_is_acted_on_but_not_for_spending() -> None:
    # Before, "play some jazz" asked which of the tracks found to play.
    history, found = await search_first("play some jazz", MUSIC)
    _, calls = await step(answered(history, found, TRACKS), MUSIC)
    assert [(c.name, c.arguments) for c in calls] == [("music__play_track", {"track_id": "t-1"})]
    history, found = await search_first("buy some power bank under 50 dollars", WITH_CHECKOUT)
    assert [c.name for c in found] == ["shop__search_products"]
    text, calls = await step(answered(history, found, PRODUCTS), WITH_CHECKOUT)
    assert calls == []
    assert "Which one would you like? There are 2" in text


async def test_one_of_them_after_a_search_asks_which() -> None:
    history = await after_hotel_search("find hotels in Melbourne for 3 nights from December 3", ALL)
    text, calls = await step([*history, ChatMessage(role="user", content="book one of them")], ALL)
    # Before: "I can book hotel once we have picked one — try asking me to search hotels first."
    assert calls == []
    assert text.startswith("Which one would you like? There are 2")


async def test_a_search_asked_for_itself_ends_with_its_answer() -> None:
    history, found = await search_first("search for Bohemian Rhapsody", MUSIC)
    text, calls = await step(answered(history, found, TRACKS), MUSIC)
    assert (text, calls) == ("music__search_tracks answered.", [])


async def test_a_named_result_is_no_argument_value_and_what_is_missing_is_asked_for() -> None:
    history = await after_hotel_search("find hotels in Melbourne for 3 nights from December 3", WITH_GUESTS)
    history = [*history, ChatMessage(role="user", content="book the Silver Orchard Inn")]
    text, calls = await step(history, WITH_GUESTS)
    assert calls == []  # the hotel's name is not the guest's
    assert "name of the guest" in text
    history = [
        *history,
        ChatMessage(role="assistant", content=text),
        ChatMessage(role="user", content="Ana Silva"),
    ]
    _, calls = await step(history, WITH_GUESTS)
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__book_hotel", {"hotel_id": "h-1", "guest_name": "Ana Silva"})
    ]


async def test_a_value_an_earlier_result_gave_fills_a_later_call_that_needs_it() -> None:
    booked = {"booking": {"reference": "BK-7F3K9Q", "status": "confirmed", "nights": 2}}
    history = [ChatMessage(role="user", content="book the first one for Ana Silva")]
    made = [ProposedCall(id="c1", name="hotels__book_hotel", arguments={"hotel_id": "h-1"})]
    history = [*answered(history, made, booked), ChatMessage(role="assistant", content="Booked.")]
    history = [*history, ChatMessage(role="user", content="show my booking")]
    _, calls = await step(history, [*ALL, GET_BOOKING])
    assert [(c.name, c.arguments) for c in calls] == [("hotels__get_booking", {"reference": "BK-7F3K9Q"})]


async def test_never_mind_or_a_question_back_is_no_answer_to_the_question() -> None:
    history = await after_hotel_search("find hotels in Melbourne for 3 nights from December 3", WITH_GUESTS)
    history = [*history, ChatMessage(role="user", content="book the Silver Orchard Inn")]
    text, _ = await step(history, WITH_GUESTS)
    for reply in ("never mind", "why do you need it?"):
        turn = [
            *history,
            ChatMessage(role="assistant", content=text),
            ChatMessage(role="user", content=reply),
        ]
        _, calls = await step(turn, WITH_GUESTS)
        assert calls == [], reply


async def test_there_is_the_place_the_conversation_named_last_whatever_the_app() -> None:
    history = await after_hotel_search("find hotels in Lisbon for 3 nights from January 10", ALL)
    history = [*history, ChatMessage(role="user", content="convert 10 km to miles there")]
    # "there" names no unit; a city property of another app would take Lisbon.
    _, calls = await step(history, ALL)
    assert [c.arguments for c in calls] == [{"value": 10.0, "from_unit": "km", "to_unit": "miles"}]
    city_time = tool(
        "units__time_in",
        "Tell the current local time in a city.",
        {"city": {"type": "string", "description": "A city name"}},
        ["city"],
        ro=True,
    )
    history[-1] = ChatMessage(role="user", content="what time is it there?")
    _, calls = await step(history, [*ALL, city_time])
    assert [(c.name, c.arguments) for c in calls] == [("units__time_in", {"city": "Lisbon"})]


async def test_it_points_at_the_one_object_a_details_call_returned() -> None:
    history = [ChatMessage(role="user", content="tell me more about the first one")]
    details = [ProposedCall(id="c1", name="hotels__get_hotel", arguments={"hotel_id": "h-2"})]
    hotel = {"hotel": {"id": "h-2", "name": "Lantern House", "rooms": [{"kind": "double"}]}}
    history = [*answered(history, details, hotel), ChatMessage(role="assistant", content="Lantern House…")]
    history = [*history, ChatMessage(role="user", content="book it for Ana Silva")]
    _, calls = await step(history, WITH_GUESTS)
    assert [(c.name, c.arguments) for c in calls] == [
        ("hotels__book_hotel", {"hotel_id": "h-2", "guest_name": "Ana Silva"})
    ]


def test_a_number_followed_by_a_measure_of_something_else_is_not_a_count() -> None:
    guests = {"type": "integer", "description": "Number of guests; large parties get several rooms."}
    schema = {"type": "object", "properties": {"city": {"type": "string"}, "guests": guests}}
    now = datetime(2026, 11, 22, tzinfo=UTC)
    starred = fill_arguments(schema, FillContext(text="4 star hotels in Tokyo", now=now))
    assert "guests" not in starred.arguments  # before: guests 4
    people = fill_arguments(schema, FillContext(text="a hotel in Tokyo for 3 people", now=now))
    assert people.arguments.get("guests") == 3


async def test_buy_the_first_one_found_acts_on_the_first_result_of_the_search_it_made() -> None:
    history, found = await search_first("buy the first power bank under 50 dollars", WITH_CHECKOUT)
    assert [c.name for c in found] == ["shop__search_products"]
    _, calls = await step(answered(history, found, PRODUCTS), WITH_CHECKOUT)
    # Before: the search's answer only; its scores were far above the checkout's, which lacked the id.
    assert [(c.name, c.arguments) for c in calls] == [("shop__start_checkout", {"product_id": "p-1"})]
