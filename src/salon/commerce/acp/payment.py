"""How a session is paid: negotiated capabilities, payment handlers, and the agent's `payment_data`.

Since 2026-01-30 the seller lists payment *handlers* in `capabilities.payment.handlers`; the agent
answers on complete with `payment_data = {handler_id, instrument: {type, credential: {type, token}}}`,
where the credential is the delegated token (`vt_…` / Shared Payment Token) minted by the PSP.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from salon.commerce.acp._base import AcpModel, OpenAcpModel
from salon.commerce.acp.fulfillment import Address

Intervention = Literal["3ds", "biometric", "address_verification"]


class InterventionCapabilities(AcpModel):
    supported: list[Intervention] | None = None
    required: list[Literal["3ds", "biometric"]] | None = None
    enforcement: Literal["always", "conditional", "optional"] | None = None
    display_context: Literal["native", "webview", "modal", "redirect"] | None = None
    redirect_context: Literal["in_app", "external_browser", "none"] | None = None
    max_redirects: int | None = Field(default=None, ge=0)
    max_interaction_depth: int | None = Field(default=None, ge=1)


class PaymentHandler(AcpModel):
    id: str
    name: str
    display_name: str | None = None
    version: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    spec: str
    requires_delegate_payment: bool
    requires_pci_compliance: bool
    psp: str
    config_schema: str
    instrument_schemas: list[str]
    config: dict[str, Any]
    display_order: int | None = None


class Payment(AcpModel):
    handlers: list[PaymentHandler]


class Capabilities(AcpModel):
    payment: Payment | None = None
    interventions: InterventionCapabilities | None = None
    # Requests carry extension names, responses extension declarations (objects).
    extensions: list[str] | list[dict[str, Any]] | None = None


class Credential(OpenAcpModel):
    type: str
    token: str


class Instrument(OpenAcpModel):
    type: str
    credential: Credential


class PaymentData(AcpModel):
    handler_id: str | None = None
    instrument: Instrument | None = None
    billing_address: Address | None = None
    purchase_order_number: str | None = None
    payment_terms: Literal["immediate", "net_15", "net_30", "net_60", "net_90"] | None = None
    due_date: str | None = None
    approval_required: bool | None = None

    @model_validator(mode="after")
    def _handler_or_purchase_order(self) -> PaymentData:
        if (self.handler_id is None or self.instrument is None) and self.purchase_order_number is None:
            raise ValueError("payment_data needs handler_id and instrument (or a purchase_order_number)")
        return self


__all__ = [
    "Capabilities",
    "Credential",
    "Instrument",
    "Intervention",
    "InterventionCapabilities",
    "Payment",
    "PaymentData",
    "PaymentHandler",
]
