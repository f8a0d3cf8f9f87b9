"""Split decisions: an analyst's record that some transactions are not one wallet's spend.

A split is a ``ClusterSplit`` node (decision id, who, when, why, the rule) with a ``DISREGARDS`` link
to each transaction, carrying provenance like any record: the agency and caveat it was made under,
and the one grant it is visible under. Co-spend clustering takes no evidence from a disregarded
transaction for whoever sees the decision (``cluster_spends.cypher``); the merges only it caused come
apart, and nothing else changes. ``unsplit`` deletes the decision: the evidence counts again.

The decision must not tell anyone of a transaction they may not see, so its grant must be one the
transactions are all visible under (or they are all public). By default it is made by CHOKEPOINT
under the most restrictive caveat of the transactions' records (PUBLIC when each is public), as
identity resolution marks its splits: a non-public default is visible to no partner, only to the CLI's
everything view; ``--agency`` and ``--caveat`` make it an agency's, visible to the holders of its grant.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from chokepoint.clustering.co_spend import CO_SPEND
from chokepoint.errors import InvalidInput, NotFound
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.markings import PUBLIC, SEPARATOR, visibility, visibility_of
from chokepoint.schema.vocabulary import CAVEATS  # least to most restrictive

DATASET = "chokepoint-clustering"
AGENCY = "CHOKEPOINT"


@dataclass(frozen=True)
class SplitDecision:
    decision_id: str
    txids: tuple[str, ...]
    agency: str
    caveat: str
    grant: str  # the one grant it is visible under
    decided_by: str
    reason: str
    decided_at: dt.datetime | None = None


def split(
    graph: Graph,
    chain: str,
    txids: list[str],
    reason: str,
    by: str,
    agency: str | None = None,
    caveat: str | None = None,
) -> SplitDecision:
    """Record that ``txids`` of ``chain`` give no co-spend evidence (module docstring)."""
    if not reason.strip():
        raise InvalidInput(
            "A split needs a reason (--reason): whoever reads the decision later needs to know why."
        )
    wanted = sorted({txid.strip().lower() for txid in txids if txid.strip()})
    if not wanted:
        raise InvalidInput("A split names at least one transaction (TXID).")
    if (agency is None) != (caveat is None):
        raise InvalidInput(
            "Give --agency and --caveat together (the grant the decision is made under), or neither."
        )
    if caveat is not None and caveat not in CAVEATS:
        raise InvalidInput(f"--caveat {caveat!r} is not a caveat; one of {', '.join(CAVEATS)}")
    found = {
        str(row["txid"]): row
        for row in graph.read(load_query("cluster_split_targets"), chain=chain, txids=wanted)
    }
    missing = [txid for txid in wanted if txid not in found]
    if missing:
        raise NotFound(f"No {chain} UtxoTransaction with txid {', '.join(missing)}")
    rows = [found[txid] for txid in wanted]
    chosen = agency is not None and caveat is not None
    if agency is None or caveat is None:
        agency, caveat = AGENCY, _strictest(rows)  # visible to no partner unless public
    grant = visibility(agency, caveat)
    hidden = [str(row["txid"]) for row in rows if chosen and not _visible_under(row, grant)]
    if hidden:
        raise InvalidInput(
            f"A split made under {agency}{SEPARATOR}{caveat} would be seen by viewers who may not see "
            f"transaction {', '.join(hidden)}; make it under a grant those transactions are visible under"
        )
    decision = SplitDecision(
        f"split:{uuid.uuid4().hex[:16]}", tuple(wanted), agency, caveat, grant, by, reason
    )
    graph.write(
        load_query("cluster_split_create"),
        decisionId=decision.decision_id,
        ids=[str(row["id"]) for row in rows],
        now=dt.datetime.now(dt.UTC),
        by=by,
        reason=reason,
        rule=CO_SPEND,
        dataset=DATASET,
        agency=agency,
        caveat=caveat,
        grant=grant,
        synthetic=True if any(row["synthetic"] for row in rows) else None,
    )
    return decision


def unsplit(graph: Graph, decision_id: str) -> tuple[str, ...]:
    """Delete a split decision; the txids it disregarded (their evidence counts again)."""
    rows = graph.write(load_query("cluster_split_delete"), decisionId=decision_id)
    if not rows:
        raise NotFound(f"No split decision {decision_id!r} (chokepoint cluster splits lists them)")
    return tuple(sorted(str(txid) for txid in rows[0]["txids"]))


def decisions(graph: Graph) -> list[SplitDecision]:
    """Every split decision (the CLI's everything view)."""
    return [
        SplitDecision(
            str(row["decisionId"]),
            tuple(row["txids"]),
            str(row["agency"]),
            str(row["caveat"]),
            str((row["markings"] or [""])[0]),
            str(row["decidedBy"]),
            str(row["reason"]),
            row["decidedAt"],
        )
        for row in graph.read(load_query("cluster_split_list"))
    ]


def _strictest(rows: list[dict[str, Any]]) -> str:
    """PUBLIC when every transaction is public, else the most restrictive caveat of their records."""
    if all(PUBLIC in (row["markings"] or ()) for row in rows):
        return PUBLIC
    caveats = {str(mark).rpartition(SEPARATOR)[2] for row in rows for mark in row["recordMarkings"] or ()}
    return max(caveats - {PUBLIC}, key=CAVEATS.index, default=CAVEATS[-1])


def _visible_under(row: dict[str, Any], grant: str) -> bool:
    """Whether every holder of ``grant`` sees the transaction (it is public, or visible under it)."""
    markings = set(row["markings"] or ())
    return (
        PUBLIC in markings
        or grant in markings
        or grant in {visibility_of(m) for m in row["recordMarkings"] or ()}
    )
