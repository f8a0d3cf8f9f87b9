"""Fetch the projected subgraph between sources and sinks: one query per hop level, smaller side first.

Every walk of at most ``k`` hops from a source to a sink lies within ``a`` hops of the sources or
``b`` hops of the sinks whenever ``a + b = k``, and each of its relationships is met while expanding
one of those two balls. So, as in a bidirectional search, each round trip expands the side whose
frontier is smaller, until the two depths add up to ``k``: the sparse supplier side goes deep and the
dense side (cells, their members' wallets and everyone those pay) stays shallow. A node with more
visible relationships than ``max_degree`` (an exchange's hot wallet, a port) is kept but not expanded:
walks through it are missed and the answer names it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chokepoint.graph.adapter import Row


class ProjectionReads(Protocol):
    """The reads the analysis needs, filtered by whoever asks (the API's ``GraphReads``)."""

    async def supply_ends(self, sources: list[str], sinks: list[str]) -> tuple[list[str], list[str]]: ...

    async def expand_projection(
        self, ids: Sequence[str], rel_types: list[str], max_degree: int
    ) -> list[Row]: ...

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
    """One side of the search: hop distance of every node reached, and the current frontier."""

    reached: dict[str, int]
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
) -> Projection:
    sides = (_Side(dict.fromkeys(sources, 0)), _Side(dict.fromkeys(sinks, 0)))
    neighbours: dict[str, list[str]] = {}
    projection = Projection()
    for _ in range(max_hops):
        side = min(sides, key=lambda s: len(s.frontier))  # ties: the sources' side
        frontier = side.frontier
        wanted = [node for node in frontier if node not in neighbours]
        for node in wanted:
            neighbours[node] = []  # invisible or absent ids stay without neighbours
        if wanted:
            projection.round_trips += 1
            for row in await reads.expand_projection(wanted, rel_types, max_degree):
                node = str(row["id"])
                projection.nodes.add(node)
                neighbours[node] = [str(n) for n in row["neighbours"]]
                if int(row["degree"]) > max_degree:
                    projection.capped.add(node)
        for node in frontier:
            for neighbour in neighbours[node]:
                side.reached.setdefault(neighbour, side.depth + 1)
                projection.nodes.add(neighbour)
                projection.links.add((node, neighbour) if node < neighbour else (neighbour, node))
        side.depth += 1
    return projection
