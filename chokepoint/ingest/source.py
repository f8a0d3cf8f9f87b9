"""What a source format is: the options it is opened with, its spec, and what its adapter hands back.

Nothing here imports an adapter, so adapters and the registry both depend on this module and not on
each other: the registry is built from the specs the adapters declare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from chokepoint.graph import Graph
from chokepoint.ingest.records import Provenance, Record


@dataclass(frozen=True)
class Options:
    """Facts about a source that its files do not carry themselves."""

    published: dt.date | None = None
    programs: frozenset[str] | None = None  # OFAC sources: keep only parties under these programmes
    # Agency CSV files (shipment-manifest, intel-note, wallet-ledger …) carry no envelope:
    dataset: str | None = None
    agency: str | None = None
    caveat: str | None = None
    synthetic: bool = False
    chain: str | None = None  # wallet-ledger explorer exports: the chain, over what the file implies
    decimal_comma: bool = False  # wallet-ledger CSV: a comma is the decimal mark (and ; may separate)


@dataclass(frozen=True)
class WorkerSpec:
    """How a worker process re-opens the same source: its name, path, options and part index."""

    source: str
    path: Path
    options: Options
    part: int


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


Opener = Callable[[Path, Options], list[ParsedSource]]


@dataclass(frozen=True)
class SourceSpec:
    """A source format ``chokepoint ingest SOURCE PATH`` knows, declared once by its adapter.

    ``reads`` says what PATH is and ``becomes`` what becomes graph: the CLI help and the README's
    source tables are rendered from them (``chokepoint schema formats``). ``in_worker`` marks sources
    big enough that reading them in a worker process pays for the process start.
    """

    name: str
    open: Opener
    reads: str
    becomes: str
    in_worker: bool = False
    public: bool = True  # a public source (README "Loading the public sources") or an agency format
