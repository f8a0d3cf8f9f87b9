"""Markings: how an assertion's owner and caveat become what a viewer must hold to see it.

Every source record carries a marking, ``AGENCY|CAVEAT``. A viewer holds grants, the same strings,
plus ``PUBLIC``, which every viewer holds. A record marked ``X|PUBLIC`` is visible under the grant
``PUBLIC``; any other record only under its own marking. An element (node or relationship) lists in
``markings`` the grant of each record that asserted it, so it is visible when the viewer holds any of
them, whoever wrote it last; ``sourceRecordMarkings`` keeps the marking of each record of
``sourceRecords``, so provenance can be shown record by record. While every record of an element
shares one marking (most elements), that marking is stored once, as ``sourceRecordsMarking``, and
``sourceRecordMarkings`` is absent: a list property takes a dynamic block of its own (128 bytes),
a short string fits in the property record. Readers see the list either way
(:func:`record_markings`, and the same expression in Cypher).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from chokepoint.schema.vocabulary import PUBLIC_CAVEAT

PUBLIC = PUBLIC_CAVEAT  # the caveat, and the grant every viewer holds
SEPARATOR = "|"
RECORD_MARKINGS = "sourceRecordMarkings"  # one per record of sourceRecords, when they differ
SHARED_MARKING = "sourceRecordsMarking"  # the one marking every record shares, instead
RECORDS = "sourceRecords"


def marking(agency: str, caveat: str) -> str:
    """The marking of a record owned by ``agency`` under ``caveat``."""
    return f"{agency}{SEPARATOR}{caveat}"


def visibility(agency: str, caveat: str) -> str:
    """The grant under which such a record is visible: PUBLIC for public records, else its marking."""
    return PUBLIC if caveat == PUBLIC else marking(agency, caveat)


def visibility_of(record_marking: str) -> str:
    """:func:`visibility` of a marking string."""
    agency, _, caveat = record_marking.rpartition(SEPARATOR)
    return visibility(agency, caveat)


def record_markings(props: Mapping[str, Any]) -> list[str]:
    """The marking of each record in ``sourceRecords``, whichever way the element stores them."""
    listed = props.get(RECORD_MARKINGS)
    if listed is not None:
        return list(listed)
    shared = props.get(SHARED_MARKING)
    return [shared] * len(props.get(RECORDS) or ()) if shared is not None else []


def with_record_markings(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` with ``sourceRecordMarkings`` as a list (what answers and exports show)."""
    shown = dict(props)
    if shown.pop(SHARED_MARKING, None) is not None:
        shown[RECORD_MARKINGS] = record_markings(props)
    return shown


def add_record_marking(stored: MutableMapping[str, Any], mark: str) -> None:
    """The MERGE template's rule for one more record's marking (call it before the record joins
    ``sourceRecords``): kept once while every record shares it, one per record once they differ."""
    listed, shared = stored.get(RECORD_MARKINGS), stored.get(SHARED_MARKING)
    if listed is not None:
        stored[RECORD_MARKINGS] = [*listed, mark]
    elif shared is None or shared == mark:
        stored[SHARED_MARKING] = mark
    else:
        stored[RECORD_MARKINGS] = [shared] * len(stored.get(RECORDS) or ()) + [mark]
        del stored[SHARED_MARKING]


def stored_record_markings(props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` (as an export lists them) stored as ingest stores them: one marking shared by every
    record kept once (restoring an export)."""
    stored = dict(props)
    listed = stored.get(RECORD_MARKINGS)
    if listed and len(set(listed)) == 1 and len(listed) == len(stored.get(RECORDS) or ()):
        stored[SHARED_MARKING] = listed[0]
        del stored[RECORD_MARKINGS]
    return stored
