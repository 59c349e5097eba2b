"""`salon eval routing`: the router on the routing dev sets, every metric the README asks for.

For each set the directory is indexed once (build time reported), then every query is routed
twice: normally (ranking metrics, per-query latency including the query's embedding, and the
gate's verdict, which should be "an app") and with its gold tools removed from the candidates
(leave-gold-out: the gate should now say "no app"). MetaTool's awareness queries are routed once;
those that need an app should not be abstained on. `--fit-gate` refits the gate's logistic model
on the leave-gold-out data of all sets and prints constants to commit in `salon/router/gate.py`.
`--cache-dir DIR` keeps the directories' embeddings on disk (index build then reads them back);
queries are always embedded afresh, so latency figures stay honest.
`--generated-requests FILE` enriches the tools of the `--generate-for` sets (MetaTool by default)
with requests written by the local model (the `heavy` extra), cached in FILE: what the cache lacks
is written first, with progress shown, and later runs read it back. `--requests` chooses whether
they join the template requests (`both`) or replace them (`generated`); the other sets keep their
templates.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from salon.cli.route import EmbedderChoice, entry_from_row, make_embedder, progress_bar, read_jsonl
from salon.router import Router, RouterIndex, ToolEntry
from salon.router import gate as gate_model
from salon.router.embedding import CachedEmbedder
from salon.router.evaluation import auroc, complete_at, ndcg_at, percentile, precision_recall, recall_at
from salon.router.request_cache import RequestCache, WrittenRequests
from salon.router.written_requests import ModelRequestWriter
from salon.settings import Settings

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "routing"

SETS = (
    ("MetaTool single", "metatool", "dev_single.jsonl"),
    ("MetaTool multi", "metatool", "dev_multi.jsonl"),
    ("Seal-Tools", "sealtools", "dev.jsonl"),
)


class RequestsChoice(StrEnum):
    both = "both"
    generated = "generated"
    templates = "templates"


@dataclass
class SetReport:
    label: str
    queries: int = 0
    r1: float = 0.0
    r5: float = 0.0
    ndcg5: float = 0.0
    comp5: float = 0.0
    multi: bool = False
    latencies_ms: list[float] = field(default_factory=list)
    build_s: float = 0.0
    tools: int = 0
    gate_rows: list[list[float]] = field(default_factory=list)
    gate_labels: list[bool] = field(default_factory=list)
    gate_scores: list[float] = field(default_factory=list)


def _evaluate_set(router: Router, label: str, rows: list[dict[str, Any]], report: SetReport) -> None:
    slots: dict[str, list[int]] = {}
    for slot in range(router.search_index.capacity):
        if (entry := router.search_index.entry(slot)) is not None:
            slots.setdefault(entry.name, []).append(slot)
    report.queries = len(rows)
    with progress_bar() as progress:
        task = progress.add_task(label, total=len(rows))
        for row in rows:
            gold = set(row["tools"])
            started = time.perf_counter()
            embedded = router.embed([row["query"]])[0]
            result = router.route_embedded(embedded, top_k=10)
            report.latencies_ms.append((time.perf_counter() - started) * 1000)
            ranked = [c.name for c in result.ranked]
            report.r1 += recall_at(ranked, gold, 1)
            report.r5 += recall_at(ranked, gold, 5)
            report.ndcg5 += ndcg_at(ranked, gold, 5)
            report.comp5 += complete_at(ranked, gold, 5)
            report.multi = report.multi or len(gold) > 1
            # Leave-gold-out: the same query, its embedding reused, its gold tools out of reach.
            excluded = [s for g in gold for s in slots.get(g, ())]
            left_out = router.route_embedded(embedded, top_k=10, exclude=excluded)
            for outcome, should_abstain in ((result, False), (left_out, True)):
                if outcome.features is not None:
                    report.gate_rows.append(outcome.features.vector())
                report.gate_labels.append(should_abstain)
                report.gate_scores.append(outcome.no_app_score)
            progress.advance(task)
    n = max(report.queries, 1)
    report.r1, report.r5, report.ndcg5, report.comp5 = (
        100 * report.r1 / n,
        100 * report.r5 / n,
        100 * report.ndcg5 / n,
        100 * report.comp5 / n,
    )


def _written_requests(
    cache_file: Path,
    choice: RequestsChoice,
    folders: list[str],
    data_dir: Path,
    model_dir: Path | None,
) -> WrittenRequests:
    """The cache of written requests, completed for the tools of `folders` first."""
    writer = ModelRequestWriter(model_dir if model_dir is not None else Settings().data_dir)
    cache = RequestCache(cache_file, writer.identity)
    entries = [
        entry_from_row(row) for folder in folders for row in read_jsonl(data_dir / folder / "directory.jsonl")
    ]
    todo = cache.missing(entries)
    if todo:
        with progress_bar() as progress:
            task = progress.add_task("writing requests", total=len(todo))

            def written(entry: ToolEntry, requests: list[str]) -> None:
                progress.update(task, advance=1, description=f"writing requests: {entry.name[:30]}")

            cache.fill(todo, writer, on_written=written)
        writer.close()
    return WrittenRequests(cache, replaces_templates=choice is RequestsChoice.generated)


def routing(
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Folder with metatool/ and sealtools/ (the routing dev sets).")
    ] = DEFAULT_DATA_DIR,
    fit_gate: Annotated[
        bool, typer.Option("--fit-gate", help="Refit the no-app gate on these sets and print its constants.")
    ] = False,
    embedder: Annotated[
        EmbedderChoice, typer.Option("--embedder", help="minilm or hash.")
    ] = EmbedderChoice.minilm,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir", help="Keep the directories' embeddings here between runs (queries are not cached)."
        ),
    ] = None,
    generated_requests: Annotated[
        Path | None,
        typer.Option(
            "--generated-requests",
            help="Cache file (JSON Lines) of requests written by the local model (the heavy extra); "
            "what it lacks is written first.",
        ),
    ] = None,
    generate_for: Annotated[
        list[str] | None,
        typer.Option(
            "--generate-for", help="Sets (folders) whose tools get written requests; default metatool."
        ),
    ] = None,
    requests: Annotated[
        RequestsChoice,
        typer.Option(
            "--requests",
            help="With --generated-requests: both (written and template requests), generated (written "
            "ones replace the templates where a tool has some) or templates (ignore the cache).",
        ),
    ] = RequestsChoice.both,
    model_dir: Annotated[
        Path | None,
        typer.Option(
            "--model-dir",
            help="Data dir where the heavy model's weights are assembled (default: SALON_DATA_DIR).",
        ),
    ] = None,
) -> None:
    """Run the routing dev sets and print R@1, R@5, nDCG@5, COMP@5, no-app figures, latency, build time."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=130)
    data_dir = data_dir.resolve()
    if not (data_dir / "metatool").is_dir():
        raise typer.BadParameter(
            f"{data_dir} has no metatool/ folder; pass --data-dir to the routing eval data"
        )
    model = make_embedder(embedder)
    index_model = CachedEmbedder(model, cache_dir) if cache_dir is not None else model
    written_folders = list(generate_for or ["metatool"])
    written: WrittenRequests | None = None
    if generated_requests is not None and requests is not RequestsChoice.templates:
        written = _written_requests(generated_requests, requests, written_folders, data_dir, model_dir)
    reports: list[SetReport] = []
    routers: dict[str, tuple[Router, float]] = {}
    for label, folder, filename in SETS:
        if folder not in routers:
            entries = [entry_from_row(row) for row in read_jsonl(data_dir / folder / "directory.jsonl")]
            started = time.perf_counter()
            search_index = RouterIndex(index_model, written=written if folder in written_folders else None)
            search_index.add_tools(entries)
            routers[folder] = (Router(model, search_index=search_index), time.perf_counter() - started)
            if isinstance(index_model, CachedEmbedder):
                index_model.flush()
        router, build_s = routers[folder]
        report = SetReport(label, build_s=build_s, tools=len(router.search_index))
        _evaluate_set(router, label, read_jsonl(data_dir / folder / filename), report)
        reports.append(report)

    awareness = read_jsonl(data_dir / "metatool" / "dev_awareness.jsonl")
    metatool_router = routers["metatool"][0]
    aware_results = [(metatool_router.route(row["query"]), bool(row["needs_app"])) for row in awareness]

    all_rows = [r for rep in reports for r in rep.gate_rows]
    all_labels = [y for rep in reports for y in rep.gate_labels]
    weights: list[float] = list(gate_model.WEIGHTS)
    bias, threshold = gate_model.BIAS, gate_model.THRESHOLD
    if fit_gate:
        weights, bias = gate_model.fit_logistic(all_rows, all_labels)
        scores = [gate_model.no_app_score(gate_model.GateFeatures(*row), weights, bias) for row in all_rows]
        threshold = gate_model.threshold_for(scores, all_labels)
        console.print(f"WEIGHTS = {tuple(round(w, 4) for w in weights)}")
        console.print(f"BIAS = {round(bias, 4)}")
        console.print(f"THRESHOLD = {round(threshold, 3)}")
        for rep in reports:
            rep.gate_scores = [
                gate_model.no_app_score(gate_model.GateFeatures(*r), weights, bias) for r in rep.gate_rows
            ]

    table = Table(title="Routing (dev)")
    for column in (
        "set",
        "queries",
        "tools",
        "R@1",
        "R@5",
        "nDCG@5",
        "COMP@5",
        "p50 ms",
        "p95 ms",
        "build s",
    ):
        table.add_column(column, justify="right" if column != "set" else "left")
    for rep in reports:
        table.add_row(
            rep.label,
            str(rep.queries),
            str(rep.tools),
            f"{rep.r1:.1f}",
            f"{rep.r5:.1f}",
            f"{rep.ndcg5:.1f}",
            f"{rep.comp5:.1f}" if rep.multi else "-",
            f"{percentile(rep.latencies_ms, 50):.1f}",
            f"{percentile(rep.latencies_ms, 95):.1f}",
            f"{rep.build_s:.1f}",
        )
    console.print(table)

    gate_table = Table(title=f"No app (leave-gold-out; threshold {threshold:.3f})")
    for column in ("set", "abstain P", "abstain R", "AUROC", "false abstain (normal)"):
        gate_table.add_column(column, justify="right" if column != "set" else "left")
    for rep in reports:
        predicted = [s >= threshold for s in rep.gate_scores]
        precision, recall = precision_recall(predicted, rep.gate_labels)
        normal = [p for p, y in zip(predicted, rep.gate_labels, strict=True) if not y]
        gate_table.add_row(
            rep.label,
            f"{100 * precision:.1f}",
            f"{100 * recall:.1f}",
            f"{auroc(rep.gate_scores, rep.gate_labels):.3f}",
            f"{100 * sum(normal) / max(len(normal), 1):.1f}",
        )
    all_scores = [s for rep in reports for s in rep.gate_scores]
    precision, recall = precision_recall([s >= threshold for s in all_scores], all_labels)
    gate_table.add_row(
        "all", f"{100 * precision:.1f}", f"{100 * recall:.1f}", f"{auroc(all_scores, all_labels):.3f}", ""
    )
    console.print(gate_table)
    aware_scores = [
        (gate_model.no_app_score(r.features, weights, bias) if r.features else r.no_app_score, needs)
        for r, needs in aware_results
    ]
    needs = [s for s, n in aware_scores if n]
    no_need = [s for s, n in aware_scores if not n]
    console.print(
        f"Awareness (MetaTool, {len(aware_scores)} queries): false abstain on needs_app "
        f"{100 * sum(s >= threshold for s in needs) / max(len(needs), 1):.1f}%, abstain on no-app queries "
        f"{100 * sum(s >= threshold for s in no_need) / max(len(no_need), 1):.1f}%, "
        f"AUROC {auroc([s for s, _ in aware_scores], [not n for _, n in aware_scores]):.3f}"
    )
