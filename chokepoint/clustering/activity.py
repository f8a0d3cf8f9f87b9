"""A cluster's money and time: what its members received and spent, and when they were first and
last active, in the UTXO transactions the viewer may see (the rows of ``cluster_activity.cypher``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from chokepoint.graph.adapter import Row


@dataclass(frozen=True)
class Activity:
    sent: Decimal
    received: Decimal
    first: dt.datetime | None
    last: dt.datetime | None


def activity_of(rows: Iterable[Row]) -> Activity:
    """Exact sums of the spent and received values, and the earliest and latest transaction times."""
    listed = list(rows)
    sent = [item for row in listed for item in row["sent"]]
    received = [item for row in listed for item in row["received"]]
    times = [t for _, t in sent + received if t is not None]
    return Activity(
        sent=sum((Decimal(str(v)) for v, _ in sent), Decimal(0)),
        received=sum((Decimal(str(v)) for v, _ in received), Decimal(0)),
        first=min(times, default=None),
        last=max(times, default=None),
    )
