"""The app manifest: the MCP Registry's `server.json` plus Salon's section.

An app version is described by one JSON document, `salon.json` in the app's folder. It *is* a
`server.json` (schema 2025-12-11 of the MCP Registry, repo modelcontextprotocol/registry), so any
registry client can read it, with Salon's own fields carried where that schema leaves room for a
publisher's data:

    {"name": "io.example/hotels", "description": "...", "version": "1.0.0", "remotes": [...],
     "_meta": {"io.modelcontextprotocol.registry/publisher-provided":
                 {"dev.salon/app": {"displayName": ..., "categories": [...], "data": [...], ...}}}}

In Python the two halves are separate: `AppManifest.server` (`ServerJson`) and `AppManifest.salon`
(`SalonSection`), snake_case here and camelCase on the wire. `load_manifest` accepts a path, a JSON
string, a `server.json` mapping, or an `AppManifest`'s own dump (`{"server": ..., "salon": ...}`), and
raises `ManifestError` whose `problems` name each wrong field by its wire path and say what to write.

What the Salon section promises is checked by the automated review (`salon.review`): the data each
tool receives is declared per tool (`data`), and `testCases` are requests that must (`shouldRoute`)
and must not (`shouldNotRoute`) reach the app through the router.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.alias_generators import to_camel

from salon.errors import ManifestError

PUBLISHER_KEY = "io.modelcontextprotocol.registry/publisher-provided"
"""The `_meta` key the registry schema reserves for a publisher's own data."""
SALON_KEY = "dev.salon/app"
"""Salon's section, under `_meta[PUBLISHER_KEY]`."""
SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
MANIFEST_FILE = "salon.json"
"""The manifest's file name in an app's folder."""

CATEGORIES: tuple[str, ...] = (
    "business",
    "communication",
    "developer-tools",
    "education",
    "entertainment",
    "finance",
    "food-and-drink",
    "health-and-fitness",
    "lifestyle",
    "music",
    "news",
    "productivity",
    "shopping",
    "travel",
    "utilities",
    "weather",
)
"""The directory's categories; an app lists one to three of them."""


class DataType(StrEnum):
    """Kinds of personal data a tool can receive. `none` says a tool receives none at all."""

    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    POSTAL_ADDRESS = "postal_address"
    PRECISE_LOCATION = "precise_location"
    COARSE_LOCATION = "coarse_location"
    DATE_OF_BIRTH = "date_of_birth"
    PAYMENT_INFO = "payment_info"
    HEALTH = "health"
    GOVERNMENT_ID = "government_id"
    TRAVEL_DETAILS = "travel_details"
    PURCHASE_HISTORY = "purchase_history"
    CONTACTS = "contacts"
    MESSAGES = "messages"
    PREFERENCES = "preferences"
    NONE = "none"


# ISO 3166-1 alpha-2, officially assigned codes.
_ISO_COUNTRIES = frozenset(
    " ".join(
        (
            "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI",
            "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN",
            "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK",
            "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM",
            "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN",
            "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK",
            "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP",
            "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW",
            "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF",
            "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI",
            "VN VU WF WS YE YT ZA ZM ZW",
        )
    ).split()
)

_NAME = re.compile(r"^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")
_TRANSPORT_URL = re.compile(r"^https?://\S+$")
_VERSION_RANGE = re.compile(r"^[\^~<>=]|(^|\.)(x|X|\*)($|\.)|\s-\s|\|\|")
_EMAIL = re.compile(r"^[^@\s<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")
_ICON_SRC = re.compile(r"^(https://\S+|data:image/(png|jpeg|svg\+xml|webp)(;base64)?,\S+)$")


def is_https_url(value: str) -> bool:
    """An absolute https URL on a named host (`https://example.com/privacy`)."""
    return bool(_HTTPS_URL.match(value))


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


class _Wire(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields kept (the registry schema is open)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", frozen=True)

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Repository(_Wire):
    url: str
    source: str
    id: str | None = None
    subfolder: str | None = None


class Remote(_Wire):
    """A remote endpoint of the server (`streamable-http` or `sse`)."""

    type: Literal["streamable-http", "sse"]
    url: str

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not _TRANSPORT_URL.match(value):
            raise ValueError(
                "must be an http:// or https:// URL with no spaces, e.g. https://example.com/mcp"
            )
        return value


class Package(_Wire):
    """A package the server is distributed as (npm, pypi, oci, mcpb...); kept as the registry says."""

    registry_type: str
    identifier: str
    transport: dict[str, Any]
    version: str | None = None

    @field_validator("version")
    @classmethod
    def _pinned(cls, value: str | None) -> str | None:
        if value is not None and (value == "latest" or _VERSION_RANGE.search(value)):
            raise ValueError("must be one exact version (e.g. 1.0.2), not 'latest' or a range")
        return value


class ServerJson(_Wire):
    """The MCP Registry `server.json` fields Salon reads; everything else is kept as given."""

    schema_: str | None = Field(default=None, alias="$schema")
    name: str = Field(min_length=3, max_length=200)
    description: str = Field(min_length=1, max_length=100)
    version: str = Field(min_length=1, max_length=255)
    title: str | None = Field(default=None, min_length=1, max_length=100)
    website_url: str | None = None
    repository: Repository | None = None
    remotes: list[Remote] = Field(default_factory=list)
    packages: list[Package] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict, alias="_meta")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(
                "must be reverse-DNS 'namespace/name' with exactly one slash, e.g. 'io.example/hotels'"
            )
        return value

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if value == "latest" or _VERSION_RANGE.search(value):
            raise ValueError("must be one exact version such as 1.0.2, not 'latest' or a range")
        return value


