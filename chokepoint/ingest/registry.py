"""The source formats ``chokepoint ingest SOURCE PATH`` knows, by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chokepoint.errors import NotFound
from chokepoint.ingest.fixture import open_fixture
from chokepoint.ingest.ofac_advanced import OfacAdvancedReader
from chokepoint.ingest.source import ParsedSource

Opener = Callable[[Path], ParsedSource]

ADAPTERS: dict[str, tuple[Opener, str]] = {
    "records": (open_fixture, "Chokepoint JSON records (demo fixtures, hand-made records)"),
    "ofac-advanced": (lambda path: OfacAdvancedReader(path).open(), "OFAC sdn_advanced.xml or .xml.bz2"),
}


def opener(source: str) -> Opener:
    try:
        return ADAPTERS[source][0]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise NotFound(f"Unknown source format {source!r}; known: {known}") from None
