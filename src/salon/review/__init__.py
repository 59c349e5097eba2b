"""The automated review: the checks the directory runs on every submitted app version, and that
`salon app check` runs locally.

report.py     Finding, ReviewReport (JSON and self-contained HTML)
registry.py   Check, CheckRegistry, the `salon.review_checks` entry-point hook
context.py    ReviewContext (what checks read), ReviewOptions (limits, browser, router)
runner.py     ReviewTarget, run_review: fetch from the live server once, run every check
browser.py    render views in headless Chromium under the host's CSP, record violations
reference.py  the reference directory the routing check routes through
checks/       the core checks, one module per group
"""

from salon.review.context import ReviewContext, ReviewOptions
from salon.review.registry import ENTRY_POINT_GROUP, Check, CheckRegistry
from salon.review.report import Finding, ReviewReport, Severity
from salon.review.runner import ReviewTarget, run_review

__all__ = [
    "ENTRY_POINT_GROUP",
    "Check",
    "CheckRegistry",
    "Finding",
    "ReviewContext",
    "ReviewOptions",
    "ReviewReport",
    "ReviewTarget",
    "Severity",
    "run_review",
]
