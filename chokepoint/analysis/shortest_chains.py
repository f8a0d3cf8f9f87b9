"""``supply_and_money_chains`` guided by chain floors: the same rows, without a search per pair.

The saved Cypher asks ``shortestPath`` once per supplier and cell: 66 suppliers and 512 cells on the
bench graph are 33,792 searches, each through a million wallets. With chain floors that hold
(:mod:`chokepoint.analysis.chain_floor`), the subgraph every chain of at most ``d`` hops lies in is
the guided projection (:mod:`chokepoint.analysis.fetch`), read level by level for all the ends at
once; one breadth-first search per supplier over it gives every pair's distance. ``d`` goes up from
1 until ``limit`` pairs are joined (or ``maxHops``): the shortest chains first, as the query orders
them, so the corridor read is only as wide as the answer needs.

The rows are the query's: the same ends (the viewer's suppliers and cells by their kinds, narrowed to
the ids given), the same pairs and hop counts, ordered by hops, supplier, cell. Each pair's chain is
one of its shortest (the query's ``shortestPath`` also returns one of them): the first found by a
search that tries neighbours in id order, and each hop the first visible link between its two nodes
by type (``api_fetch_links``). Without floors that hold the caller runs the Cypher.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from chokepoint.analysis.chain_floor import CHAIN_FLOOR_HOPS
from chokepoint.analysis.fetch import Projection, ProjectionReads, fetch_projection
from chokepoint.analysis.service import MAX_EXPAND_DEGREE
from chokepoint.graph.adapter import Row

COLUMNS = ("supplier", "cell", "hops", "nodes", "ids", "links")


class ChainRowReads(ProjectionReads, Protocol):
    async def entities(self, ids: Sequence[str]) -> dict[str, Row]: ...


@dataclass(frozen=True)
class ChainsAsked:
    """The query's parameters: ids to narrow the ends to ([] = all), the longest chain, how many."""

    suppliers: list[str]
    cells: list[str]
    max_hops: int
    limit: int


@dataclass(frozen=True, order=True)
class _Found:
    hops: int
    supplier: str
    cell: str
    path: tuple[str, ...]


async def shortest_chains(
    reads: ChainRowReads, asked: ChainsAsked, rel_types: list[str]
) -> list[dict[str, Any]] | None:
    """The query's rows, or None when the floors cannot guide this question (run the Cypher)."""
    if asked.limit < 0:
        return None  # the Cypher's own error
    suppliers, cells = await reads.supply_ends([], [])
    suppliers = sorted(s for s in suppliers if not asked.suppliers or s in asked.suppliers)
    cells = sorted(c for c in cells if not asked.cells or c in asked.cells)
    reach = min(asked.max_hops, CHAIN_FLOOR_HOPS)  # the query's *1..12, then maxHops
    if not suppliers or not cells or reach < 1 or asked.limit == 0:
        return []
    if not await reads.chain_floors_hold(suppliers, cells, rel_types, reach):
        return None
    found: list[_Found] = []
    for hops in range(1, reach + 1):
        projection = await fetch_projection(
            reads, suppliers, cells, hops, rel_types, MAX_EXPAND_DEGREE, by_floors=True
        )
        found = _joined(projection, suppliers, set(cells), hops)
        if len(found) >= asked.limit:
            break
    return await _rows(reads, sorted(found)[: asked.limit], rel_types)


def _joined(projection: Projection, suppliers: list[str], cells: set[str], hops: int) -> list[_Found]:
    """Each supplier's nearest way to each cell within ``hops``, over the projection's links."""
    around: dict[str, list[str]] = {}
    for a, b in sorted(projection.links):
        around.setdefault(a, []).append(b)
        around.setdefault(b, []).append(a)
    for near in around.values():
        near.sort()
    found = []
    for supplier in suppliers:
        back: dict[str, str | None] = {supplier: None}
        depth = {supplier: 0}
        queue = deque([supplier])
        while queue:
            node = queue.popleft()
            if depth[node] == hops:
                continue
            for nxt in around.get(node, ()):
                if nxt not in depth:
                    depth[nxt], back[nxt] = depth[node] + 1, node
                    queue.append(nxt)
        for cell in cells:
            if cell in depth and cell != supplier:
                found.append(_Found(depth[cell], supplier, cell, _path(back, cell)))
    return found


def _path(back: dict[str, str | None], end: str) -> tuple[str, ...]:
    nodes: list[str] = []
    step: str | None = end
    while step is not None:
        nodes.append(step)
        step = back[step]
    return tuple(reversed(nodes))


async def _rows(reads: ChainRowReads, chosen: list[_Found], rel_types: list[str]) -> list[dict[str, Any]]:
    if not chosen:
        return []
    ids = sorted({node for found in chosen for node in found.path})
    hops = sorted({(a, b) for found in chosen for a, b in zip(found.path, found.path[1:], strict=False)})
    nodes = await reads.entities(ids)
    links = await reads.links(hops, rel_types)

    def node(node_id: str) -> dict[str, Any]:
        row = nodes[node_id]
        return {"id": row["id"], "labels": row["labels"], "props": row["props"]}

    return [
        {
            "supplier": node(found.supplier),
            "cell": node(found.cell),
            "hops": found.hops,
            "nodes": [node(n) for n in found.path],
            "ids": list(found.path),
            "links": [links[a, b] for a, b in zip(found.path, found.path[1:], strict=False)],
        }
        for found in chosen
    ]
