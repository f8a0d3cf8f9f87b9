"""What an adapter hands to the ingest service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chokepoint.graph import Graph
from chokepoint.ingest.records import Provenance, Record

if TYPE_CHECKING:
    from chokepoint.ingest.parallel import WorkerSpec


@dataclass
class ParsedSource:
    """A source opened and checked: its provenance, its records (lazy), and an optional final step."""

    provenance: Provenance
    records: Iterator[Record]
    total: int | None = None
    finish: Callable[[Graph], None] | None = None
    prepare: Callable[[Graph], None] | None = None  # before reading: e.g. look up nodes records name by id
    worker: WorkerSpec | None = None  # set when a worker process can re-open this source itself

    def close(self) -> None:
        """Release the record stream without reading it (when a worker process reads instead)."""
        close = getattr(self.records, "close", None)
        if close is not None:
            close()
