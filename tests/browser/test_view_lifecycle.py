"""A view's lifecycle in a real browser, seen from inside a plain MCP Apps view
(tests/views_fixtures/workbench_view.html writes every notification it gets into its own DOM).

A write with a view opens the view while the person decides: the view gets `tool-input` at once, then
`tool-result` when the person approves or `tool-cancelled` when they decline (also after a reload). The
view reads its app's resources and shares context the model gets with the next turn. A view that
navigates its frame away is closed; starting a new conversation tears every view down first.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from playwright.async_api import FrameLocator, Page, expect

from tests.browser.conftest import WAIT_MS
from tests.browser.views_harness import Salon, open_view, say, view_frame, view_region
from tests.views_fixtures import calllog

pytestmark = [pytest.mark.browser, pytest.mark.subprocess]


def notes_of(frame: FrameLocator, kind: str) -> Any:
    return frame.locator(f'li[data-kind="{kind}"]')


async def calls_of(salon: Salon, tool: str, *, more_than: int) -> list[dict[str, Any]]:
    """The app's logged calls of `tool`, polling the log (bounded by WAIT_MS) until there are more than
    `more_than` of them: the app writes the log from its own process."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_MS / 1000
    found = await calls_of_now(salon, tool)
    while len(found) <= more_than and loop.time() < deadline:
        await asyncio.sleep(0.05)
        found = await calls_of_now(salon, tool)
    return found


async def ask_to_order(page: Page, salon: Salon) -> FrameLocator:
    await page.goto(salon.url + "/")
    await say(page, "order a walnut leg")
    frame = view_frame(page, "Workbench")
    await expect(frame.locator("body")).to_have_attribute("data-state", "ready")
    return frame


async def test_a_write_opens_its_view_with_the_input_and_the_result_follows_approval(
    page: Page, salon: Salon
) -> None:
    frame = await ask_to_order(page, salon)

    await expect(notes_of(frame, "tool-input")).to_have_text(
        json.dumps({"arguments": {"part": "walnut leg"}}, separators=(",", ":"))
    )
    await expect(notes_of(frame, "tool-result")).to_have_count(0)
    # The harness's model streams its arguments: the view opened while the model wrote them.
    partials = [
        json.loads(text)["arguments"]
        for text in await notes_of(frame, "tool-input-partial").all_inner_texts()
    ]
    assert partials, "the view saw the arguments while the model wrote them"
    assert all("walnut leg".startswith(partial.get("part", "")) for partial in partials)
    kinds = await frame.locator("li[data-kind]").evaluate_all("items => items.map(item => item.dataset.kind)")
    assert kinds.index("tool-input") > kinds.index("tool-input-partial")
    await page.get_by_role("button", name="Approve").click()

    result = notes_of(frame, "tool-result")
    await expect(result).to_have_count(1)
    assert json.loads(await result.inner_text())["structuredContent"] == {"ordered": "walnut leg"}
    await expect(notes_of(frame, "tool-cancelled")).to_have_count(0)


async def test_a_declined_write_tells_its_view_it_was_cancelled_also_after_reload(
    page: Page, salon: Salon
) -> None:
    frame = await ask_to_order(page, salon)
    before = len(await calls_of_now(salon, "order_part"))

    await page.get_by_role("button", name="Deny").click()

    cancelled = notes_of(frame, "tool-cancelled")
    await expect(cancelled).to_have_count(1)
    assert "declined" in json.loads(await cancelled.inner_text())["reason"]
    await page.reload()
    reloaded = view_frame(page, "Workbench")
    await expect(notes_of(reloaded, "tool-cancelled")).to_have_count(1)
    await expect(notes_of(reloaded, "tool-result")).to_have_count(0)
    assert len(await calls_of_now(salon, "order_part")) == before, "a declined order never reaches the app"


async def calls_of_now(salon: Salon, tool: str) -> list[dict[str, Any]]:
    return [c for c in calllog.read(salon.call_log) if c["app"] == "workbench" and c["tool"] == tool]


async def test_a_view_reads_its_apps_resource(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "bench", "Workbench")

    await frame.get_by_role("button", name="Read notes").click()

    await expect(notes_of(frame, "read")).to_have_text("Bench notes: the blue sofa needs new legs.")


async def test_context_a_view_shares_reaches_the_model_with_the_next_turn(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "bench", "Workbench")
    await frame.get_by_role("button", name="Share a choice").click()
    await expect(notes_of(frame, "shared")).to_have_text("ok")

    await say(page, "what did I choose?")

    request = salon.model_requests[-1]
    assert request.messages[-1].content == "what did I choose?"
    shared = [m.content for m in request.messages if m.role == "system" and "walnut legs" in m.content]
    assert len(shared) == 1, [m.content for m in request.messages if m.role == "system"]


async def test_a_view_that_navigates_its_frame_away_is_closed(page: Page, salon: Salon) -> None:
    frame = await open_view(page, salon, "bench", "Workbench")

    await frame.get_by_role("button", name="Leave").click()

    region = view_region(page, "Workbench")
    await expect(page.get_by_text("This view tried to leave its frame and was closed.")).to_be_visible()
    await expect(region.frame_locator("iframe.view-frame").locator("iframe")).to_have_count(0)


async def test_a_new_conversation_tears_the_open_views_down_first(page: Page, salon: Salon) -> None:
    await open_view(page, salon, "bench", "Workbench")
    before = len(await calls_of_now(salon, "note_teardown"))

    await page.get_by_role("button", name="New conversation").click()

    await expect(page.get_by_role("region", name="Workbench view")).to_have_count(0)
    torn = await calls_of(salon, "note_teardown", more_than=before)
    assert len(torn) == before + 1
    assert torn[-1]["arguments"] == {"reason": "conversation closed"}
