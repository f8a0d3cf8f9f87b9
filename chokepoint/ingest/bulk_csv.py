"""Write a :class:`BulkGraph` as the CSV files and argument file of ``neo4j-admin database import``.

One file per node label (header ``id:ID(Entity)`` plus every property of the type, provenance
included, typed from the schema) and one per relationship type (``:START_ID(Entity)``,
``:END_ID(Entity)`` and its properties). Labels and types are given on the command line
(``--nodes=Entity:Person=nodes/Person.csv``), so no label column is needed. ``neo4j-admin.args``
holds those options with paths relative to the folder: run the tool there as
``neo4j-admin database import full @neo4j-admin.args neo4j`` (picocli reads ``@file`` arguments).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.graph.source_files import SOURCE_FILE_LABEL
from chokepoint.ingest.bulk_merge import BulkGraph, Element
from chokepoint.schema import DomainModel, PropertySpec

ARGS_FILE = "neo4j-admin.args"
MANIFEST_FILE = "manifest.json"
ID_SPACE = "Entity"  # one id space: node ids are global (Entity.id is unique)
SOURCE_FILE_HEADER = ["key:long", "sha256:string"]
ARRAY_DELIMITER = "\x1f"  # ASCII unit separator: never part of a name, unlike ";"
IMPORT_TYPES = {
    "string": "string",
    "integer": "long",
    "float": "double",
    "decimal": "string",  # Neo4j has no decimal type: the exact text
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "string[]": "string[]",
    "integer[]": "long[]",
    "float[]": "double[]",
}


@dataclass
class BulkFiles:
    """What was written: the folder, counts per label / type, and whether values span lines."""

    directory: Path
    nodes: Counter[str] = field(default_factory=Counter)
    relationships: Counter[str] = field(default_factory=Counter)
    multiline: bool = False
    source_files: int = 0  # SourceFile nodes: each file's hash, which elements name by key

    @property
    def args_file(self) -> Path:
        return self.directory / ARGS_FILE


def import_type(spec: PropertySpec) -> str:
    """The ``neo4j-admin import`` header type of a schema property type."""
    return IMPORT_TYPES[spec.type]


def node_header(model: DomainModel, label: str) -> list[str]:
    props = model.node_properties(label)
    return [f"id:ID({ID_SPACE})"] + [f"{n}:{import_type(s)}" for n, s in props.items() if n != "id"]


def relationship_header(model: DomainModel, rel_type: str) -> list[str]:
    props = model.relationship_properties(rel_type)
    return [f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})"] + [
        f"{n}:{import_type(s)}" for n, s in props.items()
    ]


def write_import_files(model: DomainModel, bulk: BulkGraph, directory: Path) -> BulkFiles:
    """Write every node and (complete) relationship of ``bulk`` into ``directory``.

    Relationships whose endpoints are missing are left out and added to ``bulk.rejected``.
    """
    files = BulkFiles(directory)
    (directory / "nodes").mkdir(parents=True, exist_ok=True)
    (directory / "relationships").mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[tuple[str, Element]]] = {}
    for node_id, node in bulk.nodes.items():
        by_label.setdefault(node.kind, []).append((node_id, node))
    for label, nodes in sorted(by_label.items()):
        names = [n for n in model.node_properties(label) if n != "id"]
        rows = ([node_id, *(node.props.get(n) for n in names)] for node_id, node in nodes)
        path = directory / "nodes" / f"{label}.csv"
        files.nodes[label] = _write(path, node_header(model, label), rows, files)
    by_type: dict[str, list[Element]] = {}
    for rel in bulk.complete_relationships():
        by_type.setdefault(rel.kind, []).append(rel)
    for rel_type, rels in sorted(by_type.items()):
        names = list(model.relationship_properties(rel_type))
        rel_rows = ([r.source, r.target, *(r.props.get(n) for n in names)] for r in rels)
        path = directory / "relationships" / f"{rel_type}.csv"
        files.relationships[rel_type] = _write(path, relationship_header(model, rel_type), rel_rows, files)
    if bulk.files:
        path = directory / "nodes" / f"{SOURCE_FILE_LABEL}.csv"
        file_rows = ([key, sha256] for key, sha256 in sorted(bulk.files.items()))
        files.source_files = _write(path, SOURCE_FILE_HEADER, file_rows, files)
    _write_args(model, files)
    return files


def _write(path: Path, header: list[str], rows: Iterable[list[Any]], files: BulkFiles) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            cells = [import_cell(value, header[i]) for i, value in enumerate(row)]
            files.multiline = files.multiline or any(
                c is not None and ("\n" in c or "\r" in c) for c in cells
            )
            writer.writerow(cells)
            count += 1
    return count


def import_cell(value: Any, column: str) -> str | None:
    """A value as import text; None stays an empty unquoted field, which the tool reads as absent."""
    if value is None:
        return None
    if isinstance(value, list):
        items = [_scalar(item) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise InvalidRecord(f"column {column}: a list value contains the array delimiter U+001F")
        return ARRAY_DELIMITER.join(items)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _write_args(model: DomainModel, files: BulkFiles) -> None:
    base = model.base_label
    lines = [f"--nodes={base}:{label}=nodes/{label}.csv" for label in sorted(files.nodes)]
    if files.source_files:  # no id: nothing links to them (elements name them by key)
        lines.append(f"--nodes={SOURCE_FILE_LABEL}=nodes/{SOURCE_FILE_LABEL}.csv")
    lines += [f"--relationships={t}=relationships/{t}.csv" for t in sorted(files.relationships)]
    # An empty field is a value the element does not have (validation drops empty strings anyway).
    lines += ["--id-type=string", "--array-delimiter=U+001F", "--ignore-empty-strings=true"]
    if files.multiline:
        lines.append("--multiline-fields=true")  # slower; only when some value spans lines
    files.args_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = {
        "nodes": dict(sorted(files.nodes.items())),
        "relationships": dict(sorted(files.relationships.items())),
        "multiline": files.multiline,
        "sourceFiles": files.source_files,
    }
    (files.directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
