"""The nearest sanctioned party of an address, as one viewer sees the graph: a walk guided by the floors.

The answer is that of ``api_find_sanctions_exposure.cypher`` (the fewest hops, then the least party
id; everything on the path visible to the viewer), found without walking the whole neighbourhood.
With exposure floors that hold (:mod:`chokepoint.analysis.exposure_floor`), a path of ``d`` hops can
only step, at depth ``k``, onto a node whose floor is at most ``d - k - 1``; the walk tries ``d`` =
the address's floor, then one more, up to ``maxHops``, each a breadth-first walk over the viewer's
links restricted that way. The first ``d`` at which it meets a party is the distance, since a path
of ``d`` hops satisfies every such bound. For a viewer who sees most of the graph the first try
walks little more than the shortest paths themselves. Without floors that hold (none built, or a
write since), the whole-path Cypher search answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from chokepoint.analysis.exposure_floor import FloorState, state_of
from chokepoint.graph.adapter import Row
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.schema.model import DomainModel

Read = Callable[..., Awaitable[list[Row]]]  # (query, **params) -> rows, with the viewer's grants bound


@dataclass(frozen=True)
class ExposureSearch:
    """One viewer's exposure question: from ``start`` over ``types`` within ``max_hops``; links of
    the types in ``toward`` only the way they point (from the address outward: money it sent toward
    the party), those in ``against`` only the other way (money it received from the party)."""

    start: str
    types: list[str]
    max_hops: int
    toward: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)

    def directions(self) -> dict[str, list[str]]:
        """The Cypher parameters saying which types are followed one way only."""
        return {"toward": self.toward, "from": self.against}


MONEY_FLOWS = "money_flows"  # the schema's relationship group of links that point the way money moves


def search_for(model: DomainModel, start: str, types: list[str], max_hops: int, flow: str) -> ExposureSearch:
    """The search for ``flow`` (``ANY``, ``RECEIVED`` or ``SENT``): a directed one follows the money
    links among ``types`` only the way the money moved, and the others either way."""
    money = [t for t in model.relationship_group(MONEY_FLOWS) if t in types]
    if flow == "RECEIVED":
        return ExposureSearch(start, types, max_hops, against=money)
    if flow == "SENT":
        return ExposureSearch(start, types, max_hops, toward=money)
    return ExposureSearch(start, types, max_hops)


async def floor_state(read: Read) -> FloorState:
    rows = await read(load_query("exposure_floor_state"))
    return state_of(rows[0] if rows else None)


async def nearest_party(read: Read, search: ExposureSearch) -> Row | None:
    """The row ``api_find_sanctions_exposure`` would give (hops, party, designations, nodes,
    relationships), or None; guided by the floors when they hold, else by that query itself."""
    if not (await floor_state(read)).holds_for(search.types, search.max_hops):
        return await _one(
            read,
            load_query("api_find_sanctions_exposure"),
            id=search.start,
            maxHops=search.max_hops,
            relTypes=search.types,
            **search.directions(),
        )
    start = await _one(read, load_query("api_exposure_start"), id=search.start)
    if start is None:
        return None
    if await _parties(read, [search.start]):
        return await _answer(read, search.start, [search.start], [])
    floor = start["floor"]
    if floor is None:  # no party within the floors' hops, whoever looks
        return None
    for hops in range(max(int(floor), 1), search.max_hops + 1):
        found = await _walk(read, search, hops)
        if found is not None:
            return found
    return None


async def _walk(read: Read, search: ExposureSearch, hops: int) -> Row | None:
    """A breadth-first walk for a party exactly ``hops`` away (none is nearer: the caller tried)."""
    back: dict[str, tuple[str, str] | None] = {search.start: None}
    frontier = [search.start]
    step = load_query("api_exposure_step")
    for depth in range(hops):
        floor = hops - depth - 1
        rows = await read(step, frontier=frontier, types=search.types, floor=floor, **search.directions())
        reached: list[str] = []
        candidates: list[str] = []  # floor 0: may be a party, if the viewer's records say so
        for row in rows:
            node = str(row["id"])
            if node not in back:
                back[node] = (str(row["parent"]), str(row["link"]))
                reached.append(node)
                if row["floor"] == 0:
                    candidates.append(node)
        parties = await _parties(read, candidates) if candidates else []
        if parties:
            party = min(parties)
            nodes, links = _path_back(back, party)
            return await _answer(read, party, nodes, links)
        if not reached:
            return None
        frontier = reached
    return None


def _path_back(back: dict[str, tuple[str, str] | None], party: str) -> tuple[list[str], list[str]]:
    nodes, links = [party], []
    step = back[party]
    while step is not None:
        parent, link = step
        nodes.append(parent)
        links.append(link)
        step = back[parent]
    return nodes[::-1], links[::-1]


async def _parties(read: Read, ids: list[str]) -> list[str]:
    return [str(row["id"]) for row in await read(load_query("api_exposure_parties"), ids=ids)]


async def _answer(read: Read, party: str, nodes: list[str], links: list[str]) -> Row | None:
    return await _one(read, load_query("api_exposure_path"), party=party, nodeIds=nodes, linkIds=links)


async def _one(read: Read, query: CypherQuery, **params: Any) -> Row | None:
    rows = await read(query, **params)
    return rows[0] if rows else None
