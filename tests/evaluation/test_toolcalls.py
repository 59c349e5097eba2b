"""Scoring follows the dataset's rules: right function, acceptable values, omissions only where allowed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from salon.evaluation import (
    EvaluationDataError,
    PredictedCall,
    evaluate,
    json_schema,
    load_cases,
    output_row,
    parse_case,
    score_calls,
)
from salon.host.models import ModelRequest, ScriptedProvider

WEATHER = {
    "name": "get_current_weather",
    "description": "Current weather for a city.",
    "parameters": {
        "type": "dict",
        "required": ["location"],
        "properties": {
            "location": {"type": "string", "description": "City, State"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "fahrenheit"},
            "days": {"type": "integer"},
            "threshold": {"type": "float"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "filters": {
                "type": "dict",
                "properties": {"rain": {"type": "boolean"}, "extra": {"type": "any"}},
            },
        },
    },
}
ANSWER: list[dict[str, dict[str, list[Any]]]] = [
    {"get_current_weather": {"location": ["San Francisco, CA"], "unit": ["fahrenheit", ""]}}
]


def call(name: str = "get_current_weather", **arguments: Any) -> PredictedCall:
    return PredictedCall(name, arguments)


def test_a_call_with_the_expected_name_and_values_is_exact() -> None:
    assert score_calls([call(location="San Francisco, CA", unit="fahrenheit")], ANSWER)


def test_an_argument_whose_acceptable_values_include_the_empty_string_may_be_omitted() -> None:
    assert score_calls([call(location="San Francisco, CA")], ANSWER)


def test_a_required_argument_left_out_fails_the_row() -> None:
    assert not score_calls([call(unit="fahrenheit")], ANSWER)


def test_an_argument_the_answer_does_not_name_fails_the_row() -> None:
    assert not score_calls([call(location="San Francisco, CA", days=3)], ANSWER)


def test_a_value_outside_the_acceptable_ones_fails_the_row() -> None:
    assert not score_calls([call(location="San Francisco")], ANSWER)
    assert not score_calls([call(location="San Francisco, CA", unit="celsius")], ANSWER)


def test_strings_compare_ignoring_case_spaces_and_light_punctuation() -> None:
    assert score_calls([call(location="san francisco,CA")], ANSWER)


def test_the_wrong_function_fails_even_with_the_right_arguments() -> None:
    assert not score_calls([call("get_forecast", location="San Francisco, CA")], ANSWER)


def test_numbers_compare_by_value_but_booleans_are_not_numbers() -> None:
    answer = [{"f": {"n": [3.0], "flag": [False]}}]
    assert score_calls([call("f", n=3, flag=False)], answer)
    assert not score_calls([call("f", n=3.5, flag=False)], answer)
    assert not score_calls([call("f", n=3, flag=0)], answer)
    assert not score_calls([call("f", n=True, flag=False)], [{"f": {"n": [1], "flag": [False]}}])


def test_a_float_with_a_fraction_is_not_an_acceptable_integer() -> None:
    assert not score_calls([call("f", n=2.5)], [{"f": {"n": [2]}}])
    assert score_calls([call("f", n=2.0)], [{"f": {"n": [2]}}])


def test_lists_compare_element_by_element_and_objects_key_by_key() -> None:
    answer = [{"f": {"tags": [["a", "b"]], "body": [{"mode": ["COOL"], "fan": ["", "HIGH"]}]}}]
    assert score_calls([call("f", tags=["a", "b"], body={"mode": "cool"})], answer)
    assert score_calls([call("f", tags=["a", "b"], body={"mode": "COOL", "fan": "HIGH"})], answer)
    assert not score_calls([call("f", tags=["b", "a"], body={"mode": "COOL"})], answer)
    assert not score_calls([call("f", tags=["a", "b"], body={"mode": "COOL", "speed": 2})], answer)
    assert not score_calls([call("f", tags=["a", "b"], body="COOL")], answer)


def test_a_null_answer_accepts_only_null() -> None:
    answer = [{"f": {"x": ["", None]}}]
    assert score_calls([call("f", x=None)], answer)
    assert score_calls([call("f")], answer)
    assert not score_calls([call("f", x="none")], answer)


def test_abstention_rows_are_right_only_when_no_call_is_made() -> None:
    assert score_calls([], [])
    assert not score_calls([call(location="San Francisco, CA")], [])


def test_a_row_expecting_a_call_is_wrong_when_the_model_makes_none_or_too_many() -> None:
    assert not score_calls([], ANSWER)
    both = [call(location="San Francisco, CA"), call(location="San Francisco, CA")]
    assert not score_calls(both, ANSWER)


def test_parallel_calls_match_the_expected_calls_in_any_order() -> None:
    answer = [{"f": {"x": [1]}}, {"g": {"y": [2]}}]
    assert score_calls([call("g", y=2), call("f", x=1)], answer)
    assert not score_calls([call("f", x=1), call("f", x=1)], answer)


def test_bfcl_types_are_mapped_to_json_schema() -> None:
    schema = json_schema(WEATHER["parameters"])
    assert schema["type"] == "object"
    assert schema["properties"]["threshold"]["type"] == "number"
    assert schema["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}
    filters = schema["properties"]["filters"]
    assert filters["type"] == "object"
    assert filters["properties"]["rain"]["type"] == "boolean"
    assert "type" not in filters["properties"]["extra"]
    assert schema["properties"]["unit"]["enum"] == ["celsius", "fahrenheit"]


def row(answer: list[dict[str, dict[str, list[Any]]]], case_id: str = "r1") -> dict[str, Any]:
    return {
        "id": case_id,
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Weather in SF?"},
        ],
        "tools": [WEATHER],
        "answer": answer,
    }


def test_a_row_becomes_a_request_with_json_schema_tools() -> None:
    case = parse_case(row(ANSWER))
    assert [m.role for m in case.messages] == ["system", "user"]
    assert case.tools[0].parameters["type"] == "object"
    assert case.expects_call
    assert not parse_case(row([])).expects_call


def test_a_row_without_an_answer_is_reported_by_field() -> None:
    broken = row(ANSWER)
    del broken["answer"]
    with pytest.raises(EvaluationDataError, match="'answer'"):
        parse_case(broken)


def test_files_load_with_a_limit_and_skip_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [json.dumps(row(ANSWER, "a")), "", json.dumps(row([], "b")), json.dumps(row([], "c"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [c.id for c in load_cases(path)] == ["a", "b", "c"]
    assert [c.id for c in load_cases(path, limit=2)] == ["a", "b"]


async def test_evaluate_scores_each_row_and_reports_the_figures(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [row(ANSWER, "hit"), row(ANSWER, "miss"), row([], "abstain"), row([], "overreach")]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    right = [{"name": "get_current_weather", "arguments": {"location": "San Francisco, CA"}}]
    provider = ScriptedProvider([right, "Which city?", "Nothing fits.", right])
    summary = await evaluate(provider, load_cases(path), now=datetime(2026, 11, 22, tzinfo=UTC))
    assert [r.correct for r in summary.results] == [True, False, True, False]
    assert (summary.exact_calls, summary.call_rows) == (1, 2)
    assert (summary.correct_abstentions, summary.abstention_rows) == (1, 2)
    assert summary.call_accuracy == 0.5
    assert summary.abstention_rate == 0.5
    assert summary.latency(0.5) is not None
    assert output_row(summary.results[0]) == {"id": "hit", "calls": right}
    assert output_row(summary.results[1]) == {"id": "miss", "calls": []}
    seen: list[ModelRequest] = provider.requests
    assert seen[0].tools[0].parameters["properties"]["threshold"]["type"] == "number"
