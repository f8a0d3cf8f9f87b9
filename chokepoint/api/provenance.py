"""An element's provenance as one viewer may see it: only the assertions it holds grants for.

Stored provenance lists every assertion (``sourceRecords`` with ``sourceRecordMarkings`` in
parallel) and names the last writer (``sourceDataset``, ``sourceRecordId``, ``agency``,
``caveat``). A viewer is shown the visible assertions only, and the singular fields name the latest
of them, so nothing in an answer names a record the viewer may not see: these are the values a graph
built from the viewer's visible records alone would give (``tests/integration/test_caveat_oracle.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chokepoint.markings import PUBLIC, visible_assertions

SINGULAR = ("sourceDataset", "sourceRecordId", "agency", "caveat")


def for_viewer(props: Mapping[str, Any], grants: Iterable[str]) -> dict[str, Any]:
    """``props`` with its provenance cut down to the assertions ``grants`` (PUBLIC implied) see."""
    held = {*grants, PUBLIC}
    assertions = visible_assertions(props.get("sourceRecords"), props.get("sourceRecordMarkings"), held)
    shown = dict(props)
    shown["sourceRecords"] = [a.record for a in assertions]
    shown["sourceRecordMarkings"] = [a.marking for a in assertions]
    shown["markings"] = [m for m in props.get("markings") or () if m in held]
    if assertions:
        latest = assertions[-1]
        shown.update(
            sourceDataset=latest.dataset,
            sourceRecordId=latest.record_id,
            agency=latest.agency,
            caveat=latest.caveat,
        )
    else:  # an element without assertion lists (not written by this version's ingest) shows none
        shown.update(dict.fromkeys(SINGULAR))
    return shown

