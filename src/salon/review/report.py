"""What a review produces: findings, and the report as JSON and as one self-contained HTML page.

A `Finding` is one thing a check found: its check's id (`hints.declared`), a severity, a *stable*
message (the same wording for the same problem, so reports diff cleanly and a reviewer learns them),
how to fix it, and the subject (a tool name, a view URI, a manifest field). The report is camelCase on
the wire, like every Salon wire model:

    {"app": "io.example/hotels", "version": "1.0.0", "passed": true, "durationS": 1.9,
     "findings": [{"checkId": ..., "severity": "warning", "message": ..., "fix": ..., "subject": ...}],
     "toolDefinitions": [<MCP Tool objects as listed by the server>], "checksRun": [...]}

`passed` is true when no finding is an error. The HTML page has no external reference (no script, no
stylesheet link, no image) and escapes everything that came from the app, so it can be opened from a
review queue without trusting the app that wrote the text in it.
"""

from __future__ import annotations

import html
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field
from pydantic.alias_generators import to_camel

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class _Wire(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True, frozen=True
    )


class Finding(_Wire):
    check_id: str
    severity: Severity
    message: str
    fix: str
    subject: str | None = None
    details: list[str] = Field(default_factory=list)
    """Evidence that varies between runs or apps (the offending text, the blocked URL); the message
    itself stays stable."""


class RenderedView(_Wire):
    """A view as the review's browser rendered it, for the reviewer to look at."""

    uri: str
    screenshot: str
    """A `data:image/png;base64,…` URL."""


class ReviewReport(_Wire):
    app: str
    version: str
    findings: list[Finding] = Field(default_factory=list)
    tool_definitions: list[dict[str, Any]] = Field(default_factory=list)
    """The tools exactly as the server listed them (MCP `Tool` objects), for fingerprinting."""
    checks_run: list[str] = Field(default_factory=list)
    checks_skipped: dict[str, str] = Field(default_factory=dict)
    """Check id → why it did not run (e.g. the browser check was turned off)."""
    duration_s: float = 0.0
    rendered_views: list[RenderedView] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def check_ids(self, severity: Severity | None = None) -> set[str]:
        return {f.check_id for f in self.findings if severity is None or f.severity == severity}

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.wire(), indent=indent, ensure_ascii=False)

    def to_html(self) -> str:
        return render_html(self)


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin-top:2rem}
.verdict{display:inline-block;padding:.2rem .6rem;border-radius:.4rem;font-weight:600}
.passed{background:#e3f6e8;color:#14632e}.failed{background:#fde8e8;color:#8a1c1c}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.4rem;
border-bottom:1px solid #e4e4e7}th{font-weight:600;background:#f6f6f7}
.error{color:#a11}.warning{color:#8a5a00}.info{color:#555}code{font-size:.9em}
.fix{color:#333}.detail{color:#555;font-size:.9em;white-space:pre-wrap;word-break:break-word}
figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #e4e4e7;border-radius:.4rem}
"""


_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def render_html(report: ReviewReport) -> str:
    """The report as one HTML document with no external references; every app-provided string escaped."""
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    findings = sorted(report.findings, key=lambda f: (order[f.severity], f.check_id, f.subject or ""))
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITIES}
    verdict = "passed" if report.passed else "failed"
    rows = []
    for finding in findings:
        details = "".join(f'<div class="detail">{_e(d)}</div>' for d in finding.details)
        rows.append(
            f'<tr><td class="{finding.severity}">{_e(finding.severity)}</td>'
            f"<td><code>{_e(finding.check_id)}</code></td><td>{_e(finding.subject or '')}</td>"
            f'<td>{_e(finding.message)}{details}</td><td class="fix">{_e(finding.fix)}</td></tr>'
        )
    table = (
        "<table><thead><tr><th>Severity</th><th>Check</th><th>Subject</th><th>What failed</th>"
        "<th>How to fix</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else "<p>No findings.</p>"
    )
    tools = "".join(
        f"<tr><td><code>{_e(t.get('name', ''))}</code></td><td>{_e(t.get('description', ''))}</td>"
        f"<td><code>{_e(json.dumps(t.get('annotations') or {}, sort_keys=True))}</code></td></tr>"
        for t in report.tool_definitions
    )
    skipped = "".join(f"<li><code>{_e(k)}</code>: {_e(v)}</li>" for k, v in report.checks_skipped.items())
    views = "".join(
        f'<figure><img src="{_e(v.screenshot)}" alt="{_e(v.uri)} as rendered"><figcaption><code>{_e(v.uri)}'
        "</code></figcaption></figure>"
        for v in report.rendered_views
        if v.screenshot.startswith("data:image/png;base64,")
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_PAGE_CSP}">'
        f"<title>Review of {_e(report.app)} {_e(report.version)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Automated review: {_e(report.app)} {_e(report.version)}</h1>"
        f'<p><span class="verdict {verdict}">{verdict}</span> · {counts["error"]} errors, '
        f"{counts['warning']} warnings, {counts['info']} notes · {len(report.checks_run)} checks in "
        f"{report.duration_s:.1f} s</p><h2>Findings</h2>{table}"
        + (f"<h2>Checks not run</h2><ul>{skipped}</ul>" if skipped else "")
        + "<h2>Tools as listed by the server</h2><table><thead><tr><th>Name</th><th>Description</th>"
        f"<th>Annotations</th></tr></thead><tbody>{tools}</tbody></table>"
        + (f"<h2>Views as rendered</h2>{views}" if views else "")
        + "</body></html>"
    )


__all__ = ["SEVERITIES", "Finding", "RenderedView", "ReviewReport", "Severity", "render_html"]
