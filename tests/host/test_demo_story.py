"""The README's demo story with the real host, the router, the embedded brain and the four example apps
over stdio: each request reaches the app that fits, a message of two requests reaches both apps in
turn, an answer to the brain's question completes the request, an action that needs an id searches
first, and small talk reaches none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salon.cli.serving import demo_endpoints, examples_dir
from salon.host import Host
from salon.settings import Settings
from tests.host.test_turn import collect, types


def calls(events: list[dict[str, Any]]) -> list[str]:
    return [f"{e['app']}__{e['tool']}" for e in events if e["type"] == "tool_call"]


# Four apps start over stdio and about a hundred texts are embedded once: slow on a busy machine.
@pytest.mark.timeout(300)
async def test_the_demo_story_reaches_the_right_app_for_each_request(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, timezone="Australia/Melbourne")
    host = await Host.open(settings)
    try:
        for endpoint in demo_endpoints(examples_dir(), tmp_path):
            await host.install_app(endpoint)
        story = await host.create_conversation()
        search = await collect(
            host.run_turn(story.id, "find me a hotel in Melbourne for 3 nights from December 3")
        )
        assert calls(search) == ["hotels__search_hotels"]
        booking = await collect(host.run_turn(story.id, "book the second one"))
        assert calls(booking) == ["hotels__book_hotel"]
        [card] = [e for e in booking if e["type"] == "confirmation_required"]
        booked = await collect(host.decide(card["confirmation_id"], "approve"))
        [result] = [e for e in booked if e["type"] == "tool_result"]
        assert not result["is_error"]
        assert "BK-" in result["text"]

        elsewhere = {
            "play Bohemian Rhapsody": "music__",
            "find a carry-on suitcase under $200": "shop__search_products",
            "convert 5 miles to km": "units__convert_units",
        }
        for request, expected in elsewhere.items():
            conversation = await host.create_conversation()
            events = await collect(host.run_turn(conversation.id, request))
            assert calls(events), (request, events)
            assert calls(events)[0].startswith(expected), (request, events)

        # Two requests in one message: the router offers both apps, the brain calls them in turn.
        both = await host.create_conversation()
        asked = "find me a hotel in Melbourne for 3 nights from December 3, and then convert 5 miles to km"
        steps = await collect(host.run_turn(both.id, asked))
        assert calls(steps) == ["hotels__search_hotels", "units__convert_units"], steps
        assert all(not e["is_error"] for e in steps if e["type"] == "tool_result")

        # A question and its answer, then "there" in another app.
        followed = await host.create_conversation()
        asked_back = await collect(host.run_turn(followed.id, "find hotels in Rome"))
        assert calls(asked_back) == []
        answered = await collect(host.run_turn(followed.id, "tomorrow for 2 nights"))
        assert calls(answered) == ["hotels__search_hotels"], answered
        [searched] = [e for e in answered if e["type"] == "tool_call"]
        assert searched["arguments"]["city"] == "Rome"
        there = await collect(host.run_turn(followed.id, "what time is it there?"))
        assert [(e["tool"], e["arguments"]) for e in there if e["type"] == "tool_call"] == [
            ("time_in", {"city": "Rome"})
        ]

        # An action that needs an id: the search first, then the action on the track it names.
        queued = await host.create_conversation()
        found = await collect(host.run_turn(queued.id, "add Blue Serenade to the queue"))
        assert calls(found) == ["music__search_music", "music__queue_add"], found
        assert [e["type"] for e in found].count("confirmation_required") == 1

        chat = await host.create_conversation()
        joke = await collect(host.run_turn(chat.id, "tell me a joke"))
        assert "tool_call" not in types(joke)
        assert "text" in types(joke)
    finally:
        await host.aclose()
