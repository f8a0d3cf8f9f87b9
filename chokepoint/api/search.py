"""``search`` as one viewer sees it.

The values index holds each element's stored values, which are what every viewer of an element
without a value log sees: such hits stand as Lucene ranked them. An element asserted under several
grants has a value log, and a viewer may see only part of it, so its hit (from the values index or
from the value-log index, which holds every value any grant wrote) is kept only when the values this
viewer is shown contain every word; it ranks with the score the values index gave it, or, found
only through its log, with the best score of the search (ties then fall back to the id order).
At most ``MAX_SEARCH_HITS`` hits count, taken after every visibility check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chokepoint.api.derived import TypeRegistry
from chokepoint.api.lucene import search_query, tokens
from chokepoint.api.objects import Entity
from chokepoint.api.reads import MAX_SEARCH_HITS, GraphReads
from chokepoint.graph.adapter import Row


@dataclass(frozen=True)
class SearchPage:
    total: int
    nodes: list[Entity]


async def search(
    reads: GraphReads,
    registry: TypeRegistry,
    words: Sequence[str],
    labels: list[str],
    first: int,
    offset: int,
) -> SearchPage:
    found = await reads.search(search_query(" ".join(words)), labels, first, offset)
    scores = [score for _, score in found.plain] + [
        r["score"] for r in found.layered if r["score"] is not None
    ]
    best = max(scores, default=0.0)
    hits: list[tuple[float, str, Row | None]] = [(score, node_id, None) for node_id, score in found.plain]
    wanted = [tokens(word) for word in words]
    for row in found.layered:
        if all(needed <= registry.search_tokens(row) for needed in wanted):
            score = float(row["score"]) if row["score"] is not None else best
            hits.append((score, str(row["id"]), row))
    hits.sort(key=lambda hit: (-hit[0], hit[1]))
    del hits[MAX_SEARCH_HITS:]  # the first hits this viewer may see, never more
    rows = [
        row if row is not None else found.rows.get(node_id)
        for _, node_id, row in hits[offset : offset + first]
    ]
    return SearchPage(len(hits), [registry.entity(row) for row in rows if row is not None])
