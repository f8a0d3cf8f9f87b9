"""``seizure-report`` (JSON): one seizure event per record, as an agency's case file describes it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from chokepoint.formats.common import AddressRef, FormatModel, PartyRef, PlaceRef

FORMAT = "seizure-report"
SEIZURE_ROLES = ("arrested", "suspect", "courier", "owner", "other")
EquipmentKind = Literal["pill_press", "die", "encapsulator"]
FoundOn = Literal["paper", "phone", "computer", "hardware_wallet", "seed_phrase", "other"]


class SubstanceItem(FormatModel):
    """A drug or chemical seized, by name or CAS number."""

    kind: Literal["substance"]
    substance: str = Field(min_length=1, description="Name or CAS number (fentanyl, 4-ANPP, 79-03-8 …)")
    form: Literal["powder", "pills", "liquid"] | None = None
    quantity_kg: float | None = Field(None, ge=0)
    pill_count: int | None = Field(None, ge=0)
    purity: float | None = Field(None, ge=0, le=1, description="From 0 to 1 when tested")


class EquipmentItem(FormatModel):
    """A pill press, die or encapsulator."""

    kind: EquipmentKind
    units: int = Field(1, ge=1)
    model: str | None = Field(None, min_length=1)
    serial_number: str | None = Field(None, min_length=1)
    imprint: str | None = Field(None, min_length=1, description="What a die stamps (M 30 …)")


class CashItem(FormatModel):
    """Cash seized, in US dollars."""

    kind: Literal["cash"]
    amount_usd: float = Field(ge=0)


SeizedItem = Annotated[SubstanceItem | EquipmentItem | CashItem, Field(discriminator="kind")]


class SeizedPhone(FormatModel):
    """A handset seized: its number, IMEI and who used it (a party ``ref`` of the record)."""

    number: str = Field(min_length=1, description="International form (+52 …)")
    imei: str | None = Field(None, pattern=r"^\d{14,16}$")
    user: str | None = Field(None, min_length=1, description="ref of the party who used it")


class FoundAddress(AddressRef):
    """A crypto address found in the seizure: where, and who controls it (a party ``ref``)."""

    found_on: FoundOn | None = None
    note: str | None = Field(None, min_length=1, description="Where exactly (notebook, kitchen drawer)")
    controlled_by: str | None = Field(None, min_length=1, description="ref of the party controlling it")


class SeizureReport(FormatModel):
    """One seizure: when, where, by whom, what was taken, who was arrested, what was found."""

    case_number: str = Field(min_length=1, description="The agency's case or seizure number")
    seized_on: dt.date
    seizing_agency: str = Field(min_length=1)
    place: PlaceRef | None = None
    summary: str | None = None
    attributed_to: PartyRef | None = Field(None, description="The organisation or cell (an organization)")
    items: list[SeizedItem] = Field(default_factory=list)
    persons: list[PartyRef] = Field(default_factory=list, description="with role: " + "|".join(SEIZURE_ROLES))
    phones: list[SeizedPhone] = Field(default_factory=list)
    addresses: list[FoundAddress] = Field(default_factory=list)
    shipments: list[str] = Field(default_factory=list, description="Bills of lading of related shipments")

    @model_validator(mode="after")
    def _parties_fit(self) -> SeizureReport:
        if self.attributed_to is not None and self.attributed_to.type != "organization":
            raise ValueError("attributedTo must be an organization")
        for index, person in enumerate(self.persons):
            if person.role is not None and person.role not in SEIZURE_ROLES:
                roles = ", ".join(SEIZURE_ROLES)
                raise ValueError(f"persons.{index}.role {person.role!r} is not one of {roles}")
        return self
