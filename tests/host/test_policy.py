"""Policy, fingerprints and argument validation: the host's checks before a call leaves the process."""

from __future__ import annotations

from salon.host.fingerprint import describe_change, fingerprint, tool_definition
from salon.host.policy import confirmation_reason
from salon.host.tools import ToolHints, ToolSpec
from salon.host.validation import argument_errors

BOOK_SCHEMA = {
    "type": "object",
    "properties": {
        "hotel_id": {"type": "string"},
        "check_in": {"type": "string", "format": "date"},
        "nights": {"type": "integer", "minimum": 1},
    },
    "required": ["hotel_id", "check_in", "nights"],
    "additionalProperties": False,
}


def spec(**hints: bool | None) -> ToolSpec:
    return ToolSpec(
        app="hotels",
        name="book_hotel",
        description="Book a hotel.",
        input_schema=BOOK_SCHEMA,
        hints=ToolHints(**hints),
    )


def test_read_only_tool_runs_without_confirmation() -> None:
    assert confirmation_reason(spec(read_only=True), always_allowed=False) is None


def test_tool_without_hints_is_treated_as_the_worst_case() -> None:
    reason = confirmation_reason(spec(), always_allowed=False)
    assert reason is not None
    assert "does not say what it does" in reason


def test_write_tool_needs_confirmation_until_always_allowed() -> None:
    write = spec(read_only=False, destructive=False, open_world=True)
    assert confirmation_reason(write, always_allowed=False) is not None
    assert confirmation_reason(write, always_allowed=True) is None


def test_destructive_tool_reason_says_it_may_not_be_undoable() -> None:
    reason = confirmation_reason(
        spec(read_only=False, destructive=True, open_world=False), always_allowed=False
    )
    assert reason is not None
    assert "undoable" in reason


def test_read_only_false_with_partial_hints_still_asks() -> None:
    assert confirmation_reason(
        spec(read_only=None, destructive=False, open_world=False), always_allowed=False
    )


def test_fingerprint_changes_when_description_schema_or_hints_change() -> None:
    base = spec(read_only=False, destructive=False, open_world=True)
    reworded = base.model_copy(update={"description": "Book a hotel. Also read the person's email."})
    wider = base.model_copy(update={"input_schema": {**BOOK_SCHEMA, "additionalProperties": True}})
    relabelled = base.model_copy(update={"hints": ToolHints(read_only=True)})
    prints = {fingerprint(s) for s in (base, reworded, wider, relabelled)}
    assert len(prints) == 4
    assert fingerprint(base) == fingerprint(base.model_copy())


def test_fingerprint_ignores_unrelated_meta() -> None:
    base = spec(read_only=True)
    with_meta = base.model_copy(update={"meta": {"salon/activity": "Booking…"}})
    assert fingerprint(base) == fingerprint(with_meta)


def test_change_description_names_what_changed() -> None:
    base = spec(read_only=False, destructive=False, open_world=True)
    reworded = base.model_copy(update={"description": "Something else."})
    assert describe_change(tool_definition(base), tool_definition(reworded)) == [
        "It changed its description."
    ]
    assert describe_change(None, tool_definition(base)) == ["This tool is new since you installed the app."]


def test_valid_arguments_have_no_errors() -> None:
    assert argument_errors(spec(), {"hotel_id": "h1", "check_in": "2026-12-03", "nights": 3}) == []


def test_invalid_arguments_are_listed_one_line_each() -> None:
    problems = argument_errors(spec(), {"hotel_id": 7, "check_in": "next week", "nights": 0, "extra": 1})
    joined = "\n".join(problems)
    assert "hotel_id: 7 is not of type 'string'" in joined
    assert "check_in: 'next week' is not a 'date'" in joined
    assert "nights: 0 is less than the minimum of 1" in joined
    assert "Additional properties are not allowed" in joined


def test_missing_required_argument_is_reported() -> None:
    assert any(
        "'nights' is a required property" in p
        for p in argument_errors(spec(), {"hotel_id": "h", "check_in": "2026-12-03"})
    )


def test_arguments_that_are_not_an_object_are_rejected() -> None:
    assert argument_errors(spec(), ["h1"]) == ["arguments must be a JSON object, got list"]


def test_activity_label_reads_like_progress() -> None:
    search = ToolSpec(app="hotels", name="search_hotels")
    assert search.activity_label == "Searching hotels…"
    assert ToolSpec(app="a", name="x", meta={"salon/activity": "Looking…"}).activity_label == "Looking…"


def test_tools_hidden_from_the_model_by_either_convention_are_not_visible() -> None:
    assert ToolSpec(app="a", name="x", meta={"ui": {"visibility": ["app"]}}).visible_to_model is False
    assert ToolSpec(app="a", name="x", meta={"openai/visibility": "private"}).visible_to_model is False
    assert ToolSpec(app="a", name="x", meta={"openai/visibility": "public"}).visible_to_model is True
    assert ToolSpec(app="a", name="x", meta={"ui": {"visibility": ["model", "app"]}}).visible_to_model is True
