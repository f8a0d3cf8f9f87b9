"""Every grant present in the graph, the CLI's everything view, without a full scan on every run.

Listing the grants reads every element's markings (``api_list_grants``): about 2 s on the bench
graph, paid by every saved investigation the CLI ran. The list is kept on a ``GraphState`` node
stamped with the graph's write count (``Graph.write`` counts each changing write), read before the
list was made: it is used only while the count has not moved, so a write that adds a grant is never
missed. Keeping it is derived data (``write_derived``): it does not move the count itself.
"""

from __future__ import annotations

from chokepoint.graph import Graph
from chokepoint.graph.adapter import Row
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query


def grants_present(graph: Graph) -> list[str]:
    """Every grant some element of the graph is marked with (the kept list while it holds)."""
    state = graph.read(load_query("grant_catalogue_state"))[0]
    kept = _kept(state)
    if kept is not None:
        return kept
    grants = _listed(graph.read(load_query("api_list_grants")))
    graph.write_derived(load_query("grant_catalogue_store"), grants=grants, writes=int(state["writes"]))
    return grants


async def grants_present_async(graph: AsyncGraph) -> list[str]:
    """:func:`grants_present` through the API's connection (the CLI's in-process API view); keeping the
    list is an API bookkeeping write, which the write count does not count either."""
    session = graph.session()
    try:
        state = (await session.read(load_query("grant_catalogue_state")))[0]
        kept = _kept(state)
        if kept is not None:
            return kept
        grants = _listed(await session.read(load_query("api_list_grants")))
    finally:
        await session.close()
    await graph.write(load_query("grant_catalogue_store"), grants=grants, writes=int(state["writes"]))
    return grants


def _kept(state: Row) -> list[str] | None:
    """The kept list when it was made at the graph's present write count, else None."""
    if state["listedAt"] is None or int(state["listedAt"]) != int(state["writes"]):
        return None
    return [str(grant) for grant in state["grants"] or ()]


def _listed(rows: list[Row]) -> list[str]:
    return sorted(str(grant) for grant in (rows[0]["grants"] if rows else ()))
