"""The caveat oracle over wallet ledgers (issue 14): transfer totals per viewer.

Seeded random ledgers of several owners and caveats over one small pool of addresses, where the
same transfer (same hash and index) is often in several ledgers: for each agency under each sharing
policy, the ``SENT_FUNDS_TO`` totals, counts, first and last seen and provenance that the API shows
on the full graph equal those a development API shows on a graph built from the agency's visible
ledgers alone (each transfer counted once, whichever ledgers name it). Amounts are multiples of
0.25, so float sums are exact in any order.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from chokepoint.graph import Graph
from tests.api import oracle
from tests.api.test_caveat_oracle import POLICIES, mismatches

pytestmark = pytest.mark.neo4j

TOTALS = f"""id
  neighbors(first: 100, relTypes: ["SENT_FUNDS_TO"]) {{
    totalCount
    edges {{ node {{ id }} relationship {{
      type startId endId {oracle.PROVENANCE}
      ... on SentFundsToRelationship {{ asset totalAmount transferCount firstSeen lastSeen }}
    }} }}
  }}"""
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def ledger_sources(seed: int, folder: Path) -> list[oracle.SourceFile]:
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    addresses = ["0x" + rng.randbytes(20).hex() for _ in range(5)]
    transfers = []
    for number in range(24):
        sender, receiver = rng.sample(addresses, 2)
        moment = START + dt.timedelta(hours=rng.randint(0, 2000))
        transfers.append(
            {
                "chain": "ethereum",
                "txHash": "0x" + rng.randbytes(32).hex(),
                "index": number % 3,
                "from": sender,
                "to": receiver,
                "asset": rng.choice(["USDT", "ETH"]),
                "amount": rng.randint(1, 4000) / 4,
                "timestamp": moment.isoformat().replace("+00:00", "Z"),
            }
        )
    files = []
    for index in range(rng.randint(4, 7)):
        document = {
            "format": "wallet-ledger",
            "version": 1,
            "dataset": f"ledger-{seed}-{index}",
            "agency": rng.choice(oracle.AGENCIES),
            "caveat": rng.choice(oracle.CAVEATS),
            "synthetic": True,
            "records": rng.sample(transfers, rng.randint(5, 12)),
        }
        path = folder / f"ledger-{seed}-{index}.json"
        path.write_text(json.dumps(document))
        files.append(oracle.SourceFile("wallet-ledger", path))
    return files


def totals_questions(graph: Graph) -> list[tuple[str, str]]:
    addresses = [i for i in oracle.all_ids(graph) if i.startswith("CryptoAddress:")]
    return list(oracle.entity_questions(addresses, TOTALS))


@pytest.mark.parametrize("seed", [4, 5])
def test_transfer_totals_follow_visible_ledgers(graph, oracle_api, tmp_path, seed):
    sources = ledger_sources(seed, tmp_path)
    found = mismatches(graph, oracle_api, sources, tmp_path, POLICIES, totals_questions)
    assert not found, f"{len(found)} viewers see totals their ledgers alone would not give; first: {found[0]}"
