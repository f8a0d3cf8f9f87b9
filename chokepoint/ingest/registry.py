"""The source formats ``chokepoint ingest SOURCE PATH`` knows, by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from chokepoint.errors import NotFound
from chokepoint.ingest import cbp_seizures, ofac_crypto, ofac_csv, opensanctions
from chokepoint.ingest.fixture import open_fixture
from chokepoint.ingest.ofac_advanced import OfacAdvancedReader
from chokepoint.ingest.parallel import WorkerSpec
from chokepoint.ingest.source import ParsedSource


@dataclass(frozen=True)
class Options:
    """Facts about a source that its files do not carry themselves."""

    published: dt.date | None = None


Opener = Callable[[Path, Options], list[ParsedSource]]

ADAPTERS: dict[str, tuple[Opener, str]] = {
    "records": (lambda path, _: [open_fixture(path)], "Chokepoint JSON records (demo, hand-made)"),
    "ofac-advanced": (lambda path, _: [OfacAdvancedReader(path).open()], "OFAC sdn_advanced.xml[.bz2]"),
    "ofac-csv": (lambda path, o: [ofac_csv.open_sdn_csv(path, o.published)], "OFAC legacy SDN.CSV"),
    "ofac-crypto": (
        lambda path, o: ofac_crypto.open_lists(path, o.published),
        "OFAC sanctioned_addresses_<CUR>.txt/.json (a file or a folder)",
    ),
    "cbp-seizures": (
        lambda path, _: cbp_seizures.open_seizures(path),
        "CBP drug-seizure CSVs (file or folder)",
    ),
    "opensanctions": (
        lambda path, _: [opensanctions.open_export(path)],
        "OpenSanctions targets.simple.csv or entities.ftm.jsonl",
    ),
}


# Sources big enough that reading them in a worker process pays for the process start.
WORKER_SOURCES = frozenset({"ofac-advanced", "ofac-csv", "opensanctions"})


def opener(source: str) -> Opener:
    """The adapter for ``source``; big sources come back marked so a worker process can read them."""
    try:
        adapter = ADAPTERS[source][0]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise NotFound(f"Unknown source format {source!r}; known: {known}") from None
    if source not in WORKER_SOURCES:
        return adapter

    def with_worker(path: Path, options: Options) -> list[ParsedSource]:
        parts = adapter(path, options)
        return [
            replace(part, worker=WorkerSpec(source, path, options, index)) for index, part in enumerate(parts)
        ]

    return with_worker
