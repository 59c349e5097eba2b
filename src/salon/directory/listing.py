"""What people see of an app: its card (lists, search, categories) and its page.

Both are built from a stored version: the manifest (`server.json` with the Salon section) and the tool
definitions the review fetched. Tools are described in plain words from their own title and
description and from what they declare they do; the data an app receives is exactly what the manifest
declares per tool, which is also what the consent screen shows.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from salon.directory.manifest import AppManifest
from salon.store.directory_records import AppVersion


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class AppCard(_Model):
    name: str
    display_name: str
    short_description: str
    categories: list[str]
    icon: str | None = None
    publisher: str
    version: str
    version_id: str
    state: str


class ToolInPlainWords(_Model):
    name: str
    title: str
    description: str
    effect: str
    """"Only reads information", "Asks you before it changes something", ..."""
    data_types: list[str]
    purpose: str | None = None


class DataUse(_Model):
    tool: str
    data_types: list[str]
    purpose: str


class AppDetails(_Model):
    card: AppCard
    long_description: str
    tools: list[ToolInPlainWords]
    data: list[DataUse]
    data_types: list[str]
    """Every personal-data type the app receives, as the consent screen lists them."""
    privacy_policy_url: str
    support_contact: str
    terms_url: str | None = None
    website_url: str | None = None
    countries: list[str]
    published_at: str | None = None
    reasons: str | None = None


def manifest_of(version: AppVersion) -> AppManifest:
    return AppManifest.from_server_json(version.manifest)


def card(version: AppVersion, manifest: AppManifest | None = None) -> AppCard:
    manifest = manifest or manifest_of(version)
    salon, server = manifest.salon, manifest.server
    icon = salon.icons[0].src if salon.icons else None
    return AppCard(
        name=server.name,
        display_name=salon.display_name or server.title or server.name,
        short_description=salon.short_description,
        categories=[str(c) for c in salon.categories],
        icon=icon,
        publisher=server.name.split("/", 1)[0],
        version=version.version,
        version_id=version.id,
        state=version.state,
    )


def declared_data(manifest: AppManifest) -> list[DataUse]:
    uses = []
    for use in manifest.salon.data:
        types = [str(t) for t in use.data_types if str(t) != "none"]
        uses.append(DataUse(tool=use.tool, data_types=types, purpose=use.purpose))
    return uses


def data_types(manifest: AppManifest) -> list[str]:
    """The personal-data types the app declares it receives, over all its tools, sorted."""
    return sorted({t for use in declared_data(manifest) for t in use.data_types})


def _effect(hints: dict[str, Any]) -> str:
    if hints.get("read_only") is True:
        return "Only reads information; runs without asking."
    if hints.get("destructive") is True:
        return "Can change or delete things; asks you first."
    if hints.get("open_world") is not False:
        return "Acts outside Salon (for example, books or sends something); asks you first."
    return "Changes something; asks you first."


def details(version: AppVersion) -> AppDetails:
    manifest = manifest_of(version)
    uses = {use.tool: use for use in declared_data(manifest)}
    tools = []
    for name, definition in sorted((version.tool_definitions or {}).items()):
        use = uses.get(name)
        tools.append(
            ToolInPlainWords(
                name=name,
                title=definition.get("title") or name.replace("_", " ").capitalize(),
                description=definition.get("description") or "",
                effect=_effect(definition.get("hints") or {}),
                data_types=use.data_types if use else [],
                purpose=use.purpose if use else None,
            )
        )
    salon, server = manifest.salon, manifest.server
    return AppDetails(
        card=card(version, manifest),
        long_description=salon.long_description or server.description,
        tools=tools,
        data=list(uses.values()),
        data_types=data_types(manifest),
        privacy_policy_url=str(salon.privacy_policy_url),
        support_contact=str(salon.support_contact),
        terms_url=str(salon.terms_url) if salon.terms_url else None,
        website_url=str(server.website_url) if getattr(server, "website_url", None) else None,
        countries=list(salon.countries),
        published_at=version.published_at.isoformat() if version.published_at else None,
        reasons=version.reasons,
    )
