"""What an adapter hands to the ingest service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from chokepoint.graph import Graph
from chokepoint.ingest.records import Provenance, Record


@dataclass
class ParsedSource:
    """A source opened and checked: its provenance, its records (lazy), and an optional final step."""

    provenance: Provenance
    records: Iterator[Record]
    total: int | None = None
    finish: Callable[[Graph], None] | None = None