class Icon(_Wire):
    src: str = Field(max_length=4096)
    mime_type: Literal["image/png", "image/jpeg", "image/svg+xml", "image/webp"] | None = None
    sizes: list[str] = Field(default_factory=list)

    @field_validator("src")
    @classmethod
    def _src(cls, value: str) -> str:
        if not _ICON_SRC.match(value):
            raise ValueError("must be an https:// URL or a data:image/… URI (png, jpeg, svg+xml, webp)")
        return value

    @field_validator("sizes")
    @classmethod
    def _sizes(cls, value: list[str]) -> list[str]:
        for size in value:
            if not re.fullmatch(r"\d+x\d+|any", size):
                raise ValueError(f"size {size!r} must be 'WxH' (e.g. '48x48') or 'any'")
        return value


class ToolDataUse(_Wire):
    """The personal data one tool receives in its arguments, and why."""

    tool: str = Field(min_length=1)
    data_types: list[DataType] = Field(min_length=1)
    purpose: str = Field(min_length=1, max_length=300)

    @field_validator("data_types")
    @classmethod
    def _none_alone(cls, value: list[DataType]) -> list[DataType]:
        if DataType.NONE in value and len(value) > 1:
            raise ValueError("'none' cannot be listed with other data types; remove it or the others")
        return value


class TestCases(_Wire):
    """Requests that must reach this app through the router, and requests that must not."""

    __test__ = False  # not a pytest class, despite the name

    should_route: list[str] = Field(min_length=5)
    should_not_route: list[str] = Field(min_length=3)

    @field_validator("should_route", "should_not_route")
    @classmethod
    def _non_empty(cls, value: list[str]) -> list[str]:
        if any(not text.strip() for text in value):
            raise ValueError("every test case must be a non-empty request")
        return value


class SalonSection(_Wire):
    """Salon's part of the manifest: how the app is listed, what data it receives, how it routes."""

    display_name: str = Field(min_length=1, max_length=60)
    short_description: str = Field(min_length=1, max_length=80)
    long_description: str = Field(min_length=1, max_length=4000)
    categories: list[str] = Field(min_length=1, max_length=3)
    privacy_policy_url: str
    support_contact: str
    terms_url: str | None = None
    icons: list[Icon] = Field(default_factory=list)
    data: list[ToolDataUse] = Field(default_factory=list)
    countries: list[str] = Field(min_length=1)
    test_cases: TestCases

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        for category in value:
            if category not in CATEGORIES:
                raise ValueError(f"{category!r} is not a category; use one of: {', '.join(CATEGORIES)}")
        return value

    @field_validator("privacy_policy_url", "terms_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not is_https_url(value):
            raise ValueError("must be an https:// URL on a public host, e.g. https://example.com/privacy")
        return value

    @field_validator("support_contact")
    @classmethod
    def _contact(cls, value: str) -> str:
        if not (is_email(value) or is_https_url(value)):
            raise ValueError("must be an email address or an https:// URL where people can get help")
        return value

    @field_validator("countries")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        if "*" in value and len(value) > 1:
            raise ValueError("'*' (everywhere) cannot be combined with country codes")
        for code in value:
            if code != "*" and code not in _ISO_COUNTRIES:
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. 'FR') or '*'")
        return value

    @model_validator(mode="after")
    def _one_use_per_tool(self) -> SalonSection:
        tools = [use.tool for use in self.data]
        duplicated = sorted({t for t in tools if tools.count(t) > 1})
        if duplicated:
            raise ValueError(f"data declares {', '.join(duplicated)} more than once; merge the entries")
        return self

    def data_for(self, tool: str) -> ToolDataUse | None:
        """What the manifest declares `tool` receives, or None if it says nothing about it."""
        return next((use for use in self.data if use.tool == tool), None)


