"""Every grant present in the graph, the CLI's everything view, without a full scan on every run.

Listing the grants reads every element's markings (``api_list_grants``): about 2 s on the bench
graph, paid by every saved investigation the CLI ran. The list is kept on a ``GraphState`` node
stamped with the graph's write count (``Graph.write`` counts each changing write), read before the
list was made: it is used only while the count has not moved, so a write that adds a grant is never
missed. Keeping it is derived data (``write_derived``): it does not move the count itself.
"""

from __future__ import annotations

from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query


def grants_present(graph: Graph) -> list[str]:
    """Every grant some element of the graph is marked with (the kept list while it holds)."""
    state = graph.read(load_query("grant_catalogue_state"))[0]
    writes = int(state["writes"])
    if state["listedAt"] is not None and int(state["listedAt"]) == writes:
        return [str(grant) for grant in state["grants"] or ()]
    rows = graph.read(load_query("api_list_grants"))
    grants = sorted(str(grant) for grant in (rows[0]["grants"] if rows else ()))
    graph.write_derived(load_query("grant_catalogue_store"), grants=grants, writes=writes)
    return grants
