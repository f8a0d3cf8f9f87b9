"""Adapter for ``seizure-report`` records: a Seizure node and what it links to.

Seizure ``seizure:{agency}:{caseNumber}``; SEIZED_AT its place; ATTRIBUTED_TO the organisation;
ARRESTED each person with role ``arrested`` (or no role), the others only MENTIONED_IN the report's
SourceDocument; SEIZED each substance (quantities of one substance summed), piece of equipment,
phone and related shipment; FOUND_ADDRESS each crypto address, CONTROLS_ADDRESS from its controller
and USES_PHONE from a phone's user. Cash adds up to the seizure's ``cashUsd``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoint.formats.seizure_report import (
    FORMAT,
    CashItem,
    EquipmentItem,
    SeizureReport,
    SubstanceItem,
)
from chokepoint.ingest.agency.envelope import AgencyFormat, RecordContext, open_agency
from chokepoint.ingest.agency.parties import RecordBuilder
from chokepoint.ingest.agency.substances import slug
from chokepoint.ingest.records import NodeRef, Record
from chokepoint.ingest.source import ParsedSource

if TYPE_CHECKING:
    from chokepoint.ingest.registry import Options

EQUIPMENT_NAMES = {"pill_press": "Pill press", "die": "Die", "encapsulator": "Encapsulator"}


def open_reports(path: Path, options: Options) -> list[ParsedSource]:
    return [open_agency(path, options, SPEC)]


def to_records(report: SeizureReport, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    cash = sum(item.amount_usd for item in report.items if isinstance(item, CashItem))
    seizure = build.node("Seizure", {
        "id": f"seizure:{context.agency}:{report.case_number}", "caseNumber": report.case_number,
        "seizedOn": report.seized_on, "seizingAgency": report.seizing_agency, "summary": report.summary,
        "cashUsd": cash if any(isinstance(item, CashItem) for item in report.items) else None,
    })  # fmt: skip
    document = build.node("SourceDocument", {
        "id": build.scoped_id("report"), "title": f"Seizure report {report.case_number}",
        "dataset": context.dataset,
    })  # fmt: skip
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
    return build.node("Equipment", {"id": node_id, "name": name, "kind": item.kind, "model": item.model,
                                    "serialNumber": item.serial_number, "imprint": item.imprint})  # fmt: skip


def _add(total: float | int | None, value: float | int | None) -> float | int | None:
    if value is None:
        return total
    return value if total is None else round(total + value, 9)


SPEC: AgencyFormat[SeizureReport] = AgencyFormat(FORMAT, SeizureReport, "caseNumber", to_records)
