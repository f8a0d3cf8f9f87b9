"""DEA seizure reports: stash-house searches and traffic stops of US cells.

Each seizure arrests cell members (and sometimes a courier), takes pills, powder, presses, cash and
phones, and finds crypto addresses - often written on paper - that a member controls. A few cite the
express parcel that brought the press, a few name a real designated person or address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chokepoint.synthetic import geography, goods
from chokepoint.synthetic import identifiers as ids
from chokepoint.synthetic.parties import SubjectFiles, party
from chokepoint.synthetic.shipments import ShipmentPlan
from chokepoint.synthetic.world import US_CELL_CITIES, Actor, World


def seizures(
    world: World, files: SubjectFiles, count: int, parcels: list[ShipmentPlan]
) -> list[dict[str, Any]]:
    rng = world.rng
    by_consignee = {p.consignee.key: p for p in parcels if p.equipment}
    states = dict(US_CELL_CITIES)
    records = []
    for n in range(count):
        cell = world.cells[n % len(world.cells)]
        arrested = rng.sample(cell.members, rng.randint(1, min(3, len(cell.members))))
        seized_on = world.day(60, 660)
        persons = [party(files, "DEA", m, ref=f"p{i + 1}", role="arrested") for i, m in enumerate(arrested)]
        if n % 4 == 1:
            courier = world.couriers[n % len(world.couriers)]
            persons.append(party(files, "DEA", courier, ref=f"p{len(persons) + 1}", role="courier"))
        if n % 10 == 4:  # the cell's money broker, also an HSI notify party and an IRS-CI ledger subject
            operator = world.brokers[(n % len(world.cells)) % len(world.brokers)].members[0]
            persons.append(party(files, "DEA", operator, ref=f"p{len(persons) + 1}", role="suspect"))
        record: dict[str, Any] = {
            "caseNumber": f"SYN-{cell.city[:3].upper()}-{2025 + n % 2}-{n + 1:05d}",
            "seizedOn": seized_on.isoformat(),
            "seizingAgency": "DEA",
            "place": geography.us_city(cell.city, states[cell.city]),
            "summary": _summary(rng.random(), cell),
            "attributedTo": party(files, "DEA", cell, details=False),
            "items": _items(world, n),
            "persons": persons,
            "phones": [
                {"number": m.phones[0], "imei": ids.imei(rng), "user": f"p{i + 1}"}
                for i, m in enumerate(arrested)
            ],
            "addresses": _addresses(world, arrested, n),
        }
        parcel = next((by_consignee[m.key] for m in arrested if m.key in by_consignee), None)
        if parcel is not None and parcel.arrived_on < seized_on:
            record["shipments"] = [parcel.bill]
        _plant_real_party(world, files, record, n)
        records.append(record)
    return records


def _summary(draw: float, cell: Actor) -> str:
    if draw < 0.5:
        return f"Search warrant at a {cell.city} stash house; pills, press and a handwritten wallet list"
    if draw < 0.8:
        return f"Traffic stop on I-10 feeding the {cell.city} cell; pills in a hidden compartment"
    return f"Controlled delivery of a parcel to a {cell.city} cell member"


def _items(world: World, n: int) -> list[dict[str, Any]]:
    rng = world.rng
    pills = rng.randrange(2000, 60000, 500)
    items: list[dict[str, Any]] = [
        {
            "kind": "substance",
            "substance": "fentanyl",
            "form": "pills",
            "quantityKg": round(pills * 0.0001, 2),
            "pillCount": pills,
            "purity": round(rng.uniform(0.01, 0.04), 3),
        },
    ]
    if n % 3 == 0:
        items.append(
            {
                "kind": "substance",
                "substance": "fentanyl",
                "form": "powder",
                "quantityKg": round(rng.uniform(0.5, 8), 2),
                "purity": round(rng.uniform(0.1, 0.6), 2),
            }
        )
    if n % 5 == 0:
        items.append(
            {
                "kind": "substance",
                "substance": "xylazine",
                "form": "powder",
                "quantityKg": round(rng.uniform(0.2, 3), 2),
            }
        )
    if n % 4 == 0:
        items.append(
            {
                "kind": "pill_press",
                "units": 1,
                "model": rng.choice(goods.PRESS_MODELS),
                "serialNumber": f"SN{rng.randrange(10**7):07d}",
            }
        )
        items.append({"kind": "die", "units": rng.randint(1, 4), "imprint": rng.choice(goods.IMPRINTS)})
    items.append({"kind": "cash", "amountUsd": float(rng.randrange(2000, 250000, 10))})
    return items


def _addresses(world: World, arrested: list[Actor], n: int) -> list[dict[str, Any]]:
    rng = world.rng
    found = []
    for i, member in enumerate(arrested):
        wallet = member.wallets[0]
        found_on = "paper" if (n + i) % 3 != 2 else rng.choice(("phone", "hardware_wallet", "seed_phrase"))
        note = rng.choice(goods.PAPER_NOTES) if found_on == "paper" else goods.DEVICE_NOTES[found_on]
        found.append(
            {
                "chain": wallet.chain,
                "address": wallet.address,
                "asset": wallet.asset,
                "foundOn": found_on,
                "note": note,
                "controlledBy": f"p{i + 1}",
            }
        )
    broker = paper_broker(world, n)
    if broker is not None:  # the broker deposit address the cell pays, written down
        deposit = broker.wallets_on("bitcoin")[0]
        found.append(
            {
                "chain": "bitcoin",
                "address": deposit.address,
                "asset": "BTC",
                "foundOn": "paper",
                "note": "'send here' on index card",
            }
        )
    return found


def paper_broker(world: World, n: int) -> Actor | None:
    """The broker whose deposit address seizure ``n`` finds on paper (every sixth, from the fourth)."""
    return world.brokers[n % len(world.brokers)] if n % 6 == 3 else None


def _plant_real_party(world: World, files: SubjectFiles, record: dict[str, Any], n: int) -> None:
    """Every 20th seizure: a real sanctioned address on paper; every 25th: a real person by variant name."""
    if n % 20 == 7 and world.real_persons:
        real = world.real_persons[(n // 20) % len(world.real_persons)]
        chain, address, asset = next(a for a in real.addresses if a[0] == "bitcoin")
        record["addresses"].append(
            {
                "chain": chain,
                "address": address,
                "asset": asset,
                "foundOn": "paper",
                "note": "address copied in notebook beside 'supplier CN'",
            }
        )
    if n % 25 == 11 and world.real_passports:
        real = world.real_passports[(n // 25) % len(world.real_passports)]
        doc_type, number, country = real.passport() or ("Passport", "", "MX")
        family, given = (part.strip() for part in real.name.split(",", 1))
        record["persons"].append(
            {
                "ref": f"p{len(record['persons']) + 1}",
                "type": "person",
                "name": f"{given} {family.title()}",
                "nationalities": [country],
                "birthDate": real.birth_dates[0],
                "documents": [{"docType": doc_type, "number": number, "issuingCountry": country}],
                "role": "suspect",
            }
        )


def near_miss(world: World, files: SubjectFiles, records: list[dict[str, Any]]) -> None:
    """A US resident sharing a real Chinese designee's name but born on another day: must stay apart."""
    if not world.real_persons or not records:
        return
    real = world.real_persons[1 % len(world.real_persons)]
    born = (
        dt.date.fromisoformat(real.birth_dates[0]) if len(real.birth_dates[0]) == 10 else dt.date(1980, 1, 1)
    )
    other = born.replace(year=born.year + 9)
    target = records[len(records) // 2]
    target["persons"].append(
        {
            "ref": f"p{len(target['persons']) + 1}",
            "type": "person",
            "name": real.name,
            "nationalities": ["US"],
            "birthDate": other.isoformat(),
            "role": "other",
        }
    )
