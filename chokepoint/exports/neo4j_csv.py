"""A chart as the CSV files of ``neo4j-admin database import``: load it into another Neo4j as it is.

The layout of ``chokepoint db import`` (``ingest/bulk_csv.py``): one file per node label
(``nodes/<Label>.csv``, header ``id:ID(Entity)`` then the type's exported properties typed from the
schema, ``name:string``, ``block:long``, ``aliases:string[]`` …; exact amounts as their decimal
text) and one per relationship type (``relationships/<TYPE>.csv``: ``:START_ID(Entity)``,
``:END_ID(Entity)``, its properties), lists joined by U+001F, and ``neo4j-admin.args`` naming every
file with the labels and types: ``neo4j-admin database import full @neo4j-admin.args DATABASE`` in
the folder. Files are opened as their first element arrives, so the export still streams.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from chokepoint.exports.subgraph import ExportEdge, ExportNode
from chokepoint.ingest.bulk_csv import ARGS_FILE, ID_SPACE, import_cell, import_type
from chokepoint.schema.model import DomainModel, exposed


def write_neo4j_csv(
    folder: Path, model: DomainModel, nodes: Iterable[ExportNode], edges: Iterable[ExportEdge]
) -> tuple[int, int]:
    (folder / "nodes").mkdir(parents=True, exist_ok=True)
    (folder / "relationships").mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        node_files = _Files(stack, folder / "nodes", lambda label: _node_columns(model, label))
        for node in nodes:
            node_files.write(node.label, {"id": node.id, **node.props})
        edge_files = _Files(stack, folder / "relationships", lambda kind: _edge_columns(model, kind))
        for edge in edges:
            edge_files.write(edge.type, {":START_ID": edge.source, ":END_ID": edge.target, **edge.props})
    lines = [f"--nodes={model.base_label}:{label}=nodes/{label}.csv" for label in sorted(node_files.counts)]
    lines += [f"--relationships={kind}=relationships/{kind}.csv" for kind in sorted(edge_files.counts)]
    lines += ["--id-type=string", "--array-delimiter=U+001F", "--ignore-empty-strings=true"]
    if node_files.multiline or edge_files.multiline:
        lines.append("--multiline-fields=true")
    (folder / ARGS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(node_files.counts.values()), sum(edge_files.counts.values())


def _node_columns(model: DomainModel, label: str) -> list[tuple[str, str]]:
    """(property, header) pairs: the id, then every exported property typed from the schema."""
    props = exposed(model.node_properties(label))
    return [("id", f"id:ID({ID_SPACE})")] + [
        (name, f"{name}:{import_type(spec)}") for name, spec in props.items() if name != "id"
    ]


def _edge_columns(model: DomainModel, rel_type: str) -> list[tuple[str, str]]:
    props = exposed(model.relationship_properties(rel_type))
    ends = [(":START_ID", f":START_ID({ID_SPACE})"), (":END_ID", f":END_ID({ID_SPACE})")]
    return ends + [(name, f"{name}:{import_type(spec)}") for name, spec in props.items()]


class _Files:
    """One CSV writer per label or type, opened with its header when its first row comes."""

    def __init__(self, stack: ExitStack, folder: Path, columns: Any) -> None:
        self._stack, self._folder, self._columns = stack, folder, columns
        self._writers: dict[str, tuple[Any, list[tuple[str, str]]]] = {}
        self.counts: dict[str, int] = {}
        self.multiline = False

    def write(self, kind: str, values: dict[str, Any]) -> None:
        if kind not in self._writers:
            handle = self._stack.enter_context(
                (self._folder / f"{kind}.csv").open("w", encoding="utf-8", newline="")
            )
            writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
            columns = self._columns(kind)
            writer.writerow([header for _, header in columns])
            self._writers[kind] = (writer, columns)
            self.counts[kind] = 0
        writer, columns = self._writers[kind]
        cells = [import_cell(values.get(name), header) for name, header in columns]
        self.multiline = self.multiline or any(c is not None and ("\n" in c or "\r" in c) for c in cells)
        writer.writerow(cells)
        self.counts[kind] += 1
