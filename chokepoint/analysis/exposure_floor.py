"""Exposure floors: for each node, a lower bound of its distance to a sanctioned party, for every viewer.

``sanctionsExposure`` asks for the nearest party under an active designation within some hops of an
address, over the links the viewer may see. A plain breadth-first search from the address must walk
its whole neighbourhood up to the party, and next to a busy wallet that is most of the graph. The
floors make it a guided walk (:mod:`chokepoint.analysis.exposure`): a node whose floor is ``f`` is
at least ``f`` hops from any party whatever the viewer sees, so a search for a path of ``d`` hops
only steps, at depth ``k``, onto nodes with ``k + floor <= d``.

The floors walk the ``exposure`` relationship group from every node that is or ever was marked
sanctioned or has a designation of any status: every viewer's parties (:mod:`chokepoint.analysis.floors`
says why that makes them lower bounds, and when they hold).
"""

from __future__ import annotations

from chokepoint.analysis import floors
from chokepoint.analysis.floors import FloorKind, FloorReport, FloorState, FloorWalk, state_of
from chokepoint.graph import Graph
from chokepoint.schema.model import DomainModel

__all__ = ["FLOOR_HOPS", "FloorReport", "FloorState", "build", "floor_types", "read_state", "state_of"]

EXPOSURE_GROUP = "exposure"
FLOOR_HOPS = 6  # the most hops sanctionsExposure may ask for (api/arguments.py MAX_EXPOSURE_HOPS)
EXPOSURE_FLOORS = FloorKind(
    stamp="exposure_floor_stamp",
    state="exposure_floor_state",
    clear="exposure_floor_clear",
    walks=(FloorWalk(seed="exposure_floor_seed", ids="exposure_floor_ids", level="exposure_floor_level"),),
)


def floor_types(model: DomainModel) -> list[str]:
    """The relationship types the floors walk: the schema's ``exposure`` group (its members are
    checked against the schema's types when the model loads)."""
    return list(model.relationship_group(EXPOSURE_GROUP))


def read_state(graph: Graph) -> FloorState:
    return floors.read_state(graph, EXPOSURE_FLOORS)


def build(graph: Graph, model: DomainModel, max_hops: int = FLOOR_HOPS) -> FloorReport:
    """Recompute every exposure floor from scratch (:func:`chokepoint.analysis.floors.build`)."""
    return floors.build(graph, EXPOSURE_FLOORS, floor_types(model), max_hops)
