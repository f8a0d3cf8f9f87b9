"""Markings: how an assertion's owner and caveat become what a viewer must hold to see it.

Every source record carries a marking, ``AGENCY|CAVEAT``. A viewer holds grants, the same strings,
plus ``PUBLIC``, which every viewer holds. A record marked ``X|PUBLIC`` is visible under the grant
``PUBLIC``; any other record only under its own marking. An element (node or relationship) lists in
``markings`` the grant of each record that asserted it, so it is visible when the viewer holds any of
them, whoever wrote it last; ``sourceRecordMarkings`` keeps the marking of each record of
``sourceRecords``, so provenance can be shown record by record.
"""

from __future__ import annotations

from chokepoint.schema.vocabulary import PUBLIC_CAVEAT

PUBLIC = PUBLIC_CAVEAT  # the caveat, and the grant every viewer holds
SEPARATOR = "|"


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
