"""The review package's public surface, pinned: changing it is a decision, not an accident."""

from __future__ import annotations

import salon.review
from salon.directory import manifest


def test_the_review_package_exports_exactly_its_documented_names() -> None:
    assert sorted(salon.review.__all__) == sorted(
        [
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
    )
    assert salon.review.ENTRY_POINT_GROUP == "salon.review_checks"


def test_the_manifest_module_exports_what_the_directory_relies_on() -> None:
    for name in ("AppManifest", "DataType", "CATEGORIES", "load_manifest", "SalonSection", "ToolDataUse"):
        assert name in manifest.__all__
