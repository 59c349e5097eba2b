"""The base of every ACP wire model, and the one way a model becomes JSON.

ACP writes snake_case on the wire, so field names are the wire names. Models forbid unknown fields
where the 2026-04-17 JSON Schema says `additionalProperties: false`, so a request the schema rejects
is rejected here too (the tests hold the models against the schema). Optional fields default to
`None` and are left out of the JSON rather than written as `null`, which the schema does not allow.
Timestamps stay RFC 3339 strings: the merchant writes them and never does arithmetic on a parsed one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

PROTOCOL_VERSION = "2026-04-17"
"""The ACP API version this kit speaks."""

SUPPORTED_VERSIONS = (PROTOCOL_VERSION,)
"""API versions a client may send in `API-Version`, newest first."""


class AcpModel(BaseModel):
    """A closed ACP object: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def wire(self) -> dict[str, Any]:
        """The object as ACP JSON: no `null` for absent optional fields."""
        return self.model_dump(mode="json", exclude_none=True)


class OpenAcpModel(AcpModel):
    """An ACP object the schema leaves open (`additionalProperties` unset): unknown fields are kept."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
