"""Adapter for ``shipment-manifest`` records (JSON envelope or the flat CSV layout).

Shipment ``shipment:{billOfLading}``; SHIPPED from the shipper, CONSIGNED_TO and NOTIFIES its
parties, DEPARTED_FROM / ARRIVED_AT its ports, CONTAINED each declared (``declared: true``) and each
actual (``declared: false``) goods line. ``misdeclared`` is derived when the record was inspected:
true when the substances and equipment found differ from those declared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoint.formats.shipment_manifest import FORMAT, GoodsLine, ShipmentManifest
from chokepoint.ingest.agency.envelope import AgencyFormat, CsvLayout, RecordContext, open_agency
from chokepoint.ingest.agency.parties import RecordBuilder
from chokepoint.ingest.agency.substances import substance_props
from chokepoint.ingest.records import NodeRef, Record
from chokepoint.ingest.source import ParsedSource

if TYPE_CHECKING:
    from chokepoint.ingest.registry import Options

PARTY_SLOTS = {"shipper": "SHIPPED", "consignee": "CONSIGNED_TO", "notifyParty": "NOTIFIES"}


def open_manifests(path: Path, options: Options) -> list[ParsedSource]:
    return [open_agency(path, options, SPEC)]


def to_records(manifest: ShipmentManifest, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    shipment = build.node("Shipment", {
        "id": f"shipment:{manifest.bill_of_lading}", "billOfLading": manifest.bill_of_lading,
        "mode": manifest.mode, "carrier": manifest.carrier,
        "declaredDescription": manifest.declared_description, "declaredHsCode": manifest.declared_hs_code,
        "actualDescription": manifest.actual_description, "weightKg": manifest.weight_kg,
        "shippedOn": manifest.shipped_on, "arrivedOn": manifest.arrived_on,
        "misdeclared": misdeclared(manifest),
    })  # fmt: skip
    for slot, party in (("shipper", manifest.shipper), ("consignee", manifest.consignee),
                        ("notifyParty", manifest.notify_party)):  # fmt: skip
        if party is not None:
            node = build.party(party, slot)
            if slot == "shipper":
                build.link("SHIPPED", node, shipment)
            else:
                build.link(PARTY_SLOTS[slot], shipment, node)
    if manifest.origin_port is not None:
        build.link("DEPARTED_FROM", shipment, build.port(manifest.origin_port))
    if manifest.destination_port is not None:
        build.link("ARRIVED_AT", shipment, build.port(manifest.destination_port))
    for declared, lines in ((True, manifest.declared_goods), (False, manifest.actual_goods)):
        for target, quantity_kg, units in _goods(build, lines, "declared" if declared else "actual"):
            build.link("CONTAINED", shipment, target, declared=declared, quantityKg=quantity_kg, units=units)
    return build.records


def misdeclared(manifest: ShipmentManifest) -> bool | None:
    """None when nothing says what was found; else whether the goods found differ from those declared."""
    if not manifest.inspected:
        return None
    if not manifest.actual_goods:
        return False  # inspected, and nothing beyond the declaration was recorded
    return _kinds(manifest.actual_goods) != _kinds(manifest.declared_goods)


def _kinds(lines: list[GoodsLine]) -> set[str]:
    return {substance_props(line.substance)["id"] if line.substance else f"equipment:{line.equipment}"
            for line in lines}  # fmt: skip


def _goods(
    build: RecordBuilder, lines: list[GoodsLine], side: str
) -> list[tuple[NodeRef, float | None, int | None]]:
    """One (target, kg, units) per distinct good; repeated lines of one good add up."""
    totals: dict[str, tuple[NodeRef, float | None, int | None]] = {}
    for line in lines:
        target = build.substance(line.substance) if line.substance else _equipment(build, line)
        key = str(target.identity["id"])
        _, kg, units = totals.get(key, (target, None, None))
        totals[key] = (target, _add(kg, line.quantity_kg), _add(units, line.units))
    return list(totals.values())


def _equipment(build: RecordBuilder, line: GoodsLine) -> NodeRef:
    """Equipment on a manifest has no serial: one node per kind per shipment, declared or found."""
    kind = line.equipment or "other"
    return build.node("Equipment", {"id": build.scoped_id(kind), "name": kind.replace("_", " ").capitalize(),
                                    "kind": kind})  # fmt: skip


def _add(total: Any, value: Any) -> Any:
    if value is None:
        return total
    return value if total is None else round(total + value, 9)


# -- CSV layout: one row per shipment, flat columns ----------------------------------------------------
CSV_COLUMNS = ("billOfLading", "mode", "shipperName", "consigneeName", "originPort", "destinationPort")
_GOOD = re.compile(r"^(?P<name>[^=]+?)\s*(=\s*(?P<qty>\d+(\.\d+)?)\s*(?P<unit>kg|units?)?)?$", re.IGNORECASE)


def csv_record(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as the JSON record it stands for (validated by the same model)."""
    record: dict[str, Any] = {
        "billOfLading": row.get("billOfLading"), "mode": row.get("mode"), "carrier": row.get("carrier"),
        "declaredDescription": row.get("declaredDescription"), "declaredHsCode": row.get("declaredHsCode"),
        "actualDescription": row.get("actualDescription"), "weightKg": row.get("weightKg"),
        "shippedOn": row.get("shippedOn"), "arrivedOn": row.get("arrivedOn"),
        "inspectedBy": row.get("inspectedBy"),
        "declaredGoods": goods_cell(row.get("declaredGoods", "")),
        "actualGoods": goods_cell(row.get("actualGoods", "")),
    }  # fmt: skip
    for slot in ("shipper", "consignee", "notifyParty"):
        prefix = "notify" if slot == "notifyParty" else slot
        if row.get(f"{prefix}Name"):
            record[slot] = {
                "type": row.get(f"{prefix}Type") or "organization", "name": row[f"{prefix}Name"],
                "country": row.get(f"{prefix}Country"), "subjectId": row.get(f"{prefix}SubjectId"),
            }  # fmt: skip
    for slot in ("originPort", "destinationPort"):
        if row.get(slot):
            record[slot] = {"unlocode": row[slot].upper(), "kind": row.get(f"{slot}Kind")}
    return {key: _blank_to_none(value) for key, value in record.items()}


def goods_cell(text: str) -> list[dict[str, Any]]:
    """``4-ANPP=25kg; equipment:pill_press=2`` -> goods lines (``=N`` alone is kg for substances)."""
    lines: list[dict[str, Any]] = []
    for part in (item.strip() for item in text.split(";")):
        if not part:
            continue
        match = _GOOD.match(part)
        if match is None:
            lines.append({"substance": part})  # left to the model to judge
            continue
        name, qty, unit = match["name"].strip(), match["qty"], (match["unit"] or "").lower()
        line: dict[str, Any] = (
            {"equipment": name.split(":", 1)[1].strip()} if name.lower().startswith("equipment:")
            else {"substance": name}
        )  # fmt: skip
        if qty is not None:
            in_units = unit.startswith("unit") or (not unit and "equipment" in line)
            line["units" if in_units else "quantityKg"] = qty
        lines.append(line)
    return lines


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if item not in (None, "")}
    return None if value == "" else value


SPEC: AgencyFormat[ShipmentManifest] = AgencyFormat(
    FORMAT, ShipmentManifest, "billOfLading", to_records, csv=CsvLayout(CSV_COLUMNS, csv_record)
)
