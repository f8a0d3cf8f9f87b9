"""Keep only the parties of chosen sanctions programmes (e.g. the drug programmes) from an OFAC source.

A party is kept when one of its designations is under a chosen programme. With it go what it
owns in the file (documents, addresses, phones, places: records sharing its record id), its
designations and their programme links, and the relationships between two kept parties. The
OFAC file lists designations after the parties, so the records are buffered: an OFAC file is a few
hundred thousand small records, well within memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from chokepoint.ingest.records import NodeRecord, Record, RelationshipRecord
from chokepoint.ingest.source import Options, ParsedSource
from chokepoint.schema.vocabulary import NODE_GROUPS, PROGRAM_GROUPS

DRUG_PROGRAMS = PROGRAM_GROUPS["drugs"]
LISTED_PARTIES = frozenset(NODE_GROUPS["listed_parties"])  # what an OFAC entry designates


def only_programs(source: ParsedSource, options: Options) -> ParsedSource:
    """The source cut to ``--programs``. Not a full publication, so nothing is marked delisted."""
    if not options.programs:
        return source
    records = restrict_to_programs(source.records, options.programs)
    return replace(source, records=records, total=None, finish=None)


def restrict_to_programs(records: Iterable[Record], programs: frozenset[str]) -> Iterator[Record]:
    """The records that belong to parties designated under ``programs``, in their original order."""
    buffered = list(records)
    designations = _designations_under(buffered, programs)
    parties = _parties_with(buffered, designations)
    owned_records = {
        record.record_id
        for record in buffered
        if isinstance(record, NodeRecord)
        and record.label in LISTED_PARTIES
        and record.props.get("id") in parties
    }
    for record in buffered:
        if _keep(record, programs, designations, parties, owned_records):
            yield record


def _designations_under(records: list[Record], programs: frozenset[str]) -> set[str]:
    return {
        str(record.props["id"])
        for record in records
        if isinstance(record, NodeRecord)
        and record.label == "Designation"
        and programs.intersection(record.props.get("programs") or ())
    }


def _parties_with(records: list[Record], designations: set[str]) -> set[str]:
    return {
        str(record.source.identity.get("id"))
        for record in records
        if isinstance(record, RelationshipRecord)
        and record.type == "SANCTIONED_BY"
        and record.target.identity.get("id") in designations
    }


def _keep(
    record: Record,
    programs: frozenset[str],
    designations: set[str],
    parties: set[str],
    owned_records: set[str],
) -> bool:
    if isinstance(record, NodeRecord):
        if record.label == "SanctionsProgram":
            return record.props.get("code") in programs
        if record.label == "Designation":
            return record.props.get("id") in designations
        return record.record_id in owned_records
    if isinstance(record, RelationshipRecord):
        if record.type == "SANCTIONED_BY":
            return record.target.identity.get("id") in designations
        if record.type == "UNDER_PROGRAM":
            program_id = str(record.target.identity.get("id", ""))
            return (
                record.source.identity.get("id") in designations and program_id.split(":", 1)[-1] in programs
            )
        if record.record_id in owned_records:  # a party's own links: documents, addresses, places
            return True
        return record.source.identity.get("id") in parties and record.target.identity.get("id") in parties
    return record.record_id in owned_records  # a rejection reported for a kept party
