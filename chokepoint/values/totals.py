"""Transfer totals per viewer: ``SENT_FUNDS_TO`` sums kept per visibility class of the transfers.

The refresh (``refresh_transfer_totals.cypher``) groups a pair's Transfer nodes by their
``markings`` (the grants under which each transfer is visible) and keeps one class per group in
``totalsByVisibility``: ``GRANTS␞COUNT␞FIRST␞LAST␞TOTAL`` (GRANTS comma-separated). A viewer sees a
transfer when it holds any of its grants, so the transfers it sees are exactly those of the classes
it shares a grant with, and its totals are their sums: the totals a graph built from its visible
ledgers alone would hold (each transfer counted once, whichever ledgers asserted it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from chokepoint.values.amounts import exact_sum

PROPERTY = "totalsByVisibility"
SEPARATOR = "\x1e"
# The stamps of the contributing ledgers' files: shown only to a viewer who sees every class.
LEDGER_STAMPS = ("sourceFileSha256", "sourcePublished", "synthetic")


def visible_totals(classes: Iterable[str], held: frozenset[str]) -> dict[str, Any]:
    """``totalAmount``, ``transferCount``, ``firstSeen`` and ``lastSeen`` over the classes a viewer
    holding ``held`` sees (absent values when it sees none)."""
    totals: list[str] = []
    count, first, last = 0, None, None
    for text in classes:
        parts = text.split(SEPARATOR)
        if len(parts) != 5 or not held.intersection(parts[0].split(",")):
            continue
        totals.append(parts[4])
        count += int(parts[1])
        first = _earlier(first, _moment(parts[2]))
        last = _later(last, _moment(parts[3]))
    if count == 0:
        return dict.fromkeys(("totalAmount", "transferCount", "firstSeen", "lastSeen"))
    return {"totalAmount": exact_sum(totals), "transferCount": count, "firstSeen": first, "lastSeen": last}


def _moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.split("[", 1)[0]) if text else None
    except ValueError:
        return None


def _earlier(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return b if a is None else a if b is None else min(a, b)


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return b if a is None else a if b is None else max(a, b)
