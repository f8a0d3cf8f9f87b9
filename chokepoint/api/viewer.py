"""Who is asking, and which records they may see.

The visibility contract: an element is visible when ``x.caveat = 'PUBLIC'`` or
``x.agency + '|' + x.caveat`` is one of the viewer's grants. Every API query receives the grants
as ``$grants`` and applies that predicate to every node and relationship it returns, counts or
traverses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

GRANT_SEPARATOR = "|"


def grant(agency: str, caveat: str) -> str:
    """The grant string that lets a viewer see ``agency``'s records under ``caveat``."""
    return f"{agency}{GRANT_SEPARATOR}{caveat}"


@dataclass(frozen=True)
class Viewer:
    """The calling agency and the ``AGENCY|CAVEAT`` grants it holds (PUBLIC needs none)."""

    agency: str
    grants: frozenset[str] = frozenset()

    @classmethod
    def of(cls, agency: str, grants: Iterable[str]) -> Viewer:
        return cls(agency=agency, grants=frozenset(grants))

    def grant_list(self) -> list[str]:
        """The grants as the ``$grants`` query parameter (sorted: stable query parameters)."""
        return sorted(self.grants)


def development_viewer(grants: Iterable[str]) -> Viewer:
    """The viewer of a server run without authentication: every grant present in the database."""
    return Viewer.of("DEVELOPMENT", grants)
