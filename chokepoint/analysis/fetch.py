"""Fetch the projected subgraph between sources and sinks: one query per hop level, smaller side first.

Every walk of at most ``k`` hops from a source to a sink lies within ``a`` hops of the sources or
``b`` hops of the sinks whenever ``a + b = k``, and each of its relationships is met while expanding
one of those two balls. So, as in a bidirectional search, each round trip expands the side whose
frontier is smaller, until the two depths add up to ``k``: the sparse supplier side goes deep and the
dense side (cells, their members' wallets and everyone those pay) stays shallow. A node with more
visible relationships than ``max_degree`` (an exchange's hot wallet, a port) is kept but not expanded:
walks through it are missed and the answer names it.

Asked to (``by_floors``), and with chain floors that hold for the question
(:mod:`chokepoint.analysis.chain_floor`: the ends are suppliers and cells, the links among the
floors' own), each side keeps only what can still lie on a chain of ``k`` hops: a node the
sources reach at depth ``d`` only if its cell floor is at most ``k - d``, one the sinks reach only
if its supplier floor is. Every node of such a chain passes (its depth from its end is at most its
place on the chain, and its floor at most the rest), so the projection loses nothing a chain of
``k`` hops uses, only the neighbourhoods around it. A guided projection caps nothing (which
supernodes it met would depend on floors drawn from every record): it is exact, and on the bench
graph at 10 hops it is larger and slower than the capped one, which leaves 36 supernodes
unexpanded. ``supply_and_money_chains`` asks for it (short chains first, where the corridor is
narrow); ``chokepoints`` and ``interdictionPlan`` do not.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chokepoint.graph.adapter import Row


@dataclass(frozen=True)
class Toward:
    """Keep only neighbours whose floor toward the other end (``supplier`` or ``cell``) is at most
    ``bound`` hops, and cap nothing (the degree is not counted)."""

    floor: str
    bound: int


class ProjectionReads(Protocol):
    """The reads the analysis needs, filtered by whoever asks (the API's ``GraphReads``)."""

    async def supply_ends(self, sources: list[str], sinks: list[str]) -> tuple[list[str], list[str]]: ...

    async def expand_projection(
        self, ids: Sequence[str], rel_types: list[str], max_degree: int, toward: Toward | None = None
    ) -> list[Row]: ...

    async def chain_floors_hold(
        self, sources: Sequence[str], sinks: Sequence[str], rel_types: list[str], max_hops: int
    ) -> bool: ...

    async def links(
        self, pairs: Sequence[tuple[str, str]], rel_types: list[str]
    ) -> dict[tuple[str, str], Row]: ...


@dataclass
class Projection:
    """Visible nodes met, the links between them (start, end), and the supernodes not expanded."""

    nodes: set[str] = field(default_factory=set)
    links: set[tuple[str, str]] = field(default_factory=set)
    capped: set[str] = field(default_factory=set)
    round_trips: int = 0


@dataclass
class _Side:
    """One side of the search: hop distance of every node reached, and the current frontier; with
    floors, the floor toward the other side that its neighbours are kept by."""

    reached: dict[str, int]
    other_floor: str
    depth: int = 0

    @property
    def frontier(self) -> list[str]:
        return sorted(node for node, hops in self.reached.items() if hops == self.depth)


async def fetch_projection(
    reads: ProjectionReads,
    sources: Collection[str],
    sinks: Collection[str],
    max_hops: int,
    rel_types: list[str],
    max_degree: int,
    by_floors: bool = False,
) -> Projection:
    """The projection; ``by_floors``: guided by the chain floors when they hold for the question."""
    sides = (_Side(dict.fromkeys(sources, 0), "cell"), _Side(dict.fromkeys(sinks, 0), "supplier"))
    guided = by_floors and await reads.chain_floors_hold(sorted(sources), sorted(sinks), rel_types, max_hops)
    neighbours: dict[tuple[str, str], list[str]] = {}  # (side's floor, node) -> kept neighbours
    projection = Projection()
    for _ in range(max_hops):
        side = min(sides, key=lambda s: len(s.frontier))  # ties: the sources' side
        frontier = side.frontier
        key = side.other_floor if guided else ""
        wanted = [node for node in frontier if (key, node) not in neighbours]
        for node in wanted:
            neighbours[key, node] = []  # invisible or absent ids stay without neighbours
        if wanted:
            projection.round_trips += 1
            toward = Toward(side.other_floor, max_hops - side.depth - 1) if guided else None
            for row in await reads.expand_projection(wanted, rel_types, max_degree, toward):
                node = str(row["id"])
                projection.nodes.add(node)
                neighbours[key, node] = [str(n) for n in row["neighbours"]]
                if int(row["degree"]) > max_degree:
                    projection.capped.add(node)
        for node in frontier:
            for neighbour in neighbours[key, node]:
                side.reached.setdefault(neighbour, side.depth + 1)
                projection.nodes.add(neighbour)
                projection.links.add((node, neighbour) if node < neighbour else (neighbour, node))
        side.depth += 1
    return projection
