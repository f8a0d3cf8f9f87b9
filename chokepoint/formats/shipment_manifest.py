"""``shipment-manifest`` (JSON and CSV): one consignment per record, declared and actual goods.

Mapping: ``shipment-manifest`` records (JSON envelope or the flat CSV layout).

Shipment ``shipment:{billOfLading}``; SHIPPED from the shipper, CONSIGNED_TO and NOTIFIES its
parties, DEPARTED_FROM / ARRIVED_AT its ports, CONTAINED each declared (``declared: true``) and each
actual (``declared: false``) goods line. ``misdeclared`` is derived when the record was inspected:
true when the substances and equipment found differ from those declared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field, model_validator

from chokepoint.formats.common import FormatModel, PartyRef, PortRef
from chokepoint.ingest.agency.envelope import AgencyFormat, CsvLayout, RecordContext
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.agency.substances import substance_props
from chokepoint.ingest.records import NodeRef, Record

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


# -- mapping to graph records ----------------------------------------------------------------------
PARTY_SLOTS = {"shipper": "SHIPPED", "consignee": "CONSIGNED_TO", "notifyParty": "NOTIFIES"}


def to_records(manifest: ShipmentManifest, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    shipment = build.node(
        "Shipment",
        {
            "id": f"shipment:{manifest.bill_of_lading}",
            "billOfLading": manifest.bill_of_lading,
            "mode": manifest.mode,
            "carrier": manifest.carrier,
            "declaredDescription": manifest.declared_description,
            "declaredHsCode": manifest.declared_hs_code,
            "actualDescription": manifest.actual_description,
            "weightKg": manifest.weight_kg,
            "shippedOn": manifest.shipped_on,
            "arrivedOn": manifest.arrived_on,
            "misdeclared": misdeclared(manifest),
        },
    )
    for slot, party in (
        ("shipper", manifest.shipper),
        ("consignee", manifest.consignee),
        ("notifyParty", manifest.notify_party),
    ):
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
    return {
        substance_props(line.substance)["id"] if line.substance else f"equipment:{line.equipment}"
        for line in lines
    }


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
    return build.node(
        "Equipment", {"id": build.scoped_id(kind), "name": kind.replace("_", " ").capitalize(), "kind": kind}
    )


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
        "billOfLading": row.get("billOfLading"),
        "mode": row.get("mode"),
        "carrier": row.get("carrier"),
        "declaredDescription": row.get("declaredDescription"),
        "declaredHsCode": row.get("declaredHsCode"),
        "actualDescription": row.get("actualDescription"),
        "weightKg": row.get("weightKg"),
        "shippedOn": row.get("shippedOn"),
        "arrivedOn": row.get("arrivedOn"),
        "inspectedBy": row.get("inspectedBy"),
        "declaredGoods": goods_cell(row.get("declaredGoods", "")),
        "actualGoods": goods_cell(row.get("actualGoods", "")),
    }
    for slot in ("shipper", "consignee", "notifyParty"):
        prefix = "notify" if slot == "notifyParty" else slot
        if row.get(f"{prefix}Name"):
            record[slot] = {
                "type": row.get(f"{prefix}Type") or "organization",
                "name": row[f"{prefix}Name"],
                "country": row.get(f"{prefix}Country"),
                "subjectId": row.get(f"{prefix}SubjectId"),
            }
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
            {"equipment": name.split(":", 1)[1].strip()}
            if name.lower().startswith("equipment:")
            else {"substance": name}
        )
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
    FORMAT,
    ShipmentManifest,
    "billOfLading",
    to_records,
    reads="manifests, JSON or CSV (`--dataset --agency --caveat`)",
    becomes="Shipment with parties, ports, declared and actual goods, `misdeclared`",
    csv=CsvLayout(CSV_COLUMNS, csv_record),
)
