"""Shipments: precursors by sea to cartel front companies (HSI), presses and dies by express mail (CBP)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chokepoint.synthetic import geography, goods
from chokepoint.synthetic.parties import SubjectFiles, party
from chokepoint.synthetic.world import Actor, World


@dataclass
class ShipmentPlan:
    """Facts other generators reuse (a seizure that cites the parcel's airway bill)."""

    bill: str
    consignee: Actor
    equipment: bool
    arrived_on: dt.date
    record: dict[str, Any] = field(default_factory=dict)


def sea_shipments(world: World, files: SubjectFiles, count: int) -> list[ShipmentPlan]:
    """HSI-style manifests: a supplier ships precursors under a cover description to a front company."""
    rng = world.rng
    plans = []
    for n in range(count):
        supplier = world.suppliers[n % len(world.suppliers)]
        front = world.fronts[n % len(world.fronts)] if n < len(world.fronts) else rng.choice(world.fronts)
        legit = n % 6 == 5
        shipped = world.day(0, 600)
        arrived = shipped + dt.timedelta(days=rng.randint(24, 40))
        kg = float(rng.choice((25, 50, 100, 200, 500)))
        if legit:
            name, hs = rng.choice(goods.LEGIT_GOODS)
            declared_goods, actual_goods, actual_desc = [{"substance": name, "quantityKg": kg}], None, None
        else:
            name, hs = rng.choice(goods.PRECURSOR_COVERS)
            chem = rng.choice(goods.PRECURSORS)
            declared_goods = None
            actual_goods = [{"substance": chem, "quantityKg": kg}]
            actual_desc = f"{chem}, {kg:g} kg in fibre drums"
        origin, destination = rng.choice(goods.SEA_ORIGINS), rng.choice(goods.MX_SEAPORTS)
        bill = f"{rng.choice(('COSU', 'EGLV', 'YMLU', 'ONEY', 'CMDU'))}{6000000000 + n * 7919:010d}"
        record: dict[str, Any] = {
            "billOfLading": bill,
            "mode": "sea",
            "carrier": rng.choice(goods.SEA_CARRIERS),
            "shipper": party(files, "HSI", supplier, style=1 if supplier.ofac_uid else 0),
            "consignee": party(files, "HSI", front),
        }
        if n % 5 == 0:
            operator = world.brokers[n % len(world.brokers)].members[0]
            record["notifyParty"] = party(files, "HSI", operator, style=1)
        record |= {
            "originPort": geography.port(origin, "seaport"),
            "destinationPort": geography.port(destination, "seaport"),
            "declaredDescription": name,
            "declaredHsCode": hs,
        }
        if declared_goods:
            record["declaredGoods"] = declared_goods
        if actual_goods:
            record["actualGoods"] = actual_goods
            record["actualDescription"] = actual_desc
        record |= {
            "weightKg": round(kg * 1.12, 1),
            "shippedOn": shipped.isoformat(),
            "arrivedOn": arrived.isoformat(),
            "inspectedBy": "HSI" if actual_goods else "CBP",
        }
        plans.append(ShipmentPlan(bill, front, False, arrived, record))
    return plans


def express_parcels(world: World, files: SubjectFiles, count: int) -> list[ShipmentPlan]:
    """CBP parcels: pill presses, dies and encapsulators to US cell members, misdeclared as machinery."""
    rng = world.rng
    members = world.members()
    plans = []
    for n in range(count):
        supplier = world.suppliers[(n * 3) % len(world.suppliers)]
        consignee = members[(n * 5) % len(members)]
        kind = ("pill_press", "die", "die", "encapsulator")[n % 4]
        units = 1 if kind != "die" else rng.randint(2, 10)
        legit = n % 7 == 6
        name, hs = rng.choice(goods.LEGIT_GOODS) if legit else rng.choice(goods.EQUIPMENT_COVERS[kind])
        shipped = world.day(0, 620)
        arrived = shipped + dt.timedelta(days=rng.randint(3, 9))
        origin, destination = rng.choice(goods.AIR_ORIGINS), rng.choice(goods.US_MAIL)
        weight = {"pill_press": 180.0, "die": 2.5, "encapsulator": 95.0}[kind] * units
        bill = f"{rng.choice(('EA', 'LX', 'RR'))}{100000000 + n * 104729 % 899999999:09d}CN"
        record: dict[str, Any] = {
            "billOfLading": bill,
            "mode": "express_mail",
            "carrier": rng.choice(goods.EXPRESS_CARRIERS),
            "shipper": party(files, "CBP", supplier, details=False),
            "consignee": party(files, "CBP", consignee, details=False),
            "originPort": geography.port(origin, "airport"),
            "destinationPort": geography.port(destination, "mail_facility"),
            "declaredDescription": name,
            "declaredHsCode": hs,
            "weightKg": round(weight if not legit else rng.uniform(5, 40), 1),
            "shippedOn": shipped.isoformat(),
            "arrivedOn": arrived.isoformat(),
            "inspectedBy": "CBP",
        }
        if legit:
            record["declaredGoods"] = [{"substance": name, "quantityKg": record["weightKg"]}]
        else:
            record["actualGoods"] = [{"equipment": kind, "units": units}]
            record["actualDescription"] = f"{units} x {kind.replace('_', ' ')}"
        plans.append(ShipmentPlan(bill, consignee, not legit, arrived, record))
    return plans
