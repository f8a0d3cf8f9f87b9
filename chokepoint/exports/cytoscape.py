"""Cytoscape.js JSON (``{"elements": {"nodes": [...], "edges": [...]}}``), streamed element by element."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from chokepoint.exports.subgraph import ExportEdge, ExportNode


def write_cytoscape(
    out: IO[bytes], nodes: Iterable[ExportNode], edges: Iterable[ExportEdge]
) -> tuple[int, int]:
    out.write(b'{"format_version": "1.0", "generated_by": "chokepoint", "elements": {"nodes": [')
    node_count = _stream(
        out,
        (
            {"data": {**node.props, "id": node.id, "label": node.caption, "type": node.label}}
            for node in nodes
        ),
    )
    out.write(b'], "edges": [')
    edge_count = _stream(
        out,
        (
            {
                "data": {
                    **edge.props,
                    "id": edge.id,
                    "source": edge.source,
                    "target": edge.target,
                    "label": edge.type,
                }
            }
            for edge in edges
        ),
    )
    out.write(b"]}}\n")
    return node_count, edge_count


def _stream(out: IO[bytes], elements: Iterable[dict[str, object]]) -> int:
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per element
    count = 0
    for element in elements:
        out.write((b",\n" if count else b"\n") + encode(element).encode())
        count += 1
    return count
