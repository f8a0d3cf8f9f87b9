"""``intel-note`` (JSON and CSV): one analytic link per record, from a source an agency weighs.

Mapping: ``intel-note`` records (JSON envelope or CSV): one relationship per note.

Each end is an existing node (by global id, its label looked up before the records are read), a
party (record-scoped unless it has a ``subjectId``) or a crypto address. The relationship carries
``confidence`` and the note id as its record; both ends are MENTIONED_IN the note's SourceDocument,
whose title is the note's ``source`` and publication date its ``statedOn``.

A named node is a reference, not a condition of the note: when no node has the id, the links to
that end (the relationship and its mention) are rejected, naming the id, and the rest of the note
is written. So whether the note exists never depends on a node its readers may not see: a viewer
is shown what a graph of its visible records alone would hold, where a node only hidden records
assert is absent (ARCHITECTURE.md, "A note names a node its readers may not see").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from chokepoint.formats.common import AddressRef, FormatModel, NodeIdRef, PartyRef
from chokepoint.ingest.agency.envelope import AgencyFormat, CsvLayout, RecordContext
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.records import NodeRef, Record, RejectedRecord

FORMAT = "intel-note"
# The schema's party-to-party relationship types, and party-to-address control.
Relationship = Literal[
    "ACTING_FOR",
    "ASSOCIATE_OF",
    "CONTROLS_ADDRESS",
    "FAMILY_OF",
    "LAUNDERS_FOR",
    "LEADER_OF",
    "MEMBER_OF",
    "OWNED_OR_CONTROLLED_BY",
    "SUPPLIES",
    "SUPPORTS",
]


def _end_kind(value: Any) -> str:
    """Which form an end takes: ``id`` names an existing node, ``address`` a crypto address."""
    if isinstance(value, FormatModel):  # a model built in Python rather than parsed from JSON
        keys = set(value.model_fields_set) | ({"id"} if isinstance(value, NodeIdRef) else set())
    else:
        keys = set(value) if isinstance(value, dict) else set()
    return "node" if "id" in keys else "address" if "address" in keys else "party"


Endpoint = Annotated[
    Annotated[NodeIdRef, Tag("node")]
    | Annotated[PartyRef, Tag("party")]
    | Annotated[AddressRef, Tag("address")],
    Discriminator(_end_kind),
]


class IntelNote(FormatModel):
    """``subject -[relationship]-> object``: each end an existing node id, a party or an address."""

    note_id: str = Field(min_length=1, description="The note's stable id")
    subject: Endpoint = Field(description='{"id": "ofac:11440"} (an existing node), a PartyRef or AddressRef')
    relationship: Relationship
    object: Endpoint = Field(description="The same three forms as subject")
    confidence: float = Field(ge=0, le=1)
    source: str | None = Field(None, min_length=1, description="Where the statement comes from")
    stated_on: dt.date | None = None

    @model_validator(mode="after")
    def _ends_fit(self) -> IntelNote:
        if isinstance(self.subject, AddressRef):
            raise ValueError("subject: a crypto address can only be the object of CONTROLS_ADDRESS")
        if isinstance(self.object, AddressRef) != (self.relationship == "CONTROLS_ADDRESS"):
            raise ValueError("object: a crypto address exactly when the relationship is CONTROLS_ADDRESS")
        return self


# -- mapping to graph records ----------------------------------------------------------------------
def refers_to(note: IntelNote) -> Iterable[str]:
    return [end.id for end in (note.subject, note.object) if isinstance(end, NodeIdRef)]


def to_records(note: IntelNote, context: RecordContext) -> Iterable[Record]:
    """The note's records; a named node that is not in the graph rejects only the links to it."""
    build = RecordBuilder(context)
    subject = _end(build, note.subject, "subject")
    target = _end(build, note.object, "object")
    missing = [
        f"{slot}: no node with id {end.id!r} in the graph"
        for slot, end, ref in (("subject", note.subject, subject), ("object", note.object, target))
        if isinstance(end, NodeIdRef) and ref is None
    ]
    if subject is not None and target is not None:
        build.link(note.relationship, subject, target, confidence=note.confidence)
    document = build.node(
        "SourceDocument",
        {
            "id": build.scoped_id("note"),
            "title": note.source or f"Intelligence note {note.note_id}",
            "dataset": context.dataset,
            "publishedOn": note.stated_on,
        },
    )
    for end in (subject, target):
        if end is not None:
            build.link("MENTIONED_IN", end, document)
    records: list[Record] = list(build.records)
    if missing:
        written = f"its {note.relationship} link and the mention of that node are not written (the rest is)"
        records.append(RejectedRecord(context.record_id, f"{'; '.join(missing)}: {written}"))
    return records


def _end(build: RecordBuilder, end: Endpoint, slot: str) -> NodeRef | None:
    """The end's node; None for a named node that is not in the graph."""
    if isinstance(end, NodeIdRef):
        label = build.context.existing.get(end.id)
        return None if label is None else NodeRef(label, {"id": end.id})
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
        "noteId": row.get("noteId"),
        "relationship": row.get("relationship"),
        "confidence": row.get("confidence"),
        "source": row.get("source") or None,
        "statedOn": row.get("statedOn") or None,
    }
    for end in ("subject", "object"):
        cells = {name: row.get(f"{end}{name}", "") for name in _END_COLUMNS}
        if cells["Id"]:
            record[end] = {"id": cells["Id"]}
        elif cells["Address"]:
            address = {"chain": cells["Chain"], "address": cells["Address"], "asset": cells["Asset"]}
            record[end] = _present(address)
        else:
            party = {
                "type": cells["Type"],
                "name": cells["Name"],
                "subjectId": cells["SubjectId"],
                "country": cells["Country"],
            }
            record[end] = _present(party)
    return record


def _present(cells: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in cells.items() if value}


SPEC: AgencyFormat[IntelNote] = AgencyFormat(
    FORMAT,
    IntelNote,
    "noteId",
    to_records,
    reads="intelligence notes, JSON or CSV (`--dataset --agency --caveat`)",
    becomes="one relationship with `confidence` between existing nodes, parties or addresses",
    csv=CsvLayout(CSV_COLUMNS, csv_record),
    refers_to=refers_to,
)
