"""Darknet listings: vendor accounts on invented markets, their products and payment addresses."""

from __future__ import annotations

import base64
import hashlib
import random
from typing import Any

from chokepoint.synthetic.parties import SubjectFiles, party
from chokepoint.synthetic.world import World

MARKETS = (("tortuga", "Tortuga Market"), ("silk-lantern", "Silk Lantern"), ("nightjar", "Nightjar Bazaar"))
PRODUCTS = (
    ("M30 blues (pressed fentanyl)", "fentanyl", 0.0, "pills"),
    ("Fentanyl HCl powder", "fentanyl", 0.0, "g"),
    ("Pressed 'oxy' 30mg", "fentanyl", 0.0, "pills"),
    ("Xylazine (tranq) powder", "xylazine", 0.0, "g"),
    ("Crystal methamphetamine", "methamphetamine", 0.0, "g"),
)


def onion_v3(rng: random.Random) -> str:
    """A well-formed v3 onion address (key, checksum and version as Tor computes them)."""
    key = rng.randbytes(32)
    checksum = hashlib.sha3_256(b".onion checksum" + key + b"\x03").digest()[:2]
    return base64.b32encode(key + checksum + b"\x03").decode("ascii").lower() + ".onion"


def listings(world: World, files: SubjectFiles) -> list[dict[str, Any]]:
    rng = world.rng
    onions = {market_id: onion_v3(rng) for market_id, _ in MARKETS}
    records = []
    for v, vendor in enumerate(world.vendors):
        market_id, market_name = MARKETS[v % len(MARKETS)]
        first = world.day(0, 300)
        vendor_part: dict[str, Any] = {
            "handle": vendor.name,
            "pgpFingerprint": vendor.registration_number,
            "firstListedOn": first.isoformat(),
        }
        if v % 2 == 0 and vendor.parent is not None:  # operator identified (the cell member)
            vendor_part["operator"] = party(files, "FBI", vendor.parent, style=1)
        items = []
        for product, substance, _, unit in rng.sample(PRODUCTS, rng.randint(2, 4)):
            quantity = rng.choice((10, 50, 100, 500)) if unit == "pills" else rng.choice((1, 5, 10, 28))
            price = round(quantity * (rng.uniform(6, 14) if unit == "pills" else rng.uniform(25, 90)), 2)
            items.append(
                {
                    "product": product,
                    "substance": substance,
                    "priceUsd": price,
                    "quantity": quantity,
                    "unit": unit,
                    "listedOn": world.day(300, 660).isoformat(),
                }
            )
        records.append(
            {
                "market": {"id": market_id, "name": market_name, "onion": onions[market_id]},
                "vendor": vendor_part,
                "listings": items,
                "acceptedCoins": ["BTC", "XMR"] if v % 3 else ["BTC"],
                "paymentAddresses": [
                    {"chain": w.chain, "address": w.address, "asset": w.asset} for w in vendor.wallets
                ],
            }
        )
    return records
