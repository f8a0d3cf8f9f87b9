"""Two corridors the demo's interdiction plan should find, written last so every other file keeps its
content (the world's random stream runs on after ``money.later_deposits``).

- **An exchange's hot wallets shared by several brokers**: IRS-CI's return of a subpoena to one
  exchange attributes a few bitcoin hot wallets to it; the brokers pass cells' bitcoin through those
  hot wallets to the suppliers' bitcoin wallets, each hop soon after the one before and a little less
  than it (so the chains also count under ``--temporal``).
- **A US forwarder used by several suppliers**: HSI's manifests from the forwarder's records: presses
  and dies from several suppliers consigned to the forwarder, and its domestic parcels on to cell
  members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chokepoint.synthetic import geography, goods
from chokepoint.synthetic.money import Ledger, Row
from chokepoint.synthetic.notes import Note, NoteBook
from chokepoint.synthetic.parties import SubjectFiles, address_ref, party
from chokepoint.synthetic.world import BASE_DATE, Actor, World, new_wallet

HOT_WALLETS = 3
SHARING_BROKERS = 4  # the first brokers; each passes PASSES payments of its cells through the hot wallets
PASSES = 3
FORWARDER_SUPPLIERS = 4
FORWARDED_MEMBERS = 5
_HOUR = 3600


@dataclass(frozen=True)
class Corridors:
    exchange_notes: list[Note]
    exchange_rows: list[Row]
    forwarder_manifests: list[dict[str, Any]]


def corridors(world: World, files: SubjectFiles) -> Corridors:
    exchange = _exchange(world)
    notes, rows = _exchange_corridor(world, files, exchange)
    return Corridors(notes, rows, _forwarder_corridor(world, files))


def _exchange(world: World) -> Actor:
    exchange = Actor(
        "exchange-kestrel",
        "organization",
        "Kestrel Digital Asset Exchange",
        "exchange",
        "SC",
        kinds=["exchange"],
    )
    exchange.wallets = [new_wallet(world.rng, "bitcoin") for _ in range(HOT_WALLETS)]
    return exchange


def _own_suppliers(world: World) -> list[Actor]:
    """Suppliers whose every wallet the case files attribute (the invented ones, not OFAC's)."""
    return [s for s in world.suppliers if s.node_id is None]


def _exchange_corridor(world: World, files: SubjectFiles, exchange: Actor) -> tuple[list[Note], list[Row]]:
    rng = world.rng
    book = NoteBook(world, "IRS-CI", "IRS-SR")
    subject = party(files, "IRS-CI", exchange)
    for wallet in exchange.wallets:
        book.add(
            subject,
            "CONTROLS_ADDRESS",
            address_ref(wallet.chain, wallet.address, wallet.asset),
            0.99,
            "exchange subpoena return (hot wallet list)",
        )
    ledger = Ledger(rng)
    suppliers = _own_suppliers(world)
    paid = 0
    for b, broker in enumerate(world.brokers[:SHARING_BROKERS]):
        deposit = broker.wallets_on("bitcoin")[0]  # the address its cells pay (money._fan_in)
        cells = [cell for c, cell in enumerate(world.cells) if c % len(world.brokers) == b]
        for k in range(PASSES):
            cell = cells[k % len(cells)]
            payer = cell.members[k % 2].wallets[0]  # a wallet the case files attribute to the cell
            hot = exchange.wallets[(b + k) % len(exchange.wallets)]
            supplier = suppliers[paid % len(suppliers)]
            paid += 1
            amount = rng.uniform(0.3, 0.6)
            seconds = ledger.when(560, 640)
            ledger.send(payer, deposit, amount, seconds)
            forwarded = amount * rng.uniform(0.95, 0.99)
            seconds += rng.randrange(_HOUR, 12 * _HOUR)
            ledger.send(deposit, hot, forwarded, seconds)
            seconds += rng.randrange(_HOUR, 24 * _HOUR)
            ledger.send(hot, supplier.wallets_on("bitcoin")[0], forwarded * rng.uniform(0.95, 0.99), seconds)
    return book.notes, sorted(ledger.rows, key=lambda r: (r[7], r[1], r[2]))


def _forwarder_corridor(world: World, files: SubjectFiles) -> list[dict[str, Any]]:
    rng = world.rng
    forwarder = Actor(
        "forwarder-pacific",
        "organization",
        "Pacific Gateway Freight Forwarding LLC",
        "forwarder",
        "US",
        "Los Angeles",
        ["company", "logistics_company"],
    )
    suppliers = _own_suppliers(world)[-FORWARDER_SUPPLIERS:]
    records: list[dict[str, Any]] = []
    for n, supplier in enumerate(suppliers):
        kind = ("pill_press", "die")[n % 2]
        name, hs = rng.choice(goods.EQUIPMENT_COVERS[kind])
        shipped = BASE_DATE + dt.timedelta(days=rng.randrange(400, 560))
        origin = rng.choice(goods.AIR_ORIGINS)
        records.append(
            {
                "billOfLading": f"EA{700000000 + n * 7919:09d}CN",
                "mode": "express_mail",
                "carrier": rng.choice(goods.EXPRESS_CARRIERS),
                "shipper": party(files, "HSI", supplier, details=False),
                "consignee": party(files, "HSI", forwarder),
                "originPort": geography.port(origin, "airport"),
                "declaredDescription": name,
                "declaredHsCode": hs,
                "shippedOn": shipped.isoformat(),
                "arrivedOn": (shipped + dt.timedelta(days=rng.randint(3, 9))).isoformat(),
            }
        )
    for n, cell in enumerate(world.cells[:FORWARDED_MEMBERS]):
        member = cell.members[2]  # not the leader: the leaders receive the direct parcels
        shipped = BASE_DATE + dt.timedelta(days=rng.randrange(570, 620))
        records.append(
            {
                "billOfLading": f"1Z{rng.getrandbits(48):012X}{n:04d}",
                "mode": "road",
                "carrier": "ground parcel service",
                "shipper": party(files, "HSI", forwarder),
                "consignee": party(files, "HSI", member),
                "declaredDescription": "machine parts",
                "shippedOn": shipped.isoformat(),
                "arrivedOn": (shipped + dt.timedelta(days=rng.randint(1, 4))).isoformat(),
            }
        )
    return records
