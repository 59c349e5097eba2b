"""Where and how items reach the buyer: addresses, fulfillment options and the buyer's selection."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from salon.commerce.acp._base import AcpModel
from salon.commerce.acp.totals import Total

FulfillmentType = Literal["shipping", "digital", "pickup", "local_delivery"]


class Address(AcpModel):
    name: str
    line_one: str
    line_two: str | None = None
    city: str
    state: str
    country: str
    postal_code: str
    company: str | None = None


class FulfillmentDetails(AcpModel):
    name: str | None = None
    phone_number: str | None = None
    email: str | None = None
    address: Address | None = None


class FulfillmentOptionShipping(AcpModel):
    type: Literal["shipping"] = "shipping"
    id: str
    title: str
    description: str | None = None
    carrier: str | None = None
    earliest_delivery_time: str | None = None
    latest_delivery_time: str | None = None
    totals: list[Total]


class FulfillmentOptionDigital(AcpModel):
    type: Literal["digital"] = "digital"
    id: str
    title: str
    description: str | None = None
    totals: list[Total]


class FulfillmentOptionPickup(AcpModel):
    type: Literal["pickup"] = "pickup"
    id: str
    title: str
    description: str | None = None
    location: dict[str, Any]
    pickup_type: Literal["in_store", "curbside", "locker"] | None = None
    ready_by: str | None = None
    pickup_by: str | None = None
    totals: list[Total]


class FulfillmentOptionLocalDelivery(AcpModel):
    type: Literal["local_delivery"] = "local_delivery"
    id: str
    title: str
    description: str | None = None
    delivery_window: dict[str, Any] | None = None
    service_area: dict[str, Any] | None = None
    totals: list[Total]


FulfillmentOption = Annotated[
    FulfillmentOptionShipping
    | FulfillmentOptionDigital
    | FulfillmentOptionPickup
    | FulfillmentOptionLocalDelivery,
    Field(discriminator="type"),
]


class SelectedFulfillmentOption(AcpModel):
    type: FulfillmentType
    option_id: str
    item_ids: list[str]


class FulfillmentGroup(AcpModel):
    id: str
    item_ids: list[str]
    destination_type: FulfillmentType
    fulfillment_details: FulfillmentDetails | None = None
    location_id: str | None = None
    instructions: str | None = None


class EstimatedDelivery(AcpModel):
    earliest: str
    latest: str


__all__ = [
    "Address",
    "EstimatedDelivery",
    "FulfillmentDetails",
    "FulfillmentGroup",
    "FulfillmentOption",
    "FulfillmentOptionDigital",
    "FulfillmentOptionLocalDelivery",
    "FulfillmentOptionPickup",
    "FulfillmentOptionShipping",
    "FulfillmentType",
    "SelectedFulfillmentOption",
]
