"""CSV nodes + edges (Gephi's and Linkurious's import layout), streamed into a folder."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from chokepoint.exports.attributes import Attribute, text
from chokepoint.exports.subgraph import ExportEdge, ExportNode

_WRITTEN_AS_IS = frozenset({str, int, float})  # booleans and lists go through text(): true, JSON


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
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
        node_count = _write_rows(
            handle,
            node_columns,
            ({"Id": node.id, "Label": node.caption, "type": node.label, **node.props} for node in nodes),
        )
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
        edge_count = _write_rows(
            handle,
            edge_columns,
            (
                {
                    "Id": edge.id,
                    "Source": edge.source,
                    "Target": edge.target,
                    "Type": "Directed",
                    "Label": edge.type,
                    **edge.props,
                }
                for edge in edges
            ),
        )
    return node_count, edge_count


def _write_rows(handle: TextIO, columns: list[str], rows: Iterable[dict[str, object]]) -> int:
    """A header, then each row's values in its column (a row fills only the columns it has: the union
    of the schema's properties is wide, and most elements carry a few of them)."""
    writer = csv.writer(handle)
    writer.writerow(columns)
    position = {column: index for index, column in enumerate(columns)}
    blank: list[object] = [""] * len(columns)
    count = 0
    for values in rows:
        row = blank.copy()
        for name, value in values.items():
            if value is not None and name in position:  # the csv module writes text and numbers itself
                row[position[name]] = value if type(value) in _WRITTEN_AS_IS else text(value)
        writer.writerow(row)
        count += 1
    return count
