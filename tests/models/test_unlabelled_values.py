"""Required values named without a label, nested objects, and numbers inside quoted names."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salon.host.models.arguments import FillContext, fill_arguments

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def fill(properties: dict[str, Any], text: str, required: list[str]) -> tuple[dict[str, Any], list[str]]:
    schema = {"type": "object", "properties": properties, "required": required}
    filled = fill_arguments(schema, FillContext(text=text, now=NOW))
    return filled.arguments, filled.missing


def test_a_command_after_using_fills_a_required_command() -> None:
    props = {"command": {"type": "string", "description": "The shell command to run."}}
    args, _ = fill(props, "see which files are here using ls -la /srv", ["command"])
    assert args == {"command": "ls -la /srv"}


def test_a_city_written_alone_at_the_end_fills_a_required_location_in_the_asked_form() -> None:
    props = {"location": {"type": "string", "description": "The city, in the format 'City, State'."}}
    args, _ = fill(props, "is it going to rain this afternoon? Seattle", ["location"])
    assert args == {"location": "Seattle, WA"}


def test_the_only_quoted_span_fills_a_required_name_and_its_digits_stay_in_the_name() -> None:
    props = {
        "printer_name": {"type": "string", "description": "The printer to use."},
        "copies": {"type": "integer", "description": "The number of copies."},
    }
    args, missing = fill(props, "send this to my printer 'Office Laser 3'", ["printer_name"])
    assert args == {"printer_name": "Office Laser 3"}
    assert missing == []


def test_a_code_after_the_property_word_fills_a_required_string() -> None:
    props = {"order_reference": {"type": "string", "description": "The order to track."}}
    args, _ = fill(props, "Where is my parcel? The reference is QX-20931.", ["order_reference"])
    assert args == {"order_reference": "QX-20931"}


def test_a_capitalised_word_that_starts_the_sentence_is_not_taken_as_a_name() -> None:
    props = {"guest_name": {"type": "string", "description": "Who the table is for."}}
    args, missing = fill(props, "Reserve a table for tonight", ["guest_name"])
    assert args == {}
    assert missing == ["guest_name"]


def test_a_name_in_the_middle_of_the_request_fills_a_required_person() -> None:
    props = {"guest_name": {"type": "string", "description": "Who the table is for."}}
    args, _ = fill(props, "Hello, this is Marisol. Reserve a table for tonight", ["guest_name"])
    assert args == {"guest_name": "Marisol"}


def test_an_optional_string_is_never_guessed_without_a_label() -> None:
    props = {"guest_name": {"type": "string", "description": "Who the table is for."}}
    args, _ = fill(props, "Hello, this is Marisol. Reserve a table for tonight", [])
    assert args == {}


def test_a_nested_object_gets_the_values_its_own_properties_name() -> None:
    props = {
        "settings": {
            "type": "object",
            "properties": {
                "mode": {"type": "string", "enum": ["HEAT", "COOL", "FAN"]},
                "fan_speed": {"type": "string", "enum": ["LOW", "MEDIUM", "HIGH"]},
                "eco": {"type": "boolean", "description": "Power saving."},
            },
        }
    }
    args, missing = fill(props, "put the heater on heat with a high fan speed", ["settings"])
    assert args == {"settings": {"mode": "HEAT", "fan_speed": "HIGH"}}
    assert missing == []


def test_a_nested_object_nothing_mentions_is_left_out() -> None:
    props = {
        "settings": {"type": "object", "properties": {"mode": {"type": "string", "enum": ["HEAT", "COOL"]}}}
    }
    args, missing = fill(props, "what can this thing do?", ["settings"])
    assert args == {}
    assert missing == ["settings"]
