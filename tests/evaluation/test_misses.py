"""Misses are sorted into buckets by what went wrong first: no call, the tool, or an argument's kind."""

from __future__ import annotations

from salon.evaluation import PredictedCall, parse_case
from salon.evaluation.misses import bucket, bucket_rows, report

TOOL = {
    "name": "set_thermostat",
    "description": "Set the thermostat.",
    "parameters": {
        "type": "dict",
        "required": ["room", "settings"],
        "properties": {
            "room": {"type": "string", "description": "Which room."},
            "settings": {
                "type": "dict",
                "properties": {"mode": {"type": "string", "enum": ["HEAT", "COOL"]}},
            },
            "eco": {"type": "boolean", "description": "Power saving.", "default": False},
        },
    },
}
OTHER = {"name": "get_weather", "description": "Weather.", "parameters": {"type": "dict", "properties": {}}}
ANSWER = [{"set_thermostat": {"room": ["kitchen"], "settings": [{"mode": ["HEAT"]}], "eco": ["", False]}}]
CASE = parse_case(
    {
        "id": "t1",
        "messages": [{"role": "user", "content": "heat the kitchen"}],
        "tools": [TOOL, OTHER],
        "answer": ANSWER,
    }
)
NONE_FITS = parse_case(
    {"id": "t2", "messages": [{"role": "user", "content": "hi"}], "tools": [TOOL], "answer": []}
)


def test_a_right_answer_has_no_bucket() -> None:
    call = PredictedCall("set_thermostat", {"room": "Kitchen", "settings": {"mode": "HEAT"}})
    assert bucket(CASE, [call]) is None


def test_no_call_and_a_wrong_tool_are_their_own_buckets() -> None:
    assert bucket(CASE, []) == "no call"
    assert bucket(CASE, [PredictedCall("get_weather", {})]) == "wrong tool"


def test_an_argument_miss_is_named_by_its_schema_kind() -> None:
    missing = PredictedCall("set_thermostat", {"room": "kitchen"})
    wrong = PredictedCall("set_thermostat", {"room": "hall", "settings": {"mode": "HEAT"}})
    extra = PredictedCall("set_thermostat", {"room": "kitchen", "settings": {"mode": "HEAT"}, "fan": 1})
    assert bucket(CASE, [missing]) == "argument object: missing"
    assert bucket(CASE, [wrong]) == "argument string: wrong"
    assert bucket(CASE, [extra]) == "argument not in the schema: extra"


def test_a_call_where_none_fits_is_counted_and_the_report_lists_largest_first() -> None:
    rows = [
        {"id": "t1", "calls": []},
        {"id": "t2", "calls": [{"name": "set_thermostat", "arguments": {}}]},
    ]
    buckets = bucket_rows([CASE, NONE_FITS], rows)
    assert buckets == {"no call": ["t1"], "called when none fits": ["t2"]}
    lines = report(buckets).splitlines()
    assert lines[-1].split() == ["2", "in", "all"]
