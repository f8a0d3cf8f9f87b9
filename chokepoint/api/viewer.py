"""Who is asking, and which records they may see.

The visibility contract (``chokepoint/markings.py``): an element is visible when the viewer holds
one of its ``markings``; every viewer holds ``PUBLIC``. Every API query receives the grants as
``$grants`` and applies ``any(g IN x.markings WHERE g IN $grants)`` to every node and relationship
it returns, counts or traverses; provenance lists show only the assertions the viewer may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chokepoint.markings import PUBLIC
from chokepoint.markings import SEPARATOR as GRANT_SEPARATOR
from chokepoint.markings import marking as grant

__all__ = ["GRANT_SEPARATOR", "PUBLIC", "Viewer", "development_viewer", "grant"]


@dataclass(frozen=True)
class Viewer:
    """The calling agency and the ``AGENCY|CAVEAT`` grants it holds (PUBLIC, held by all, implied)."""

    agency: str
    grants: frozenset[str] = frozenset()

    @classmethod
    def of(cls, agency: str, grants: Iterable[str]) -> Viewer:
        return cls(agency=agency, grants=frozenset(grants))

    def grant_list(self) -> list[str]:
        """The grants as the ``$grants`` query parameter, PUBLIC included (sorted: stable parameters)."""
        return sorted(self.grants | {PUBLIC})


def development_viewer(grants: Iterable[str]) -> Viewer:
    """The viewer of a server run without authentication: every grant present in the database."""
    return Viewer.of("DEVELOPMENT", grants)
