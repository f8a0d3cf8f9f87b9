"""Write records as Chokepoint JSON records (the ``records`` format): excerpts of big public sources.

Nodes are written before relationships, as the reader expects; dates become ISO text, which the
schema validation turns back into dates on ingest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chokepoint.ingest.records import NodeRecord, Provenance, Record, RelationshipRecord


def write_fixture(path: Path, provenance: Provenance, records: Iterable[Record]) -> tuple[int, int]:
    """Write ``records`` (rejections are dropped) and return (nodes, relationships) written."""
    nodes: list[dict[str, Any]] = []
    relationships: list[dict[str, Any]] = []
    for record in records:
        if isinstance(record, NodeRecord):
            nodes.append({"label": record.label, "record": record.record_id, "props": _clean(record.props)})
        elif isinstance(record, RelationshipRecord):
            relationships.append(
                {
                    "type": record.type,
                    "record": record.record_id,
                    "from": {"label": record.source.label, **_clean(record.source.identity)},
                    "to": {"label": record.target.label, **_clean(record.target.identity)},
                    "props": _clean(record.props),
                }
            )
    document = {
        "provenance": {
            "dataset": provenance.dataset,
            "agency": provenance.agency,
            "caveat": provenance.caveat,
            "published": provenance.published.isoformat() if provenance.published else None,
            "synthetic": provenance.synthetic,
            "excerptOf": provenance.file_sha256,
        },
        "nodes": nodes,
        "relationships": relationships,
    }
    with path.open("w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")
    return len(nodes), len(relationships)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in props.items() if value is not None and value != []}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value
