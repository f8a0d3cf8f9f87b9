"""Address-to-address SENT_FUNDS_TO totals, recomputed from the Transfer nodes after a ledger load.

The totals are derived, never summed incrementally: for each pair a ledger touched, every Transfer
from the sender to the receiver in the graph is aggregated again per asset. Loading the same ledger
twice, or two ledgers that share transfers, therefore gives the same totals. Work is batched by
sender: each batch is one managed transaction over at most ``MAX_TARGETS_PER_BATCH`` receivers, and
each sender's transfers are expanded once, so the cost grows with the senders' transfer counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from chokepoint.graph import Graph, WriteCounts
from chokepoint.graph.queries import load_query
from chokepoint.ingest.batcher import BATCH_PROVENANCE
from chokepoint.ingest.records import Provenance
from chokepoint.markings import marking
from chokepoint.schema.vocabulary import CAVEATS

MAX_TARGETS_PER_BATCH = 5000
RECORD_ID = "transfer-totals"  # the relationship's record inside the ledger's dataset: derived data


class TouchedPairs:
    """The (chain, sender) -> receivers pairs a ledger named; filled while its records are read."""

    def __init__(self) -> None:
        self._targets: dict[tuple[str, str], set[str]] = {}

    def add(self, chain: str, sender: str, receiver: str) -> None:
        self._targets.setdefault((chain, sender), set()).add(receiver)

    def __len__(self) -> int:
        return sum(len(targets) for targets in self._targets.values())

    def batches(self, max_targets: int = MAX_TARGETS_PER_BATCH) -> Iterator[list[dict[str, Any]]]:
        """Rows ``{chain, address, targets: {receiver: true}}``, at most ``max_targets`` receivers a batch.

        A sender with more receivers than that is one row of its own batch (its transfers are still
        expanded only once).
        """
        batch: list[dict[str, Any]] = []
        size = 0
        for (chain, sender), targets in sorted(self._targets.items()):
            if batch and size + len(targets) > max_targets:
                yield batch
                batch, size = [], 0
            # a map, not a list: the query tests each of the sender's transfers against it in O(1)
            batch.append({"chain": chain, "address": sender, "targets": dict.fromkeys(sorted(targets), True)})
            size += len(targets)
        if batch:
            yield batch


def refresh_transfer_totals(graph: Graph, provenance: Provenance, touched: TouchedPairs) -> WriteCounts:
    """Recompute SENT_FUNDS_TO for the touched pairs; returns how many were created / updated / unchanged."""
    query = load_query("refresh_transfer_totals")
    params = totals_parameters(provenance)
    counts = WriteCounts()
    for rows in touched.batches():
        result = graph.write(query, rows=rows, **params)
        if result:
            first = result[0]
            counts.add(
                WriteCounts(
                    created=int(first.get("created") or 0),
                    updated=int(first.get("updated") or 0),
                    unchanged=int(first.get("unchanged") or 0),
                )
            )
    return counts


def totals_parameters(provenance: Provenance) -> dict[str, Any]:
    """The ledger's provenance for the derived relationships (its caveat apart: it is combined)."""
    stamped = {k: v for k, v in provenance.properties(RECORD_ID).items() if k in BATCH_PROVENANCE}
    return {
        "provenance": {k: v for k, v in stamped.items() if k != "caveat"},
        "caveat": provenance.caveat,
        "marking": marking(provenance.agency, provenance.caveat),
        "caveatOrder": list(CAVEATS),
        "dataset": provenance.dataset,
        "recordId": RECORD_ID,
        "ingestedAt": dt.datetime.now(dt.UTC),
    }
