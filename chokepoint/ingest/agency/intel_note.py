"""Adapter for ``intel-note`` records (JSON envelope or CSV): one relationship per note.

Each end is an existing node (by global id, its label looked up before the records are read), a
party (record-scoped unless it has a ``subjectId``) or a crypto address. The relationship carries
``confidence`` and the note id as its record; both ends are MENTIONED_IN the note's SourceDocument,
whose title is the note's ``source`` and publication date its ``statedOn``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoint.errors import InvalidRecord
from chokepoint.formats.common import NodeIdRef, PartyRef
from chokepoint.formats.intel_note import FORMAT, Endpoint, IntelNote
from chokepoint.ingest.agency.envelope import AgencyFormat, CsvLayout, RecordContext, open_agency
from chokepoint.ingest.agency.parties import RecordBuilder
from chokepoint.ingest.records import NodeRef, Record
from chokepoint.ingest.source import ParsedSource

if TYPE_CHECKING:
    from chokepoint.ingest.registry import Options


def open_notes(path: Path, options: Options) -> list[ParsedSource]:
    return [open_agency(path, options, SPEC)]


def refers_to(note: IntelNote) -> Iterable[str]:
    return [end.id for end in (note.subject, note.object) if isinstance(end, NodeIdRef)]


def to_records(note: IntelNote, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    subject = _end(build, note.subject, "subject")
    target = _end(build, note.object, "object")
    build.link(note.relationship, subject, target, confidence=note.confidence)
    document = build.node("SourceDocument", {
        "id": build.scoped_id("note"), "title": note.source or f"Intelligence note {note.note_id}",
        "dataset": context.dataset, "publishedOn": note.stated_on,
    })  # fmt: skip
    for end in (subject, target):
        build.link("MENTIONED_IN", end, document)
    return build.records


def _end(build: RecordBuilder, end: Endpoint, slot: str) -> NodeRef:
    if isinstance(end, NodeIdRef):
        label = build.context.existing.get(end.id)
        if label is None:
            raise InvalidRecord(f"{slot}: no node with id {end.id!r} in the graph")
        return NodeRef(label, {"id": end.id})
    if isinstance(end, PartyRef):
        return build.party(end, slot)
    return build.address(end)


# -- CSV layout: one row per note -----------------------------------------------------------------------
CSV_COLUMNS = ("noteId", "relationship", "confidence")
_END_COLUMNS = ("Id", "Type", "Name", "SubjectId", "Country", "Chain", "Address", "Asset")


def csv_record(row: dict[str, str]) -> dict[str, Any]:
    """A row as its JSON record. Each end is given by ``<end>Id`` (an existing node), by
    ``<end>Type`` + ``<end>Name`` [+ ``<end>SubjectId``, ``<end>Country``] (a party), or by
    ``<end>Address`` [+ ``<end>Chain``, ``<end>Asset``] (a crypto address); ``<end>`` is subject or object.
    """
    record: dict[str, Any] = {
        "noteId": row.get("noteId"), "relationship": row.get("relationship"),
        "confidence": row.get("confidence"), "source": row.get("source") or None,
        "statedOn": row.get("statedOn") or None,
    }  # fmt: skip
    for end in ("subject", "object"):
        cells = {name: row.get(f"{end}{name}", "") for name in _END_COLUMNS}
        if cells["Id"]:
            record[end] = {"id": cells["Id"]}
        elif cells["Address"]:
            address = {"chain": cells["Chain"], "address": cells["Address"], "asset": cells["Asset"]}
            record[end] = _present(address)
        else:
            party = {"type": cells["Type"], "name": cells["Name"], "subjectId": cells["SubjectId"],
                     "country": cells["Country"]}  # fmt: skip
            record[end] = _present(party)
    return record


def _present(cells: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in cells.items() if value}


SPEC: AgencyFormat[IntelNote] = AgencyFormat(
    FORMAT, IntelNote, "noteId", to_records, csv=CsvLayout(CSV_COLUMNS, csv_record), refers_to=refers_to
)
