"""Why calls missed: sort the wrong rows of a tool-call run into buckets, largest first.

    python -m salon.evaluation.misses --out OUT.jsonl [--file F.jsonl] [--examples 3]

reads the rows of an evaluation file and the `--out` rows a run of `salon eval toolcalls` wrote, and
prints how many rows fall in each bucket, with a few example ids. A row that expected a call lands
in one bucket, the first of these that applies:

- `no call`: the provider asked or answered in text;
- `wrong tool`: it called a tool, not the expected one (or a different number of calls);
- `argument <kind>: missing | wrong | extra`: the first argument that differs, by the kind of its
  schema (`object`, `array of string`, `enum`, `date`, `string`, `integer`...); `missing` when a
  required value was left out, `wrong` when the value is not acceptable, `extra` when it gave an
  argument the answer leaves out (an optional parameter the person did not mention);

and a row that expected no call lands in `called when none fits`. Buckets are for reading misses,
not for scoring: the score stays `salon.evaluation.toolcalls.score_calls`.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from salon.evaluation.toolcalls import (
    PredictedCall,
    ToolCallCase,
    load_cases,
    score_calls,
    value_matches,
)
from salon.host.models.properties import kind


def _schema_kind(name: str, prop: Mapping[str, Any]) -> str:
    type_ = prop.get("type")
    if type_ == "object":
        return "object"
    if type_ == "array":
        items = prop.get("items")
        item_type = items.get("type") if isinstance(items, dict) else None
        return f"array of {'enum' if isinstance(items, dict) and 'enum' in items else item_type or 'any'}"
    return kind(name, dict(prop))


def _argument_bucket(case: ToolCallCase, call: PredictedCall, expected: Mapping[str, Sequence[Any]]) -> str:
    tool = next((t for t in case.tools if t.name == call.name), None)
    props: dict[str, Any] = dict((tool.parameters.get("properties") if tool else None) or {})
    for name, acceptable in expected.items():
        options = list(acceptable) if isinstance(acceptable, list) else [acceptable]
        what = _schema_kind(name, props.get(name) or {})
        if name not in call.arguments:
            if "" not in options:
                return f"argument {what}: missing"
        elif not any(value_matches(call.arguments[name], option) for option in options):
            return f"argument {what}: wrong"
    extra = next((name for name in call.arguments if name not in expected), None)
    if extra is not None:
        what = _schema_kind(extra, props[extra]) if extra in props else "not in the schema"
        return f"argument {what}: extra"
    return "other"


def bucket(case: ToolCallCase, calls: Sequence[PredictedCall]) -> str | None:
    """The bucket of one row's miss, or None when the calls are right."""
    if score_calls(calls, case.answer):
        return None
    if not case.expects_call:
        return "called when none fits"
    if not calls:
        return "no call"
    if len(calls) != len(case.answer) or len(case.answer[0]) != 1:
        return "wrong tool"
    name, expected = next(iter(case.answer[0].items()))
    if calls[0].name != name:
        return "wrong tool"
    return _argument_bucket(case, calls[0], expected)


def bucket_rows(cases: Iterable[ToolCallCase], out_rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Bucket → ids of the rows in it, for every case that has an `--out` row."""
    predicted = {
        str(row["id"]): [PredictedCall(str(c["name"]), dict(c.get("arguments") or {})) for c in row["calls"]]
        for row in out_rows
    }
    buckets: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        if case.id not in predicted:
            continue
        found = bucket(case, predicted[case.id])
        if found is not None:
            buckets[found].append(case.id)
    return dict(buckets)


def report(buckets: Mapping[str, list[str]], *, examples: int = 3) -> str:
    """The buckets as lines of text, largest first."""
    counts = Counter({name: len(ids) for name, ids in buckets.items()})
    lines = [f"{'misses':>6}  bucket"]
    for name, count in counts.most_common():
        shown = ", ".join(buckets[name][:examples])
        lines.append(f"{count:>6}  {name}" + (f"  (e.g. {shown})" if shown else ""))
    lines.append(f"{sum(counts.values()):>6}  in all")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True, help="the --out rows of a toolcalls run")
    parser.add_argument(
        "--file", type=Path, default=Path("../shared/eval/toolcalls/bfcl_live/dev.jsonl"), help="the rows run"
    )
    parser.add_argument("--examples", type=int, default=3, help="example ids per bucket")
    args = parser.parse_args(argv)
    with args.out.open(encoding="utf-8") as handle:
        out_rows = [json.loads(line) for line in handle if line.strip()]
    print(report(bucket_rows(load_cases(args.file), out_rows), examples=args.examples))


if __name__ == "__main__":
    main()
