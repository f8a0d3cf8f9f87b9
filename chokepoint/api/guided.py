"""A saved Cypher investigation's rows from its guided search (``// guided: SEARCH``), when its floors
hold: the same rows as the Cypher, for the request's viewer (None: run the Cypher)."""

from __future__ import annotations

from typing import Any

from chokepoint.analysis.shortest_chains import COLUMNS, ChainsAsked, shortest_chains
from chokepoint.api.chains import chain_types
from chokepoint.api.context import RequestContext
from chokepoint.api.run_budget import within_investigation_timeout
from chokepoint.investigations.catalog import Investigation


async def guided_rows(
    ctx: RequestContext, investigation: Investigation, bound: dict[str, Any]
) -> tuple[list[str], list[dict[str, Any]]] | None:
    """The columns and rows of the investigation's guided search, or None (no search, or its floors do
    not hold): within the investigation timeout as a whole, as a computed investigation."""
    if investigation.guided != "shortest_chains":
        return None
    asked = ChainsAsked(
        suppliers=list(bound["suppliers"]),
        cells=list(bound["cells"]),
        max_hops=int(bound["maxHops"]),
        limit=int(bound["limit"]),
    )
    types = chain_types(ctx.registry.model, None)  # the query's links (test_chain_vocabulary)
    rows = await within_investigation_timeout(
        ctx, investigation.name, shortest_chains(ctx.reads, asked, types)
    )
    return None if rows is None else (list(COLUMNS), rows)
