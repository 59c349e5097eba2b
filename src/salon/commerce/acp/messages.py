"""What the merchant tells the buyer about a session: messages (info, warning, error) and links."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from salon.commerce.acp._base import AcpModel

Severity = Literal["info", "low", "medium", "high", "critical"]
Resolution = Literal["recoverable", "requires_buyer_input", "requires_buyer_review"]
ContentType = Literal["plain", "markdown"]

WarningCode = Literal[
    "low_stock",
    "high_demand",
    "shipping_delay",
    "price_change",
    "expiring_promotion",
    "limited_availability",
    "discount_code_expired",
    "discount_code_invalid",
    "discount_code_already_applied",
    "discount_code_combination_disallowed",
    "discount_code_minimum_not_met",
    "discount_code_user_not_logged_in",
    "discount_code_user_ineligible",
    "discount_code_usage_limit_reached",
]
ErrorCode = Literal[
    "missing",
    "invalid",
    "out_of_stock",
    "payment_declined",
    "requires_sign_in",
    "requires_3ds",
    "low_stock",
    "quantity_exceeded",
    "coupon_invalid",
    "coupon_expired",
    "minimum_not_met",
    "maximum_exceeded",
    "region_restricted",
    "age_verification_required",
    "approval_required",
    "unsupported",
    "not_found",
    "conflict",
    "rate_limited",
    "expired",
    "intervention_required",
]
LinkType = Literal[
    "terms_of_use",
    "privacy_policy",
    "return_policy",
    "shipping_policy",
    "contact_us",
    "about_us",
    "faq",
    "support",
]


class MessageInfo(AcpModel):
    type: Literal["info"] = "info"
    severity: Severity | None = None
    resolution: Resolution | None = None
    param: str | None = None
    content_type: ContentType = "plain"
    content: str


class MessageWarning(AcpModel):
    type: Literal["warning"] = "warning"
    code: WarningCode
    severity: Severity | None = None
    resolution: Resolution | None = None
    param: str | None = None
    content_type: ContentType = "plain"
    content: str


class MessageError(AcpModel):
    type: Literal["error"] = "error"
    code: ErrorCode
    severity: Severity | None = None
    resolution: Resolution | None = None
    param: str | None = None
    content_type: ContentType = "plain"
    content: str


Message = Annotated[MessageInfo | MessageWarning | MessageError, Field(discriminator="type")]


class Link(AcpModel):
    type: LinkType
    title: str | None = None
    url: str


__all__ = [
    "ErrorCode",
    "Link",
    "LinkType",
    "Message",
    "MessageError",
    "MessageInfo",
    "MessageWarning",
    "WarningCode",
]