class AppManifest(BaseModel):
    """One app version's manifest: the registry `server.json` and Salon's section."""

    model_config = ConfigDict(frozen=True)

    server: ServerJson
    salon: SalonSection

    def to_server_json(self) -> dict[str, Any]:
        """A valid `server.json` with the Salon section under `_meta[PUBLISHER_KEY][SALON_KEY]`."""
        body = self.server.wire()
        body.setdefault("$schema", SCHEMA_URL)
        meta = dict(body.get("_meta") or {})
        publisher = dict(meta.get(PUBLISHER_KEY) or {})
        publisher[SALON_KEY] = self.salon.wire()
        meta[PUBLISHER_KEY] = publisher
        body["_meta"] = meta
        return body

    @classmethod
    def from_server_json(cls, body: Mapping[str, Any]) -> AppManifest:
        """Read a `server.json` that carries a Salon section; `ManifestError` says what is wrong."""
        if not isinstance(body, Mapping):
            raise ManifestError("A manifest must be a JSON object (a server.json document).")
        meta = body.get("_meta")
        meta = meta if isinstance(meta, Mapping) else {}
        publisher = meta.get(PUBLISHER_KEY)
        publisher = publisher if isinstance(publisher, Mapping) else {}
        section = publisher.get(SALON_KEY)
        if not isinstance(section, Mapping):
            raise ManifestError(
                f"This server.json has no Salon section. Add one under "
                f'"_meta": {{"{PUBLISHER_KEY}": {{"{SALON_KEY}": {{...}}}}}} with displayName, '
                "shortDescription, longDescription, categories, privacyPolicyUrl, supportContact, data, "
                "countries and testCases.",
                code="manifest_no_salon",
                problems=[(f"_meta.{PUBLISHER_KEY}.{SALON_KEY}", "missing")],
            )
        server_body = dict(body)
        rest = {k: v for k, v in publisher.items() if k != SALON_KEY}
        server_meta = {k: v for k, v in meta.items() if k != PUBLISHER_KEY}
        if rest:
            server_meta[PUBLISHER_KEY] = rest
        server_body["_meta"] = server_meta
        problems: list[tuple[str, str]] = []
        server = _validate(ServerJson, server_body, "", problems)
        salon = _validate(SalonSection, section, f"_meta.{PUBLISHER_KEY}.{SALON_KEY}.", problems)
        if server is None or salon is None:
            raise ManifestError(_describe(problems), problems=problems)
        return cls(server=server, salon=salon)


_M = TypeVar("_M", bound=BaseModel)


def _validate(model: type[_M], body: Any, prefix: str, problems: list[tuple[str, str]]) -> _M | None:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        for item in error.errors():
            path = prefix + ".".join(str(part) for part in item["loc"])
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "missing":
                message = "is required"
            problems.append((path.rstrip("."), message))
        return None


def _describe(problems: list[tuple[str, str]]) -> str:
    lines = [f"  {path or '(document)'}: {message}" for path, message in problems]
    return "The manifest is invalid; fix these fields:\n" + "\n".join(lines)


def load_manifest(source: Path | str | Mapping[str, Any]) -> AppManifest:
    """Read a manifest from a file (or an app folder holding `salon.json`), a JSON string, or a
    mapping (a `server.json` body, or `{"server": ..., "salon": ...}`)."""
    if isinstance(source, Mapping):
        body: Any = source
    else:
        text = source if isinstance(source, str) and source.lstrip().startswith("{") else None
        if text is None:
            path = Path(source)
            if path.is_dir():
                path = path / MANIFEST_FILE
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise ManifestError(
                    f"Cannot read the manifest {path} ({error.strerror or error}); "
                    f"give an app folder with a {MANIFEST_FILE} or the manifest file itself.",
                    code="manifest_unreadable",
                ) from error
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            raise ManifestError(
                f"The manifest is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).",
                code="manifest_unreadable",
            ) from error
    if isinstance(body, Mapping) and "server" in body and "salon" in body and "name" not in body:
        problems: list[tuple[str, str]] = []
        server = _validate(ServerJson, body["server"], "server.", problems)
        salon = _validate(SalonSection, body["salon"], "salon.", problems)
        if server is None or salon is None:
            raise ManifestError(_describe(problems), problems=problems)
        return AppManifest(server=server, salon=salon)
    return AppManifest.from_server_json(body)


__all__ = [
    "CATEGORIES",
    "MANIFEST_FILE",
    "PUBLISHER_KEY",
    "SALON_KEY",
    "SCHEMA_URL",
    "AppManifest",
    "DataType",
    "Icon",
    "Package",
    "Remote",
    "Repository",
    "SalonSection",
    "ServerJson",
    "TestCases",
    "ToolDataUse",
    "is_email",
    "is_https_url",
    "load_manifest",
]
