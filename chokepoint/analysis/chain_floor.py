"""Chain floors: for each node, lower bounds of its distance to a precursor supplier and to a
distribution cell, for every viewer.

The supplier → cell searches (``supply_and_money_chains``, ``supplyChains``, ``chokepoints``,
``interdictionPlan``) look for chains of at most ``maxHops`` links. On a graph of a million wallets,
the balls around the suppliers and the cells are most of the graph long before they meet. A node
on a chain of ``L`` links from a supplier to a cell is at least ``supplierFloor`` links from the
supplier and ``cellFloor`` from the cell, so ``supplierFloor + cellFloor <= L``: the searches keep to
that corridor, and a walk from the suppliers steps at depth ``k`` only onto nodes whose cell floor
is at most ``L - k``.

The floors walk the default chain links (the schema's ``supply_chain`` and ``co_spend`` groups) from
every organisation any grant's records call a supplier (``supplierFloor``) or a cell
(``cellFloor``): :mod:`chokepoint.analysis.floors` says why that makes them lower bounds and when they
hold. They bound a search only over those links and from ends that are such organisations (an id
given by hand may be anything: :func:`guides`).
"""

from __future__ import annotations

from chokepoint.analysis import floors
from chokepoint.analysis.floors import FloorKind, FloorReport, FloorState, FloorWalk, state_of
from chokepoint.graph import Graph
from chokepoint.schema.model import DomainModel

__all__ = ["CHAIN_FLOOR_HOPS", "FloorReport", "FloorState", "build", "floor_types", "read_state", "state_of"]

CHAIN_FLOOR_HOPS = 12  # the most hops a chain search walks (supply_and_money_chains' *1..12)
CHAIN_FLOOR_GROUPS = ("supply_chain", "co_spend")
CHAIN_FLOORS = FloorKind(
    stamp="chain_floor_stamp",
    state="chain_floor_state",
    clear="chain_floor_clear",
    walks=(
        FloorWalk(
            seed="chain_floor_seed_suppliers",
            ids="chain_floor_supplier_ids",
            level="chain_floor_supplier_level",
        ),
        FloorWalk(seed="chain_floor_seed_cells", ids="chain_floor_cell_ids", level="chain_floor_cell_level"),
    ),
)


def floor_types(model: DomainModel) -> list[str]:
    """The relationship types the floors walk: the default chain links."""
    return [t for group in CHAIN_FLOOR_GROUPS for t in model.relationship_group(group)]


def read_state(graph: Graph) -> FloorState:
    return floors.read_state(graph, CHAIN_FLOORS)


def build(graph: Graph, model: DomainModel, max_hops: int = CHAIN_FLOOR_HOPS) -> FloorReport:
    """Recompute every chain floor from scratch (:func:`chokepoint.analysis.floors.build`)."""
    return floors.build(graph, CHAIN_FLOORS, floor_types(model), max_hops)
