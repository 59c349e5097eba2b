"""The app directory: submission, automated review, the review queue, publishing, discovery, installs.

manifest.py      the app manifest: MCP Registry `server.json` plus Salon's section
states.py        the version state machine (draft → … → published → deprecated / yanked)
review_seam.py   how the directory runs the automated review (`salon.review`), and where servers are
service.py       `Directory`: submit, review, approve / reject, publish, deprecate, yank, audit
listing.py       what people see: an app's card and its page
search.py        `DirectorySearch`: search by meaning (the router) and browse by category
consent.py       install with consent, uninstall, per-tool permissions
pinning.py       what the host withholds from a directory app, and why
registry.py      the MCP Registry v0.1 API bodies
importer.py      importing published `server.json` files
"""

from salon.directory.manifest import (
    CATEGORIES,
    AppManifest,
    DataType,
    SalonSection,
    ServerJson,
    TestCases,
    ToolDataUse,
    load_manifest,
)

__all__ = [
    "CATEGORIES",
    "AppManifest",
    "DataType",
    "SalonSection",
    "ServerJson",
    "TestCases",
    "ToolDataUse",
    "load_manifest",
]
