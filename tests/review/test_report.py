"""The report: camelCase JSON that passes exactly when no finding is an error, and a self-contained,
escaped HTML page."""

from __future__ import annotations

import json
import re

from salon.review import Finding, ReviewReport


def report(*findings: Finding) -> ReviewReport:
    return ReviewReport(
        app="dev.salon.fixtures/tides",
        version="1.0.0",
        findings=list(findings),
        tool_definitions=[{"name": "tide_times", "description": "<b>bold</b>", "inputSchema": {}}],
        checks_run=["hints.declared"],
        duration_s=1.25,
    )


def finding(severity: str = "error", subject: str = "tide_times") -> Finding:
    return Finding.model_validate(
        {"checkId": "poisoning.tags", "severity": severity, "message": "m.", "fix": "f.", "subject": subject}
    )


def test_a_report_passes_only_without_error_findings() -> None:
    assert report().passed
    assert report(finding("warning"), finding("info")).passed
    assert not report(finding("warning"), finding("error")).passed


def test_the_json_report_is_camel_case_and_round_trips() -> None:
    body = json.loads(report(finding()).to_json())
    assert set(body) >= {"app", "version", "passed", "findings", "toolDefinitions", "durationS", "checksRun"}
    assert body["passed"] is False
    assert body["findings"][0]["checkId"] == "poisoning.tags"
    body.pop("passed")
    assert ReviewReport.model_validate(body) == report(finding())


def test_the_html_report_escapes_app_text_and_loads_nothing() -> None:
    hostile = '<script>alert(1)</script><img src="https://evil.example/x.png">'
    page = report(finding(subject=hostile)).to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert not re.search(r"<(script|img|link|iframe|object|embed)\b", page, re.IGNORECASE)
    assert "default-src 'none'" in page
    assert "failed" in page
    assert "poisoning.tags" in page
