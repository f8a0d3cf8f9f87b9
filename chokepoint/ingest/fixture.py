"""Adapter for Chokepoint's own JSON record format (demo fixtures and hand-made test inputs).

    {"provenance": {"dataset": …, "agency": …, "caveat": …, "published": "YYYY-MM-DD"},
     "nodes": [{"label": "Person", "record": "r1", "props": {…}}],
     "relationships": [{"type": "MEMBER_OF", "record": "r2", "from": {"label": "Person", "id": …},
                        "to": {"label": "Organization", "id": …}, "props": {…}}]}

A relationship endpoint names its node by ``id`` or by the node type's identity keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, Record, RelationshipRecord
from chokepoint.ingest.source import ParsedSource, SourceSpec


def open_fixture(path: Path) -> ParsedSource:
    """The fixture as a ParsedSource for the ingest service."""
    provenance, records = read_fixture(path)
    return ParsedSource(provenance=provenance, records=iter(records), total=len(records))


def read_fixture(path: Path) -> tuple[Provenance, list[Record]]:
    """Parse the file; a file that is not this format stops here, before anything is written."""
    try:
        data = path.read_bytes()
        document = json.loads(data)
    except OSError as exc:
        raise InvalidRecord(f"{path}: cannot read: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidRecord(f"{path}: not a JSON fixture: {exc}") from exc
    if not isinstance(document, dict) or "provenance" not in document:
        raise InvalidRecord(f"{path}: not a fixture (expected an object with 'provenance')")
    provenance = _provenance(path, document["provenance"], hashlib.sha256(data).hexdigest())
    return provenance, list(_records(path, document))  # structure checked before any write


def _provenance(path: Path, raw: Any, sha256: str) -> Provenance:
    try:
        published = raw.get("published")
        return Provenance(
            dataset=str(raw["dataset"]),
            agency=str(raw["agency"]),
            caveat=str(raw["caveat"]),
            file_sha256=sha256,
            published=dt.date.fromisoformat(published) if published else None,
            synthetic=bool(raw.get("synthetic", False)),
        )
    except (KeyError, AttributeError, ValueError) as exc:
        raise InvalidRecord(f"{path}: provenance: needs dataset, agency and caveat ({exc})") from exc


def _records(path: Path, document: dict[str, Any]) -> Iterator[Record]:
    for index, node in enumerate(document.get("nodes", [])):
        where = f"{path.name} nodes[{index}]"
        yield NodeRecord(
            label=_field(node, "label", where),
            record_id=str(node.get("record", where)),
            props=dict(node.get("props", {})),
        )
    for index, rel in enumerate(document.get("relationships", [])):
        where = f"{path.name} relationships[{index}]"
        yield RelationshipRecord(
            type=_field(rel, "type", where),
            source=_ref(_field(rel, "from", where), where),
            target=_ref(_field(rel, "to", where), where),
            record_id=str(rel.get("record", where)),
            props=dict(rel.get("props", {})),
        )


def _field(item: Any, key: str, where: str) -> Any:
    if not isinstance(item, dict) or key not in item:
        raise InvalidRecord(f"{where}: missing {key!r}")
    return item[key]


def _ref(raw: Any, where: str) -> NodeRef:
    if not isinstance(raw, dict) or "label" not in raw:
        raise InvalidRecord(f"{where}: an endpoint needs a 'label' and its identity")
    identity = {key: value for key, value in raw.items() if key != "label"}
    return NodeRef(label=str(raw["label"]), identity=identity)


SOURCE = SourceSpec(
    "records",
    lambda path, _: [open_fixture(path)],
    reads="Chokepoint JSON ([format](chokepoint/ingest/fixture.py))",
    becomes="anything in the schema; used by the demo",
)
