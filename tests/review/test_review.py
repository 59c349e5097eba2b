"""The whole review against live servers: the example apps pass, each attack fixture fails with the
check ids of its attack, and `salon app check` reports and exits accordingly.

These start real app servers over stdio, route through the real router (MiniLM) and, where views
are involved, render them in Debian's Chromium.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salon.cli.main import cli
from salon.review import ReviewOptions, ReviewTarget, run_review
from salon.review.reference import REFERENCE_FILE, reference_index, snapshot
from salon.router import Embedder
from tests.review.conftest import EXAMPLE_APPS, EXAMPLES, FIXTURE_APPS

pytestmark = pytest.mark.subprocess

ATTACKS = {
    "poisoning": {
        "poisoning.hidden_instructions",
        "poisoning.tags",
        "poisoning.invisible_characters",
        "poisoning.cross_tool",
        "poisoning.impersonation",
    },
    "transcript": {"privacy.transcript_parameter"},
    "missing_hints": {"hints.declared"},
    "mislabelled": {"hints.write_marked_read_only"},
    "undeclared_data": {"data.undeclared"},
}
VIEW_ATTACKS = {"view_no_csp": {"views.csp_declared"}, "csp_violation": {"views.csp_violation"}}


@pytest.mark.browser
@pytest.mark.parametrize("app", EXAMPLE_APPS)
async def test_each_example_app_passes_the_whole_review(app: str, embedder: Embedder) -> None:
    target = ReviewTarget.parse(EXAMPLES / app)
    report = await run_review(target, options=ReviewOptions(embedder=embedder))
    assert report.errors() == []
    assert report.checks_skipped == {}
    assert "routing.should_route" in report.checks_run
    assert "views.csp_violation" in report.checks_run
    assert report.app == f"dev.salon.examples/{app}"
    assert report.tool_definitions
    # The reviewer sees every view as the review's browser rendered it.
    view_uris = {
        (tool.get("_meta") or {}).get("ui", {}).get("resourceUri") for tool in report.tool_definitions
    } - {None}
    assert {view.uri for view in report.rendered_views} == view_uris
    for view in report.rendered_views:
        png = base64.b64decode(view.screenshot.removeprefix("data:image/png;base64,"))
        assert png.startswith(b"\x89PNG"), view.uri
    if view_uris:
        assert "Views as rendered" in report.to_html()


@pytest.mark.parametrize(("attack", "expected"), ATTACKS.items())
async def test_each_attack_fixture_fails_with_its_check_ids(attack: str, expected: set[str]) -> None:
    options = ReviewOptions(browser=False, routing=False)
    report = await run_review(ReviewTarget.parse(FIXTURE_APPS / attack), options=options)
    assert not report.passed
    assert report.check_ids("error") == expected


@pytest.mark.browser
async def test_views_without_a_csp_or_that_break_it_fail_in_the_browser() -> None:
    options = ReviewOptions(routing=False)
    for attack, expected in VIEW_ATTACKS.items():
        report = await run_review(ReviewTarget.parse(FIXTURE_APPS / attack), options=options)
        assert report.check_ids("error") == expected, attack
    [violation] = [f for f in report.findings if f.check_id == "views.csp_violation"]
    assert violation.details == [
        "img-src blocked https://tracker.example.net/pixel.png",
        "connect-src blocked https://collect.example.org/beacon",
    ]


async def test_test_cases_route_through_the_real_router(embedder: Embedder) -> None:
    folder = FIXTURE_APPS / "clean"
    body = json.loads((folder / "salon.json").read_text())
    cases = body["_meta"]["io.modelcontextprotocol.registry/publisher-provided"]["dev.salon/app"]["testCases"]
    cases["shouldRoute"][0] = "play some jazz by the Otis Vasquez Quartet"
    cases["shouldNotRoute"][0] = "what time is high tide in Dover tomorrow?"
    options = ReviewOptions(browser=False, embedder=embedder)
    report = await run_review(ReviewTarget.parse(folder, body), options=options)
    routed = {(f.check_id, f.subject) for f in report.findings if f.check_id.startswith("routing.")}
    assert routed == {
        ("routing.should_route", "play some jazz by the Otis Vasquez Quartet"),
        ("routing.should_not_route", "what time is high tide in Dover tomorrow?"),
    }


async def test_an_unreachable_server_fails_the_review_and_skips_what_needs_it() -> None:
    target = ReviewTarget.remote("http://127.0.0.1:9/mcp", manifest=EXAMPLES / "units" / "salon.json")
    report = await run_review(target, options=ReviewOptions(connect_limit_s=5))
    assert report.check_ids("error") == {"server.reachable"}
    assert report.checks_skipped["hints.declared"] == "the server did not answer"
    assert report.app == "dev.salon.examples/units"


async def test_a_broken_manifest_is_reported_field_by_field() -> None:
    body = json.loads((FIXTURE_APPS / "clean" / "salon.json").read_text())
    salon = body["_meta"]["io.modelcontextprotocol.registry/publisher-provided"]["dev.salon/app"]
    del salon["privacyPolicyUrl"]
    salon["supportContact"] = "nobody"
    target = ReviewTarget.parse(FIXTURE_APPS / "clean", body)
    report = await run_review(target, options=ReviewOptions(browser=False, routing=False))
    assert report.check_ids("error") == {"listing.privacy_policy", "listing.support_contact"}
    assert "data.undeclared" in report.checks_skipped


def salon(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed `salon` command, as a developer runs it (stdio apps need real standard streams)."""
    command = [str(Path(sys.executable).with_name("salon")), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=110, check=False)


def test_app_check_prints_the_report_writes_json_and_html_and_exits_1_on_errors(tmp_path: Path) -> None:
    out_json, out_html = tmp_path / "report.json", tmp_path / "report.html"
    folder = str(FIXTURE_APPS / "mislabelled")
    result = salon(
        "app",
        "check",
        folder,
        "--no-browser",
        "--no-routing",
        "--json",
        str(out_json),
        "--html",
        str(out_html),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED" in result.stdout
    assert "hints.write_marked_read_only" in result.stdout
    assert "readOnlyHint" in result.stdout
    body = json.loads(out_json.read_text())
    assert body["passed"] is False
    assert "hints.write_marked_read_only" in {f["checkId"] for f in body["findings"]}
    assert "delete_alert" in out_html.read_text()


def test_app_check_exits_0_for_an_app_without_errors() -> None:
    result = salon("app", "check", str(FIXTURE_APPS / "clean"), "--no-browser", "--no-routing")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASSED" in result.stdout


def test_app_check_explains_a_target_that_does_not_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["app", "check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "neither an app folder" in result.output


async def test_the_reference_directory_matches_the_example_apps(embedder: Embedder) -> None:
    live = await snapshot([EXAMPLES / app for app in EXAMPLE_APPS])
    assert live == json.loads(REFERENCE_FILE.read_text()), (
        "the example apps changed: run python -m salon.review.reference examples/apps/hotels "
        "examples/apps/music examples/apps/shop examples/apps/units"
    )
    assert reference_index(embedder).embedder is embedder
