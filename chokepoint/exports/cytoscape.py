"""Cytoscape.js JSON (``{"style": [...], "elements": {"nodes": [...], "edges": [...]}}``), streamed element
by element.

Colours come from the schema's node styles twice: as a ``style`` sheet with one ``node[type = "…"]``
rule per type (what ``cytoscape({...})`` and ``cy.json(…)`` apply), and as each node's ``color`` data
(a column Cytoscape desktop can map with a passthrough mapping). Relationship types declare no colour.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from chokepoint.exports.layout import Layout, Placement
from chokepoint.exports.styles import Styles
from chokepoint.exports.subgraph import ExportEdge, ExportNode


def write_cytoscape(
    out: IO[bytes],
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    styles: Styles,
    layout: Placement | None = None,
) -> tuple[int, int]:
    header = {"format_version": "1.0", "generated_by": "chokepoint", "style": style_sheet(styles)}
    out.write(json.dumps(header, ensure_ascii=False)[:-1].encode() + b', "elements": {"nodes": [')
    colours = {label: {"color": style.colour} for label, style in styles.items()}
    placement = layout or Layout()
    node_count = _stream(
        out,
        (
            {
                "data": {
                    **node.props,
                    "id": node.id,
                    "label": node.caption,
                    "type": node.label,
                    **colours.get(node.label, {}),
                },
                "position": dict(zip(("x", "y"), placement.position(node), strict=True)),
            }
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


def style_sheet(styles: Styles) -> list[dict[str, object]]:
    """Cytoscape.js's plain-JSON style: labels shown, each node type filled with its colour."""
    base: list[dict[str, object]] = [
        {"selector": "node", "style": {"label": "data(label)"}},
        {
            "selector": "edge",
            "style": {"label": "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle"},
        },
    ]
    return base + [
        {"selector": f'node[type = "{label}"]', "style": {"background-color": style.colour}}
        for label, style in sorted(styles.items())
    ]


def _stream(out: IO[bytes], elements: Iterable[dict[str, object]]) -> int:
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per element
    count = 0
    for element in elements:
        out.write((b",\n" if count else b"\n") + encode(element).encode())
        count += 1
    return count
