"""Offline evaluation of Salon's parts against public benchmarks (tool calls: `salon eval toolcalls`)."""

from salon.evaluation.toolcalls import (
    CaseResult,
    EvaluationDataError,
    PredictedCall,
    Summary,
    ToolCallCase,
    evaluate,
    json_schema,
    load_cases,
    output_row,
    parse_case,
    score_calls,
)

__all__ = [
    "CaseResult",
    "EvaluationDataError",
    "PredictedCall",
    "Summary",
    "ToolCallCase",
    "evaluate",
    "json_schema",
    "load_cases",
    "output_row",
    "parse_case",
    "score_calls",
]
