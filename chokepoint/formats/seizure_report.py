"""``seizure-report`` (JSON): one seizure event per record, as an agency's case file describes it.

Mapping: ``seizure-report`` records: a Seizure node and what it links to.

Seizure ``seizure:{agency}:{caseNumber}``; SEIZED_AT its place; ATTRIBUTED_TO the organisation;
ARRESTED each person with role ``arrested`` (or no role), the others only MENTIONED_IN the report's
SourceDocument; SEIZED each substance (quantities of one substance summed), piece of equipment,
phone and related shipment; FOUND_ADDRESS each crypto address, CONTROLS_ADDRESS from its controller
and USES_PHONE from a phone's user. Cash adds up to the seizure's ``cashUsd``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from chokepoint.formats.common import AddressRef, FormatModel, PartyRef, PlaceRef
from chokepoint.ingest.agency.envelope import AgencyFormat, RecordContext
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.agency.substances import slug
from chokepoint.ingest.records import NodeRef, Record

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


# -- mapping to graph records ----------------------------------------------------------------------
EQUIPMENT_NAMES = {"pill_press": "Pill press", "die": "Die", "encapsulator": "Encapsulator"}


def to_records(report: SeizureReport, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    cash = sum(item.amount_usd for item in report.items if isinstance(item, CashItem))
    seizure = build.node(
        "Seizure",
        {
            "id": f"seizure:{context.agency}:{report.case_number}",
            "caseNumber": report.case_number,
            "seizedOn": report.seized_on,
            "seizingAgency": report.seizing_agency,
            "summary": report.summary,
            "cashUsd": cash if any(isinstance(item, CashItem) for item in report.items) else None,
        },
    )
    document = build.node(
        "SourceDocument",
        {
            "id": build.scoped_id("report"),
            "title": f"Seizure report {report.case_number}",
            "dataset": context.dataset,
        },
    )
    build.link("MENTIONED_IN", seizure, document)
    if report.place is not None:
        build.link("SEIZED_AT", seizure, build.place(report.place))
    if report.attributed_to is not None:
        build.link("ATTRIBUTED_TO", seizure, build.party(report.attributed_to, "attributedTo"))
    for index, person in enumerate(report.persons):
        node = build.party(person, f"persons[{index}]")
        if person.role in (None, "arrested"):
            build.link("ARRESTED", seizure, node, role=person.role)
        else:
            build.link("MENTIONED_IN", node, document)
    _items(build, seizure, report)
    for index, phone in enumerate(report.phones):
        handset = build.phone(phone.number, phone.imei)
        build.link("SEIZED", seizure, handset)
        if phone.user is not None:
            build.link("USES_PHONE", build.lookup(phone.user, f"phones.{index}.user"), handset)
    for index, found in enumerate(report.addresses):
        address = build.address(found)
        build.link("FOUND_ADDRESS", seizure, address, foundOn=found.found_on, note=found.note)
        if found.controlled_by is not None:
            owner = build.lookup(found.controlled_by, f"addresses.{index}.controlledBy")
            build.link("CONTROLS_ADDRESS", owner, address)
    for bill in report.shipments:
        shipment = build.node("Shipment", {"id": f"shipment:{bill}", "billOfLading": bill})
        build.link("SEIZED", seizure, shipment)
    return build.records


def _items(build: RecordBuilder, seizure: NodeRef, report: SeizureReport) -> None:
    totals: dict[str, dict[str, Any]] = {}
    refs: dict[str, NodeRef] = {}
    for index, item in enumerate(report.items):
        if isinstance(item, SubstanceItem):
            ref = build.substance(item.substance)
            key = str(ref.identity["id"])
            refs[key] = ref
            total = totals.setdefault(key, {"quantityKg": None, "pillCount": None, "purity": []})
            total["quantityKg"] = _add(total["quantityKg"], item.quantity_kg)
            total["pillCount"] = _add(total["pillCount"], item.pill_count)
            total["purity"].append(item.purity)
        elif isinstance(item, EquipmentItem):
            build.link("SEIZED", seizure, _equipment(build, item, index), units=item.units)
    for key, total in totals.items():  # one SEIZED per substance: several lots of it add up
        purities = {p for p in total.pop("purity") if p is not None}
        purity = purities.pop() if len(purities) == 1 else None
        build.link("SEIZED", seizure, refs[key], purity=purity, **total)


def _equipment(build: RecordBuilder, item: EquipmentItem, index: int) -> NodeRef:
    """A serial number identifies a piece across records; without one the piece is record-scoped."""
    serial = item.serial_number
    node_id = f"equipment:{item.kind}:{slug(serial)}" if serial else build.scoped_id(f"items[{index}]")
    name = " ".join(part for part in (EQUIPMENT_NAMES[item.kind], item.model) if part)
    return build.node(
        "Equipment",
        {
            "id": node_id,
            "name": name,
            "kind": item.kind,
            "model": item.model,
            "serialNumber": item.serial_number,
            "imprint": item.imprint,
        },
    )


def _add(total: float | int | None, value: float | int | None) -> float | int | None:
    if value is None:
        return total
    return value if total is None else round(total + value, 9)


SPEC: AgencyFormat[SeizureReport] = AgencyFormat(
    FORMAT,
    SeizureReport,
    "caseNumber",
    to_records,
    reads="agency seizure reports, JSON ([formats](docs/formats/README.md))",
    becomes="Seizure with what was seized, where, arrests, attribution, phones and crypto addresses found",
)
