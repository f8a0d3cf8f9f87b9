"""An element's provenance as one viewer may see it: only the assertions it holds grants for.

Stored provenance lists every assertion (``sourceRecords`` with ``sourceRecordMarkings`` in
parallel) and names the last writer (``sourceDataset``, ``sourceRecordId``, ``agency``,
``caveat``). A viewer is shown the visible assertions only, and the singular fields name the latest
of them, so nothing in an answer names a record the viewer may not see: these are the values a graph
built from the viewer's visible records alone would give (``tests/integration/test_caveat_oracle.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chokepoint.markings import SEPARATOR, visibility_of

SINGULAR = ("sourceDataset", "sourceRecordId", "agency", "caveat")


def for_viewer(props: Mapping[str, Any], held: frozenset[str]) -> dict[str, Any]:
    """``props`` with its provenance cut down to the assertions a viewer holding ``held`` (its
    grants, PUBLIC included: ``Viewer.grant_list``) may see. Runs for every element of an answer."""
    records, marks = props.get("sourceRecords") or (), props.get("sourceRecordMarkings") or ()
    visible = [(r, m) for r, m in zip(records, marks, strict=False) if visibility_of(m) in held]
    shown = dict(props)
    shown["sourceRecords"] = [record for record, _ in visible]
    shown["sourceRecordMarkings"] = [mark for _, mark in visible]
    shown["markings"] = [m for m in props.get("markings") or () if m in held]
    if visible:  # the singular fields name the latest visible assertion
        record, mark = visible[-1]
        dataset, _, record_id = record.partition(":")
        agency, _, caveat = mark.rpartition(SEPARATOR)
        shown.update(sourceDataset=dataset, sourceRecordId=record_id, agency=agency, caveat=caveat)
    else:  # an element without assertion lists (not written by this version's ingest) shows none
        shown.update(dict.fromkeys(SINGULAR))
    return shown
