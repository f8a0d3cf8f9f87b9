"""Floors: for each node, a lower bound of its distance to some set of nodes, for every viewer.

A floor is the distance over a fixed set of relationship types, either way, in the whole graph
(every link, whoever may see it) from a seed set that holds every viewer's targets (anything that
any grant's records make a target). No viewer's distance is shorter, so a search for a path of
``d`` hops may step, at depth ``k``, only onto nodes whose floor is at most ``d - k - 1``. Floors
are never shown: only the answers of the exact searches they guide are.

A floor holds only for the graph it was computed on: a later write can add a shorter way. Every
domain write counts itself (``Graph.write``); the floors are stamped with the count they were built
at and readers trust them only while the count has not moved (else they search without them).
:mod:`chokepoint.analysis.exposure_floor` and :mod:`chokepoint.analysis.chain_floor` are the two
kinds; this module builds and stamps either.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query

_BATCH = 5000


@dataclass(frozen=True)
class FloorWalk:
    """One floor property's queries: its seeds (floor 0), the nodes at a level, one level's step."""

    seed: str
    ids: str
    level: str


@dataclass(frozen=True)
class FloorKind:
    """A kind of floors: its stamp, its state, how its properties are cleared, and its walks."""

    stamp: str
    state: str
    clear: str
    walks: tuple[FloorWalk, ...]


@dataclass(frozen=True)
class FloorState:
    """The floors' stamp and the graph's write count now."""

    writes: int
    built_at: int | None
    complete: bool
    types: tuple[str, ...]
    max_hops: int

    @property
    def current(self) -> bool:
        """Built whole at today's write count."""
        return self.complete and self.built_at == self.writes

    def holds_for(self, types: list[str], max_hops: int) -> bool:
        """True when the floors bound every distance a search over ``types`` within ``max_hops``
        can find: current, over at least those types and hops."""
        return self.current and set(types) <= set(self.types) and max_hops <= self.max_hops


@dataclass(frozen=True)
class FloorReport:
    walks: tuple[tuple[int, ...], ...]  # per walk: nodes at floor 0, 1, …
    seconds: float
    complete: bool  # False when a write came while building: the floors are not trusted

    @property
    def reached_by_level(self) -> tuple[int, ...]:
        """The first walk's levels (the only one of a kind with one floor)."""
        return self.walks[0]


def state_of(row: dict[str, object] | None) -> FloorState:
    """The :class:`FloorState` of a floor state row (``writes``, ``builtAt``, ``complete``, …)."""
    row = row or {}
    built = row.get("builtAt")
    hops = row.get("maxHops")
    return FloorState(
        writes=int(str(row.get("writes") or 0)),
        built_at=int(str(built)) if built is not None else None,
        complete=bool(row.get("complete")),
        types=tuple(str(t) for t in row.get("types") or ()),  # type: ignore[attr-defined]
        max_hops=int(str(hops)) if hops is not None else 0,
    )


def read_state(graph: Graph, kind: FloorKind) -> FloorState:
    rows = graph.read(load_query(kind.state))
    return state_of(rows[0] if rows else None)


def build(graph: Graph, kind: FloorKind, types: list[str], max_hops: int) -> FloorReport:
    """Recompute every floor of ``kind`` from scratch (idempotent). The floors are marked incomplete
    first, so readers search without them until the stamp says they hold again; they are trusted
    afterwards only if no write came while they were being built."""
    started = time.perf_counter()
    before = read_state(graph, kind).writes
    stamp = load_query(kind.stamp)
    graph.write_derived(stamp, complete=False, writes=before, types=types, maxHops=max_hops, reached=0)
    while graph.write_derived(load_query(kind.clear), batch=_BATCH * 4)[0]["removed"]:
        pass
    walks = tuple(_walk(graph, walk, types, max_hops) for walk in kind.walks)
    complete = read_state(graph, kind).writes == before
    reached = sum(sum(levels) for levels in walks)
    graph.write_derived(
        stamp, complete=complete, writes=before, types=types, maxHops=max_hops, reached=reached
    )
    return FloorReport(walks, time.perf_counter() - started, complete)


def _walk(graph: Graph, walk: FloorWalk, types: list[str], max_hops: int) -> tuple[int, ...]:
    """Breadth-first from the seeds, one level per round: the nodes reached at each level."""
    reached = [int(graph.write_derived(load_query(walk.seed))[0]["reached"])]
    for level in range(1, max_hops + 1):
        ids = [str(r["id"]) for r in graph.read(load_query(walk.ids), level=level - 1)]
        count = 0
        for start in range(0, len(ids), _BATCH):
            rows = graph.write_derived(
                load_query(walk.level), ids=ids[start : start + _BATCH], types=types, level=level
            )
            count += int(rows[0]["reached"])
        reached.append(count)
        if count == 0:
            break
    return tuple(reached)
