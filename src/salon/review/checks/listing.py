"""The manifest itself: readable and valid, with a privacy policy, a support contact and test cases.

`salon.directory.manifest` validates the document; a `ManifestError` carries one `(field, problem)`
pair per wrong field, and this module turns each into a finding under the check that owns the field:

    listing.privacy_policy   `privacyPolicyUrl` missing or not an https URL on a public host
    listing.support_contact  `supportContact` missing or neither an email address nor an https URL
    manifest.test_cases      fewer than 5 `shouldRoute` or 3 `shouldNotRoute` requests, or empty ones
    manifest.valid           everything else (no manifest, bad JSON, a bad name, version, category…)

On a valid manifest the first two also look further: a privacy policy or support site on a host
that is clearly not the publisher's own public site (an IP address, `localhost`) is refused, and a
support email address must be one people can write to (not `noreply@`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from salon.review.context import ReviewContext
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding

_OWNERS = {
    "privacyPolicyUrl": "listing.privacy_policy",
    "supportContact": "listing.support_contact",
    "testCases": "manifest.test_cases",
}
_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|donotreply)@", re.IGNORECASE)
_IP_HOST = re.compile(r"^\d+(\.\d+){3}$|^\[")


def owner(path: str) -> str:
    """The check id that reports a problem at manifest field `path`."""
    for key, check_id in _OWNERS.items():
        if re.search(rf"(^|\.){key}(\.|$)", path):
            return check_id
    return "manifest.valid"


def _problems(check: Check, context: ReviewContext) -> list[Finding]:
    error = context.manifest_error
    if error is None:
        return []
    problems = error.problems or [("", error.message)]
    return [
        check.found(path or None, [message if path else error.message])
        for path, message in problems
        if owner(path) == check.id
    ]


def _bad_host(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost") or _IP_HOST.match(host):
        return f"{url} is not on a public host name"
    return None


async def _valid(check: Check, context: ReviewContext) -> list[Finding]:
    return _problems(check, context)


async def _privacy_policy(check: Check, context: ReviewContext) -> list[Finding]:
    findings = _problems(check, context)
    if context.manifest is not None:
        problem = _bad_host(context.manifest.salon.privacy_policy_url)
        if problem:
            findings.append(check.found("privacyPolicyUrl", [problem]))
    return findings


async def _support_contact(check: Check, context: ReviewContext) -> list[Finding]:
    findings = _problems(check, context)
    if context.manifest is not None:
        contact = context.manifest.salon.support_contact
        problem = f"{contact} does not accept replies" if _NO_REPLY.match(contact) else None
        if problem is None and contact.startswith("https://"):
            problem = _bad_host(contact)
        if problem:
            findings.append(check.found("supportContact", [problem]))
    return findings


async def _test_cases(check: Check, context: ReviewContext) -> list[Finding]:
    findings = _problems(check, context)
    if context.manifest is not None:
        cases = context.manifest.salon.test_cases
        both = {c.strip().lower() for c in cases.should_route} & {
            c.strip().lower() for c in cases.should_not_route
        }
        findings.extend(check.found("testCases", [f"listed as both: {text!r}"]) for text in sorted(both))
    return findings


CHECKS = [
    Check(
        id="manifest.valid",
        severity="error",
        message="The manifest is missing, unreadable or invalid.",
        fix="Fix the named field in salon.json (a server.json with Salon's section under "
        "_meta['io.modelcontextprotocol.registry/publisher-provided']['dev.salon/app']).",
        run=_valid,
    ),
    Check(
        id="listing.privacy_policy",
        severity="error",
        message="The manifest has no usable privacy policy URL.",
        fix="Set privacyPolicyUrl to the https:// address of your app's privacy policy on your public site.",
        run=_privacy_policy,
    ),
    Check(
        id="listing.support_contact",
        severity="error",
        message="The manifest has no usable support contact.",
        fix="Set supportContact to an email address people can write to, or the https:// address of "
        "your support page.",
        run=_support_contact,
    ),
    Check(
        id="manifest.test_cases",
        severity="error",
        message="The manifest's routing test cases are missing, too few or contradictory.",
        fix="Give at least 5 requests in testCases.shouldRoute that must reach your app and at least 3 "
        "in testCases.shouldNotRoute that must not, none in both lists.",
        run=_test_cases,
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
