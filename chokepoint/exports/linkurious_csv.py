"""A chart as the CSV files Linkurious Enterprise's CSV import reads: one file of nodes per category
(``nodes/<Label>.csv``: ``id``, then the type's exported properties in the schema's order) and one
file of edges per type (``edges/<TYPE>.csv``: ``id``, ``source``, ``target``, then its properties).

Linkurious maps each file to a node category or an edge type, its columns to properties, and an
edge file's source and target columns to the nodes' ``id`` property. Every id is stable: a node's is
its graph id, an edge's the export's deterministic one (its type, ends and identity values, never a
database's internal id), so a chart exported twice names every element alike, and ``id`` can serve as
the data-source's ``alternativeNodeId`` / ``alternativeEdgeId``. Values as the ``csv`` format writes
them (lists and maps as JSON, booleans lower-case). Files are opened as their first element arrives,
so the export still streams.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from chokepoint.exports.csv_files import field
from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.schema import PropertySpec
from chokepoint.schema.model import DomainModel, exposed

NODE_ENDS = ("id",)
EDGE_ENDS = ("id", "source", "target")


def write_linkurious_csv(
    folder: Path,
    model: DomainModel,
    nodes: Iterable[ExportNode],
    edges: Iterable[ExportEdge],
    extra: Sequence[str] = (),
) -> tuple[int, int]:
    """``extra``: columns a viewer's export adds to every file (deconfliction pointers)."""
    with ExitStack() as stack:
        node_files = _Files(
            stack, folder / "nodes", lambda label: [*NODE_ENDS, *_props(model.node_properties(label)), *extra]
        )
        for node in nodes:
            node_files.write(node.label, {**node.props, "id": node.id})
        edge_files = _Files(
            stack,
            folder / "edges",
            lambda kind: [*EDGE_ENDS, *_props(model.relationship_properties(kind)), *extra],
        )
        for edge in edges:
            ends = {"id": edge.id, "source": edge.source, "target": edge.target}
            edge_files.write(edge.type, {**edge.props, **ends})
    return node_files.count, edge_files.count


def _props(properties: dict[str, PropertySpec]) -> list[str]:
    """The exported properties' columns (a node's ``id`` is already the first; no relationship type
    names a property ``id``, ``source`` or ``target``: ``tests/unit/test_export_styles.py``)."""
    return [name for name in exposed(properties) if name != "id"]


class _Files:
    """One CSV file per category or type, opened with its header when its first row comes."""

    def __init__(self, stack: ExitStack, folder: Path, columns: Callable[[str], list[str]]) -> None:
        self._stack, self._folder, self._columns = stack, folder, columns
        self._open: dict[str, tuple[TextIO, list[str]]] = {}
        self.count = 0

    def write(self, kind: str, values: dict[str, object]) -> None:
        opened = self._open.get(kind)
        if opened is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            path = self._folder / f"{kind}.csv"
            opened_file: TextIO = self._stack.enter_context(path.open("w", encoding="utf-8", newline=""))
            columns = self._columns(kind)
            csv.writer(opened_file).writerow(columns)
            opened = self._open[kind] = (opened_file, columns)
        handle, columns = opened
        cells = (values.get(name) for name in columns)
        handle.write(",".join("" if value is None else field(value) for value in cells) + "\r\n")
        self.count += 1
