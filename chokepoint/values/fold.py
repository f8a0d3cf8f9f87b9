"""The MERGE template's rules in Python (``graph.statements._CHANGE_AND_COUNT``).

One row folded into one element's stored properties: replace values only from a source not older
than the one that wrote the element, widen earliest/latest, union lists, stamp provenance,
``ingestedAt`` and ``sourceRecordId`` only with a change, and list every assertion in
``sourceRecords``. The bulk import folds every row with it (the import tool writes each element
once), and the value log replays a viewer's visible writes with it.
"""

from __future__ import annotations

from typing import Any

from chokepoint.markings import add_record_marking

Row = dict[str, Any]


def fold(stored: dict[str, Any], row: Row, params: dict[str, Any]) -> None:
    """Fold ``row`` (``{props, earliest?, latest?, union?, record}``) written with batch ``params``
    (``writer.batch_parameters``) into ``stored``."""
    provenance: dict[str, Any] = params["provenance"]
    created = "ingestedAt" not in stored
    fresh, changed, new_source = assess(stored, row, params)
    if created:
        stored["firstSeenAt"] = params["ingestedAt"]
    if not (created or changed or new_source):
        return
    if fresh:
        stored.update(row["props"])
        if created or changed:
            stored.update(provenance)
    stored["ingestedAt"] = params["ingestedAt"]
    stored["sourceRecordId"] = row["record"]
    apply_rules(stored, row)
    if new_source:
        add_record_marking(stored, params["marking"])  # before the record joins sourceRecords
        stored["sourceRecords"] = [*stored.get("sourceRecords", []), f"{params['dataset']}:{row['record']}"]
        if params["visibility"] not in stored.get("markings", []):
            stored["markings"] = [*stored.get("markings", []), params["visibility"]]


def assess(stored: dict[str, Any], row: Row, params: dict[str, Any]) -> tuple[bool, bool, bool]:
    """The template's test of a row against the stored element: whether its source is not older
    (``fresh``), whether it changes a value, and whether its record is a new source."""
    published, stored_published = params["provenance"].get("sourcePublished"), stored.get("sourcePublished")
    fresh = published is None or stored_published is None or published >= stored_published
    changed = (fresh and any(stored.get(k) != v for k, v in row["props"].items())) or rules_change(
        stored, row
    )
    new_source = f"{params['dataset']}:{row['record']}" not in stored.get("sourceRecords", [])
    return fresh, changed, new_source


def rules_change(stored: dict[str, Any], row: Row) -> bool:
    """Whether an earliest, latest or union value of ``row`` widens the stored one."""
    earliest = any(stored.get(k) is None or v < stored[k] for k, v in row.get("earliest", {}).items())
    latest = any(stored.get(k) is None or v > stored[k] for k, v in row.get("latest", {}).items())
    union = any(
        any(item not in stored.get(k, []) for item in values) for k, values in row.get("union", {}).items()
    )
    return earliest or latest or union


def apply_rules(stored: dict[str, Any], row: Row) -> None:
    for k, v in row.get("earliest", {}).items():
        if stored.get(k) is None or v < stored[k]:
            stored[k] = v
    for k, v in row.get("latest", {}).items():
        if stored.get(k) is None or v > stored[k]:
            stored[k] = v
    for k, values in row.get("union", {}).items():
        current = list(stored.get(k, []))
        stored[k] = current + [item for item in values if item not in current]
