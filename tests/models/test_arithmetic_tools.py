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


def test_everyday_words_beside_the_second_number_imply_the_operation() -> None:
    assert operation_in_text("If I have 100$ and I donated 40. How much do I have now?") == SUBTRACT
    assert operation_in_text("I had $50 and spent $12.5 on lunch, how much is left?") == SUBTRACT
    assert operation_in_text("I have 20 apples and got 5 more, how many do I have?") == ADD
    assert operation_in_text("We split 90 dollars between 3 people, how much does each pay?") == DIVIDE
    assert operation_in_text("I bought 4 tickets at 15 dollars each, how much in total?") == MULTIPLY


def test_each_multiplies_what_was_given_rather_than_adding_it() -> None:
    assert operation_in_text("3 of my friends gave me 10 euros each, how much do I have now?") == MULTIPLY


def test_a_story_that_asks_for_no_quantity_is_no_arithmetic() -> None:
    assert operation_in_text("I spent 2 hours looking for a hotel in Paris") is None
    assert operation_in_text("Find 3 hotels for 2 nights, I lost 1 booking already") is None
    assert operation_in_text("How much did I spend last month?") is None  # one number at most


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


def test_the_embedded_brain_subtracts_a_donation() -> None:
    tools = [
        OfferedTool(name=name, description=f"{verb} two numbers.", parameters=TWO_NUMBERS)
        for name, verb in (("multiply", "Multiplies"), ("add", "Adds"), ("sub", "Subtracts"))
    ]
    request = ModelRequest(
        messages=[
            ChatMessage(role="user", content="If I have 100$ and I donated 40. How much do I have now?")
        ],
        tools=tools,
        now=datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
    )
    _text, calls = EmbeddedProvider(meaning=None).respond(request)
    assert [(c.name, dict(c.arguments)) for c in calls] == [("sub", {"a": 100, "b": 40})]


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


def test_a_price_each_before_a_budget_is_no_story_of_adding() -> None:
    assert operation_in_text("How many tickets can I get for 50 dollars if each costs 10?") is None
