"""Arithmetic written on two numbers picks the calculator tool that performs that operation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arithmetic import (
    ADD,
    DIVIDE,
    MULTIPLY,
    SUBTRACT,
    arithmetic_fit,
    operation_in_text,
    operation_of_tool,
)
from salon.host.models.base import ChatMessage, ModelRequest, OfferedTool
from salon.host.models.embedded import EmbeddedProvider

TWO_NUMBERS: dict[str, Any] = {
    "type": "object",
    "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
    "required": ["a", "b"],
}


def test_operations_written_between_or_after_two_numbers() -> None:
    assert operation_in_text("what is 12 times 7?") == MULTIPLY
    assert operation_in_text("the product of 4 and 6") == MULTIPLY
    assert operation_in_text("add 2.5 to 4") == ADD
    assert operation_in_text("9 minus 3") == SUBTRACT
    assert operation_in_text("what is 10 / 2") == DIVIDE


def test_numbers_without_arithmetic_are_no_operation() -> None:
    assert operation_in_text("add 2 apples to my cart") is None
    assert operation_in_text("the weather on 2024-04-12 and 12/25") is None
    assert operation_in_text("a 1920x1080 screen") is None
    assert operation_in_text("12 times 3 plus 4") is None  # two operations: no single one


def test_a_tool_performs_the_one_operation_its_name_or_description_names() -> None:
    assert operation_of_tool("CalcProduct", "Calculates the product of two values.", TWO_NUMBERS) == MULTIPLY
    assert operation_of_tool("sum", "Calculates the sum of two integers.", TWO_NUMBERS) == ADD
    assert operation_of_tool("sub", "Subtracts b from a.", TWO_NUMBERS) == SUBTRACT
    one_number = {"type": "object", "properties": {"item": {"type": "string"}, "count": {"type": "integer"}}}
    assert operation_of_tool("add_to_cart", "Add an item to the cart.", one_number) is None


def test_the_fit_rewards_the_same_operation_and_penalises_another() -> None:
    assert arithmetic_fit("394 times 213", "multiply", "Multiplies two numbers.", TWO_NUMBERS) == 1
    assert arithmetic_fit("394 times 213", "add", "Adds two numbers.", TWO_NUMBERS) == -1
    assert arithmetic_fit("what time is it", "multiply", "Multiplies two numbers.", TWO_NUMBERS) == 0


def test_the_embedded_brain_calls_the_product_tool_over_a_clock() -> None:
    tools = [
        OfferedTool(name="getCurrentTime", description="Returns the current local time.", parameters={}),
        OfferedTool(
            name="CalcProduct", description="Calculates the product of two values.", parameters=TWO_NUMBERS
        ),
    ]
    request = ModelRequest(
        messages=[ChatMessage(role="user", content="How much is 394 times 213?")],
        tools=tools,
        now=datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
    )
    _text, calls = EmbeddedProvider(meaning=None).respond(request)
    assert [(c.name, dict(c.arguments)) for c in calls] == [("CalcProduct", {"a": 394, "b": 213})]
