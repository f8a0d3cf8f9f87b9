"""Intel notes: the analytic links no transaction record shows (who acts for, supplies, launders for whom).

FBI notes tie suppliers, front companies and cells to the cartels; IRS-CI notes tie brokers to the
cartels and wallets to their holders; a few DEA source debriefs are ORCON. Notes point at existing
nodes by id (the cartels' OFAC ids, other agencies' subject nodes) or name parties themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chokepoint.synthetic.parties import SubjectFiles, address_ref, node_ref, party
from chokepoint.synthetic.world import Actor, World

Note = dict[str, Any]


class NoteBook:
    """Numbers one agency's notes and fills in the common fields."""

    def __init__(self, world: World, agency: str, prefix: str) -> None:
        self.world, self.agency, self.prefix = world, agency, prefix
        self.notes: list[Note] = []

    def add(
        self, subject: dict[str, Any], relationship: str, obj: dict[str, Any], confidence: float, source: str
    ) -> None:
        stated: dt.date = self.world.day(200, 660)
        self.notes.append(
            {
                "noteId": f"{self.prefix}-{len(self.notes) + 1:05d}",
                "subject": subject,
                "relationship": relationship,
                "object": obj,
                "confidence": round(confidence, 2),
                "source": source,
                "statedOn": stated.isoformat(),
            }
        )

    def source(self) -> str:
        rng = self.world.rng
        return rng.choice(
            (
                f"CS-{rng.randrange(1000, 9999)} debrief",
                "Title III intercept",
                "financial records review",
                "cooperating defendant proffer",
                "open-source corporate registry",
                "MLAT return",
            )
        )


def fbi_notes(world: World, files: SubjectFiles) -> list[Note]:
    book = NoteBook(world, "FBI", "FBI-IN")
    rng = world.rng
    for supplier in world.suppliers:
        buyer = world.cartels[rng.randrange(len(world.cartels))]
        book.add(
            node_ref(files.node_id("HSI", supplier)),
            "SUPPLIES",
            node_ref(buyer.node_id or ""),
            rng.uniform(0.6, 0.9),
            book.source(),
        )
    for front in world.fronts:
        cartel = front.parent
        assert cartel is not None and cartel.node_id is not None
        book.add(
            node_ref(files.node_id("HSI", front)),
            "ACTING_FOR",
            node_ref(cartel.node_id),
            rng.uniform(0.7, 0.95),
            book.source(),
        )
        boss = rng.choice(cartel.members)
        book.add(
            node_ref(files.node_id("HSI", front)),
            "OWNED_OR_CONTROLLED_BY",
            party(files, "FBI", boss),
            rng.uniform(0.5, 0.85),
            book.source(),
        )
    for boss in world.bosses:
        assert boss.parent is not None and boss.parent.node_id is not None
        book.add(
            party(files, "FBI", boss),
            "MEMBER_OF",
            node_ref(boss.parent.node_id),
            rng.uniform(0.7, 0.95),
            book.source(),
        )
    for cell in world.cells:
        cartel = cell.parent
        assert cartel is not None and cartel.node_id is not None
        cell_id = node_ref(files.node_id("DEA", cell))
        book.add(node_ref(cartel.node_id), "SUPPLIES", cell_id, rng.uniform(0.6, 0.95), book.source())
        book.add(cell_id, "MEMBER_OF", node_ref(cartel.node_id), rng.uniform(0.5, 0.8), book.source())
        leader = cell.members[0]  # the same person the DEA arrested, written differently
        book.add(
            party(files, "FBI", leader, style=1), "LEADER_OF", cell_id, rng.uniform(0.6, 0.9), book.source()
        )
    return book.notes


def irs_notes(world: World, files: SubjectFiles) -> list[Note]:
    book = NoteBook(world, "IRS-CI", "IRS-IN")
    rng = world.rng
    for broker in world.brokers:
        cartel = broker.parent
        assert cartel is not None and cartel.node_id is not None
        subject = party(files, "IRS-CI", broker)
        book.add(
            subject,
            "LAUNDERS_FOR",
            node_ref(cartel.node_id),
            rng.uniform(0.6, 0.9),
            "financial records review",
        )
        for wallet in broker.wallets:
            book.add(
                subject,
                "CONTROLS_ADDRESS",
                address_ref(wallet.chain, wallet.address, wallet.asset),
                rng.uniform(0.7, 0.99),
                "blockchain attribution",
            )
        operator = broker.members[0]  # the ledger subject, also in HSI manifests: same passport and phone
        book.add(
            party(files, "IRS-CI", operator, style=2),
            "ACTING_FOR",
            subject,
            rng.uniform(0.7, 0.95),
            book.source(),
        )
    for supplier in world.suppliers:
        for wallet in supplier.wallets:
            if supplier.node_id is None or wallet.chain == "tron":
                book.add(
                    node_ref(files.node_id("HSI", supplier)),
                    "CONTROLS_ADDRESS",
                    address_ref(wallet.chain, wallet.address, wallet.asset),
                    rng.uniform(0.6, 0.9),
                    "exchange KYC return",
                )
    for cell in world.cells:
        for member in cell.members[:2]:
            wallet = member.wallets[0]
            book.add(
                node_ref(files.node_id("DEA", cell)),
                "CONTROLS_ADDRESS",
                address_ref(wallet.chain, wallet.address, wallet.asset),
                rng.uniform(0.5, 0.8),
                "seized ledger and chain analysis",
            )
    for boss in world.bosses:
        wallet = boss.wallets[0]
        book.add(
            party(files, "IRS-CI", boss, style=1),
            "CONTROLS_ADDRESS",
            address_ref(wallet.chain, wallet.address, wallet.asset),
            rng.uniform(0.5, 0.8),
            book.source(),
        )
    for real in world.real_persons[:2]:  # a real designee in another spelling, with a real address
        chain, address, asset = next(a for a in real.addresses if a[0] == "bitcoin")
        person = {
            "type": "person",
            "name": _variant_name(real.name),
            "nationalities": ["CN"],
            "ofacUid": real.ofac_uid,
        }
        if real.birth_dates:
            person["birthDate"] = real.birth_dates[0]
        book.add(
            person,
            "CONTROLS_ADDRESS",
            address_ref(chain, address, asset),
            0.9,
            "OFAC designation cross-check",
        )
    return book.notes


def dea_debriefs(world: World, files: SubjectFiles) -> list[Note]:
    """A handful of ORCON source debriefs: couriers working for cells, associates of cell leaders."""
    book = NoteBook(world, "DEA", "DEA-CS")
    rng = world.rng
    for i, courier in enumerate(world.couriers[:6]):
        cell = world.cells[i % len(world.cells)]
        book.add(
            party(files, "DEA", courier),
            "ACTING_FOR",
            party(files, "DEA", cell, details=False),
            rng.uniform(0.4, 0.7),
            book.source(),
        )
        leader: Actor = cell.members[0]
        book.add(
            party(files, "DEA", courier),
            "ASSOCIATE_OF",
            party(files, "DEA", leader),
            rng.uniform(0.3, 0.6),
            book.source(),
        )
    return book.notes


def _variant_name(name: str) -> str:
    if "," not in name:
        return name
    family, given = (part.strip() for part in name.split(",", 1))
    return f"{given} {family.upper()}"
