"""An element as one viewer may see it: only the assertions it holds grants for, and the values
those alone would have written.

Stored provenance lists every assertion (``sourceRecords`` with ``sourceRecordMarkings`` in
parallel) and names the last writer (``sourceDataset``, ``sourceRecordId``, ``agency``,
``caveat``). A viewer is shown the visible assertions only, and the singular fields name the latest
of them, so nothing in an answer names a record the viewer may not see. Property values: an element
whose every grant the viewer holds shows what it stores; one it sees only in part shows the replay
of its visible writes from the value log (:mod:`chokepoint.values.log`). These are the values a
graph built from the viewer's visible records alone would give (``tests/api/test_caveat_oracle.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chokepoint.markings import SEPARATOR, SHARED_MARKING, record_markings, visibility_of
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.log import PROPERTY as VALUE_LOG
from chokepoint.values.log import parse, replay
from chokepoint.values.totals import LEDGER_STAMPS, visible_totals
from chokepoint.values.totals import PROPERTY as TOTALS

SINGULAR = ("sourceDataset", "sourceRecordId", "agency", "caveat")
# Distances drawn from every record, whoever may see it (chokepoint/analysis/floors.py): they only
# guide searches and are never shown, or they would tell a viewer about links it may not see.
FLOORS = ("exposureFloor", "supplierFloor", "cellFloor")
NEVER_SHOWN = (VALUE_LOG, SHARED_MARKING, TOTALS, *FLOORS)
# What the replay recomputes besides the type's own values: stamps of the visible writes.
REPLAYED_STAMPS = ("sourcePublished", "sourceFileSha256", "synthetic", "ingestedAt", "firstSeenAt")


def for_viewer(
    props: Mapping[str, Any], held: frozenset[str], values: Mapping[str, PropertySpec] | None = None
) -> dict[str, Any]:
    """``props`` cut down to what a viewer holding ``held`` (its grants, PUBLIC included:
    ``Viewer.grant_list``) may see. ``values`` are the type's logged properties (its own less its
    identity keys: ``values.log.logged_properties``); without them (a type the model does not know)
    a partly visible element shows none of the values its log names, the safe default.
    Runs for every element of an answer."""
    records, marks = props.get("sourceRecords") or (), record_markings(props)
    grants = props.get("markings") or ()
    if records and len(marks) == len(records) and all(g in held for g in grants):
        return _whole(props, list(records), marks, list(grants))
    return assertion_by_assertion(props, held, values)


def assertion_by_assertion(
    props: Mapping[str, Any], held: frozenset[str], values: Mapping[str, PropertySpec] | None = None
) -> dict[str, Any]:
    """:func:`for_viewer` the long way, for every element (kept apart so a test holds the short
    way for elements seen whole, :func:`_whole`, to it)."""
    records, marks = props.get("sourceRecords") or (), record_markings(props)
    grants = props.get("markings") or ()
    visible = [(r, m) for r, m in zip(records, marks, strict=False) if visibility_of(m) in held]
    shown = dict(props)
    for name in (VALUE_LOG, SHARED_MARKING, *FLOORS):
        shown.pop(name, None)
    shown["sourceRecords"] = [record for record, _ in visible]
    shown["sourceRecordMarkings"] = [mark for _, mark in visible]
    shown["markings"] = [m for m in grants if m in held]
    if visible:  # the singular fields name the latest visible assertion
        record, mark = visible[-1]
        dataset, _, record_id = record.partition(":")
        agency, _, caveat = mark.rpartition(SEPARATOR)
        shown.update(sourceDataset=dataset, sourceRecordId=record_id, agency=agency, caveat=caveat)
    else:  # an element without assertion lists (not written by this version's ingest) shows none
        shown.update(dict.fromkeys(SINGULAR))
    partial = len(shown["markings"]) < len(grants)
    if partial and values is not None:
        _replay_values(shown, props.get(VALUE_LOG) or (), held, values)
    elif partial:
        for statement in filter(None, map(parse, props.get(VALUE_LOG) or ())):
            shown.pop(statement.prop, None)
    classes = shown.pop(TOTALS, None)
    if classes is not None and partial:
        shown.update({k: v for k, v in visible_totals(classes, held).items() if v is not None})
        for name in LEDGER_STAMPS:
            shown.pop(name, None)
    return shown


def _whole(
    props: Mapping[str, Any], records: list[str], marks: list[str], grants: list[str]
) -> dict[str, Any]:
    """:func:`for_viewer` of an element the viewer sees whole (every grant of it held, the common
    case): the stored values and every assertion, the singular fields naming the latest one."""
    shown = dict(props)
    for name in NEVER_SHOWN:
        shown.pop(name, None)
    dataset, _, record_id = records[-1].partition(":")
    agency, _, caveat = marks[-1].rpartition(SEPARATOR)
    shown.update(
        sourceRecords=records,
        sourceRecordMarkings=marks,
        markings=grants,
        sourceDataset=dataset,
        sourceRecordId=record_id,
        agency=agency,
        caveat=caveat,
    )
    return shown


def _replay_values(
    shown: dict[str, Any], log: Any, held: frozenset[str], values: Mapping[str, PropertySpec]
) -> None:
    """Replace the stored values by those of the visible writes (none when nothing was logged: an
    element written before the value log existed shows a partial viewer no values, the safe default)."""
    state = replay(log, held, {**values, **_STAMP_SPECS})
    for name in (*values, *REPLAYED_STAMPS):
        if name in state:
            shown[name] = state[name]
        else:  # absent, as in a graph the viewer's records alone built
            shown.pop(name, None)


_STAMP_SPECS = {
    "sourceFileSha256": PropertySpec(type="string", description="logged provenance"),
    "synthetic": PropertySpec(type="boolean", description="logged provenance"),
}
