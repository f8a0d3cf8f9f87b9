"""CSV nodes + edges (Gephi's and Linkurious's import layout), streamed into a folder."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from chokepoint.exports.attributes import Attribute, text
from chokepoint.exports.subgraph import ExportEdge, ExportNode

# The csv module's default dialect ("excel"): comma-separated, "\r\n" line ends, a field quoted when
# it holds a comma, a quote or a line break, a quote inside doubled.
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
_LINE_END = "\r\n"
_ROWS_PER_WRITE = 1024


def write_csv(
    folder: Path,
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    node_attrs: list[Attribute],
    edge_attrs: list[Attribute],
) -> tuple[int, int]:
    folder.mkdir(parents=True, exist_ok=True)
    node_names = {a.name: _column(a.name) for a in node_attrs if a.name != "id"}
    edge_names = {a.name: _column(a.name) for a in edge_attrs}
    node_columns = ["Id", "Label", "type", *node_names.values()]
    edge_columns = ["Id", "Source", "Target", "Type", "Label", *edge_names.values()]
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as handle:
        node_count = write_rows(
            handle,
            node_columns,
            (
                {"Id": node.id, "Label": node.caption, "type": node.label, **_renamed(node.props, node_names)}
                for node in nodes
            ),
        )
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as handle:
        edge_count = write_rows(
            handle,
            edge_columns,
            (
                {
                    "Id": edge.id,
                    "Source": edge.source,
                    "Target": edge.target,
                    "Type": "Directed",
                    "Label": edge.type,
                    **_renamed(edge.props, edge_names),
                }
                for edge in edges
            ),
        )
    return node_count, edge_count


# Column titles Gephi's spreadsheet importer gives a meaning of its own (case-insensitively): a
# property of that name (LOCATED_IN's kind, say) would be read as an edge kind or an interval.
GEPHI_RESERVED = frozenset(
    {"id", "label", "source", "target", "type", "kind", "weight", "interval", "timeset"}
)


def _column(name: str) -> str:
    return f"{name}_property" if name.lower() in GEPHI_RESERVED else name


def _renamed(props: dict[str, object], names: dict[str, str]) -> dict[str, object]:
    if all(names.get(key, key) == key for key in props):
        return props
    return {names.get(key, key): value for key, value in props.items()}


def write_rows(handle: TextIO, columns: list[str], rows: Iterable[dict[str, object]]) -> int:
    """A header, then each row's values in its column, in the csv module's default dialect.

    A row fills only the columns it has: the union of the schema's properties is wide (over a hundred
    node columns), most elements carry a dozen, and ``csv.writer`` spent more on the blank fields
    than on everything else in the export. So only the values present are quoted (as ``csv.writer``
    would: the unit tests compare the two), and a row is the join of its fields."""
    csv.writer(handle).writerow(columns)
    position = {column: index for index, column in enumerate(columns)}
    blank = [""] * len(columns)
    lines: list[str] = []
    count = 0
    for values in rows:
        fields = blank.copy()
        for name, value in values.items():
            if value is not None and name in position:
                fields[position[name]] = field(value)
        lines.append(",".join(fields))
        count += 1
        if len(lines) >= _ROWS_PER_WRITE:
            handle.write(_LINE_END.join(lines) + _LINE_END)
            lines.clear()
    if lines:
        handle.write(_LINE_END.join(lines) + _LINE_END)
    return count


def field(value: object) -> str:
    """One CSV field: numbers as ``str`` gives them, booleans and lists as :func:`text`, quoted
    where the dialect needs it."""
    kind = type(value)
    rendered: str = str(value) if kind is str or kind is int or kind is float else text(value)
    if _NEEDS_QUOTES.search(rendered) is None:
        return rendered
    return '"' + rendered.replace('"', '""') + '"'
