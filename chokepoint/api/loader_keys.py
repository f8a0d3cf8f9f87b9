"""DataLoader keys: hashable descriptions of one batched request item."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class NeighborKey:
    """Neighbours of one entity, filtered by relationship types and direction, one page of them."""

    id: str
    rel_types: tuple[str, ...]
    direction: str
    first: int
    offset: int

    def counted(self) -> NeighborKey:
        """The same neighbourhood without paging: counts do not depend on the page."""
        return replace(self, first=0, offset=0)

    def batch(self) -> tuple[tuple[str, ...], str, int, int]:
        """What keys must share to be answered by one query (everything but the id)."""
        return self.rel_types, self.direction, self.first, self.offset
