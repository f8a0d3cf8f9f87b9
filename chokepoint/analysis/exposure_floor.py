"""Exposure floors: for each node, a lower bound of its distance to a sanctioned party, for every viewer.

``sanctionsExposure`` asks for the nearest party under an active designation within some hops of an
address, over the links the viewer may see. A plain breadth-first search from the address must walk
its whole neighbourhood up to the party, and next to a busy wallet that is most of the graph. The
floors make it a guided walk (:mod:`chokepoint.analysis.exposure`): a node whose floor is ``f`` is
at least ``f`` hops from any party whatever the viewer sees, so a search for a path of ``d`` hops
only steps, at depth ``k``, onto nodes with ``k + floor <= d``.

A floor is the distance over the ``exposure`` relationship group, either way, in the whole graph
(every link, whoever may see it) from every node that is or ever was marked sanctioned or has a
designation of any status. That graph holds every viewer's, and that set every viewer's parties, so
no viewer's distance is shorter. Nothing of it is ever shown: only the answers of the exact search,
which reads what the viewer may see, are.

A floor holds only for the graph it was computed on: a later write can add a shorter way. Every
domain write counts itself (``Graph.write``); the floors are stamped with the count they were built
at and readers trust them only while the count has not moved (else they search without them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.schema.model import DomainModel

EXPOSURE_GROUP = "exposure"
FLOOR_HOPS = 6  # the most hops sanctionsExposure may ask for (api/arguments.py MAX_EXPOSURE_HOPS)
_BATCH = 5000


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
    reached_by_level: tuple[int, ...]  # nodes at floor 0, 1, …
    seconds: float
    complete: bool  # False when a write came while building: the floors are not trusted


def state_of(row: dict[str, object] | None) -> FloorState:
    """The :class:`FloorState` of an ``exposure_floor_state`` row."""
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


def floor_types(model: DomainModel) -> list[str]:
    """The relationship types the floors walk: the schema's ``exposure`` group (its members are
    checked against the schema's types when the model loads)."""
    return list(model.relationship_group(EXPOSURE_GROUP))


def read_state(graph: Graph) -> FloorState:
    rows = graph.read(load_query("exposure_floor_state"))
    return state_of(rows[0] if rows else None)


def build(graph: Graph, model: DomainModel, max_hops: int = FLOOR_HOPS) -> FloorReport:
    """Recompute every floor from scratch (idempotent). The floors are marked incomplete first, so
    readers search without them until the stamp says they hold again; they are trusted afterwards
    only if no write came while they were being built."""
    started = time.perf_counter()
    types = floor_types(model)
    before = read_state(graph).writes
    stamp = load_query("exposure_floor_stamp")
    graph.write_derived(stamp, complete=False, writes=before, types=types, maxHops=max_hops, reached=0)
    while graph.write_derived(load_query("exposure_floor_clear"), batch=_BATCH * 4)[0]["removed"]:
        pass
    reached = [int(graph.write_derived(load_query("exposure_floor_seed"))[0]["reached"])]
    for level in range(1, max_hops + 1):
        ids = [str(r["id"]) for r in graph.read(load_query("exposure_floor_ids"), level=level - 1)]
        count = 0
        for start in range(0, len(ids), _BATCH):
            rows = graph.write_derived(
                load_query("exposure_floor_level"), ids=ids[start : start + _BATCH], types=types, level=level
            )
            count += int(rows[0]["reached"])
        reached.append(count)
        if count == 0:
            break
    complete = read_state(graph).writes == before
    graph.write_derived(
        stamp, complete=complete, writes=before, types=types, maxHops=max_hops, reached=sum(reached)
    )
    return FloorReport(tuple(reached), time.perf_counter() - started, complete)
