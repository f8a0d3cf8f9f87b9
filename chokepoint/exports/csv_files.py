"""CSV nodes + edges (Gephi's and Linkurious's import layout), streamed into a folder."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from chokepoint.exports.attributes import Attribute, text
from chokepoint.exports.subgraph import ExportEdge, ExportNode


def write_csv(
    folder: Path,
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
) -> tuple[int, int]:
    folder.mkdir(parents=True, exist_ok=True)
    node_columns = ["Id", "Label", "type", *[a.name for a in node_attrs if a.name != "id"]]
    edge_columns = ["Id", "Source", "Target", "Type", "Label", *[a.name for a in edge_attrs]]
    node_count = edge_count = 0
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(node_columns)
        for node in nodes:
            values = {"Id": node.id, "Label": node.caption, "type": node.label, **node.props}
            writer.writerow([_cell(values.get(column)) for column in node_columns])
            node_count += 1
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(edge_columns)
        for edge in edges:
            values = {
                "Id": edge.id,
                "Source": edge.source,
                "Target": edge.target,
                "Type": "Directed",
                "Label": edge.type,
                **edge.props,
            }
            writer.writerow([_cell(values.get(column)) for column in edge_columns])
            edge_count += 1
    return node_count, edge_count


def _cell(value: object) -> str:
    return "" if value is None else text(value)
