"""``shipment-manifest`` (JSON and CSV): one consignment per record, declared and actual goods."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from chokepoint.formats.common import FormatModel, PartyRef, PortRef

FORMAT = "shipment-manifest"
EquipmentKind = Literal["pill_press", "die", "encapsulator", "mixer", "other"]
Mode = Literal["sea", "air", "road", "rail", "express_mail", "post"]


class GoodsLine(FormatModel):
    """One line of goods: a substance (name or CAS) or a kind of equipment, with its quantity."""

    substance: str | None = Field(None, min_length=1, description="Name or CAS number")
    equipment: EquipmentKind | None = None
    quantity_kg: float | None = Field(None, ge=0)
    units: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _one_kind(self) -> GoodsLine:
        if (self.substance is None) == (self.equipment is None):
            raise ValueError("a goods line names exactly one of substance or equipment")
        return self


class ShipmentManifest(FormatModel):
    """A shipment by bill of lading (or airway bill, or express tracking number)."""

    bill_of_lading: str = Field(min_length=1, description="Bill of lading, airway bill or tracking number")
    mode: Mode | None = None
    carrier: str | None = Field(None, min_length=1)
    shipper: PartyRef | None = None
    consignee: PartyRef | None = None
    notify_party: PartyRef | None = None
    origin_port: PortRef | None = None
    destination_port: PortRef | None = None
    declared_description: str | None = None
    declared_hs_code: str | None = Field(None, pattern=r"^\d{4}(\.?\d{2}){0,3}$", description="HS code")
    declared_goods: list[GoodsLine] = Field(default_factory=list)
    actual_goods: list[GoodsLine] = Field(default_factory=list, description="What inspection found")
    actual_description: str | None = None
    weight_kg: float | None = Field(None, ge=0)
    shipped_on: dt.date | None = None
    arrived_on: dt.date | None = None
    inspected_by: str | None = Field(None, min_length=1, description="Agency that inspected the goods")

    @model_validator(mode="after")
    def _dates_in_order(self) -> ShipmentManifest:
        if self.shipped_on and self.arrived_on and self.arrived_on < self.shipped_on:
            raise ValueError("arrivedOn is before shippedOn")
        return self

    @property
    def inspected(self) -> bool:
        """Whether the record says what was actually found."""
        return bool(self.actual_goods or self.actual_description or self.inspected_by)
