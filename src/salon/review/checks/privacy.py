"""What an app receives: never the conversation, and no personal data its manifest does not declare.

    privacy.transcript_parameter   a parameter that asks for the conversation, the chat history, a
                                   transcript, previous messages or the system prompt. The host never
                                   sends the transcript to an app (design: trust boundaries), so such a
                                   parameter can only be filled by the model copying it out.
    data.undeclared                data minimization: a parameter that carries a kind of personal data
                                   (judged by `PARAMETER_TYPES` below from its name, format and
                                   description) the manifest does not declare for that tool — e.g. an
                                   `email` parameter on a tool whose `data` entry lacks `email`
    data.missing_declaration       a tool with no entry in the manifest's `data` at all
    data.unknown_tool              a `data` entry naming a tool the server does not list

The consent screen shows people exactly the declared types (`salon.directory.consent`), so an
undeclared type is data they did not agree to share.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from salon.directory.manifest import DataType
from salon.host.tools import ToolSpec
from salon.review.checks.hints import words
from salon.review.context import ReviewContext
from salon.review.registry import Check, CheckRegistry
from salon.review.report import Finding

TRANSCRIPT_NAME = re.compile(
    r"conversation|transcript|chat_?(log|history|messages?)|message_?history|messages_?so_?far|"
    r"system_?prompt|previous_?messages|prior_?messages|dialog(ue)?_?history|full_?context|history_?of_?chat",
    re.IGNORECASE,
)
TRANSCRIPT_TEXT = re.compile(
    r"\b(conversation|chat)\s+(history|log|so far|transcript|context|messages)\b|\btranscript\b|"
    r"\bsystem prompt\b|\b(all|every|each|the previous|previous|prior|earlier|past)\s+(the\s+)?"
    r"(user\s+)?(messages|turns)\b|\beverything the (user|person) (has )?(said|wrote|typed|asked)\b|"
    r"\b(whole|entire|full) (conversation|chat|dialog(ue)?)\b",
    re.IGNORECASE,
)

# name words → data type; a parameter matches when one of its name's words (or adjacent pair) is listed.
PARAMETER_TYPES: dict[DataType, frozenset[str]] = {
    DataType.EMAIL: frozenset({"email", "e_mail", "email_address"}),
    DataType.PHONE: frozenset({"phone", "mobile", "telephone", "msisdn", "tel", "cellphone"}),
    DataType.NAME: frozenset(
        {
            f"{who}_name"
            for who in [
                "first",
                "full",
                "last",
                "given",
                "family",
                "middle",
                "guest",
                "customer",
                "person",
                "passenger",
                "recipient",
                "sender",
                "holder",
                "user",
                "contact",
                "traveller",
                "traveler",
                "cardholder",
                "patient",
                "buyer",
                "owner",
            ]
        }
        | {"firstname", "lastname", "fullname", "surname"}
    ),
    DataType.POSTAL_ADDRESS: frozenset(
        {
            "street",
            "postcode",
            "postal_code",
            "zip",
            "zipcode",
            "zip_code",
            "home_address",
            "shipping_address",
            "billing_address",
            "mailing_address",
            "street_address",
            "address_line",
        }
    ),
    DataType.PRECISE_LOCATION: frozenset(
        {
            "lat",
            "latitude",
            "lng",
            "lon",
            "longitude",
            "coordinates",
            "gps",
            "geolocation",
            "current_location",
            "my_location",
            "geo",
        }
    ),
    DataType.DATE_OF_BIRTH: frozenset({"dob", "birthday", "birthdate", "birth_date", "date_of_birth"}),
    DataType.PAYMENT_INFO: frozenset(
        {
            "card_number",
            "cvv",
            "cvc",
            "iban",
            "account_number",
            "credit_card",
            "bank_account",
            "payment_card",
            "sort_code",
            "routing_number",
        }
    ),
    DataType.GOVERNMENT_ID: frozenset(
        {
            "passport",
            "ssn",
            "social_security",
            "national_id",
            "driver_license",
            "drivers_license",
            "driving_licence",
            "tax_id",
            "nino",
        }
    ),
    DataType.HEALTH: frozenset(
        {
            "diagnosis",
            "symptom",
            "symptoms",
            "medication",
            "medications",
            "allergy",
            "allergies",
            "medical",
            "health",
            "blood_type",
            "prescription",
        }
    ),
    DataType.CONTACTS: frozenset({"contacts", "address_book", "phonebook"}),
    DataType.TRAVEL_DETAILS: frozenset(
        {
            "check_in",
            "check_out",
            "checkin",
            "checkout_date",
            "departure",
            "arrival",
            "flight",
            "itinerary",
            "passenger",
            "return_date",
            "departure_date",
            "arrival_date",
        }
    ),
}
PERSON_NAME_TEXT = re.compile(
    r"\b(your|guest'?s?|person'?s?|customer'?s?|passenger'?s?|full|first|last|given|family) name\b|"
    r"\bname (of the (guest|person|customer|passenger|traveller|traveler|user|cardholder|account holder)|"
    r"on the (booking|card|reservation|ticket|account|order))\b",
    re.I,
)


def inferred_types(name: str, schema: dict[str, Any]) -> set[DataType]:
    """The personal-data types a parameter carries, judged from its name, format and description."""
    tokens = words(name)
    joined = {"_".join(tokens)} | {f"{a}_{b}" for a, b in itertools.pairwise(tokens)}
    joined |= {f"{a}_{b}_{c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)}
    found = {kind for kind, names in PARAMETER_TYPES.items() if joined & names or set(tokens) & names}
    if schema.get("format") == "email":
        found.add(DataType.EMAIL)
    description = str(schema.get("description") or "")
    if tokens == ["name"] and PERSON_NAME_TEXT.search(description):
        found.add(DataType.NAME)
    return found


def _parameters(spec: ToolSpec) -> dict[str, dict[str, Any]]:
    properties = spec.input_schema.get("properties")
    if not isinstance(properties, dict):
        return {}
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in properties.items()}


async def _transcript(check: Check, context: ReviewContext) -> list[Finding]:
    findings = []
    for spec in context.tools:
        details = []
        for name, schema in _parameters(spec).items():
            text = f"{schema.get('title') or ''} {schema.get('description') or ''}"
            if TRANSCRIPT_NAME.search(name) or TRANSCRIPT_TEXT.search(text):
                details.append(f"parameter '{name}'")
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _undeclared(check: Check, context: ReviewContext) -> list[Finding]:
    if context.manifest is None:
        return []
    findings = []
    for spec in context.tools:
        use = context.manifest.salon.data_for(spec.name)
        declared = set(use.data_types) if use else set()
        details = []
        for name, schema in _parameters(spec).items():
            for kind in sorted(inferred_types(name, schema) - declared):
                details.append(f"parameter '{name}' carries {kind.value}, not declared for this tool")
        if details:
            findings.append(check.found(spec.name, details))
    return findings


async def _missing_declaration(check: Check, context: ReviewContext) -> list[Finding]:
    if context.manifest is None:
        return []
    salon = context.manifest.salon
    return [check.found(spec.name) for spec in context.tools if salon.data_for(spec.name) is None]


async def _unknown_tool(check: Check, context: ReviewContext) -> list[Finding]:
    if context.manifest is None:
        return []
    listed = {spec.name for spec in context.tools}
    return [check.found(use.tool) for use in context.manifest.salon.data if use.tool not in listed]


_BOTH = frozenset({"server", "manifest"})

CHECKS = [
    Check(
        id="privacy.transcript_parameter",
        severity="error",
        message="A parameter asks for the conversation, chat history, transcript or system prompt.",
        fix="Ask only for the specific values the tool needs (a city, a date, an id); the host never "
        "shares the conversation with apps.",
        run=_transcript,
        needs=frozenset({"server"}),
    ),
    Check(
        id="data.undeclared",
        severity="error",
        message="The tool takes personal data that the manifest does not declare for it.",
        fix="Add the data type to this tool's entry in the manifest's data (and say why), or remove "
        "the parameter if the tool does not need it.",
        run=_undeclared,
        needs=_BOTH,
    ),
    Check(
        id="data.missing_declaration",
        severity="warning",
        message="The manifest does not say what data this tool receives.",
        fix='Add {"tool": ..., "dataTypes": [...], "purpose": ...} to the manifest\'s data; use '
        '["none"] for a tool that receives no personal data.',
        run=_missing_declaration,
        needs=_BOTH,
    ),
    Check(
        id="data.unknown_tool",
        severity="warning",
        message="The manifest declares data for a tool the server does not list.",
        fix="Remove the entry or fix the tool's name so it matches the server's tools/list.",
        run=_unknown_tool,
        needs=_BOTH,
    ),
]


def register(registry: CheckRegistry) -> None:
    registry.register_all(CHECKS)
