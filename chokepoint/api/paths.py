"""Path objects from query rows: ordered nodes, and each hop with its relationship and direction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chokepoint.api.arguments import encode_cursor
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.objects import Direction, Hop, Path, PathConnection, PathEdge, page_info


def path_of(registry: TypeRegistry, row: Mapping[str, Any]) -> Path:
    """A Path from ``{nodes: [...], relationships: [...]}`` (relationships in walking order)."""
    nodes = [registry.entity(node) for node in row["nodes"]]
    hops = [
        Hop(
            direction=Direction.OUTGOING if rel["startId"] == row["nodes"][i]["id"] else Direction.INCOMING,
            relationship=registry.relationship(rel),
        )
        for i, rel in enumerate(row["relationships"])
    ]
    return Path(length=len(hops), nodes=nodes, relationships=hops)


def path_connection(
    registry: TypeRegistry, rows: Sequence[Mapping[str, Any]], first: int, offset: int
) -> PathConnection:
    """A page of the paths found (all of them were fetched: at most MAX_PATHS)."""
    chosen = rows[offset : offset + first]
    edges = [
        PathEdge(cursor=encode_cursor(offset + i), node=path_of(registry, row))
        for i, row in enumerate(chosen)
    ]
    info = page_info(offset, len(edges), has_next=offset + len(edges) < len(rows))
    return PathConnection(edges=edges, page_info=info, total_count=len(rows))
