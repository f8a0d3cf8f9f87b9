"""The source formats ``chokepoint ingest SOURCE PATH`` knows, by name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from chokepoint.errors import NotFound
from chokepoint.ingest import cbp_seizures, ofac_crypto, ofac_csv, opensanctions
from chokepoint.ingest.agency import darknet_listing, intel_note, seizure_report, shipment_manifest
from chokepoint.ingest.agency import wallet_ledger as agency_wallet_ledger
from chokepoint.ingest.fixture import open_fixture
from chokepoint.ingest.ofac_advanced import OfacAdvancedReader
from chokepoint.ingest.parallel import WorkerSpec
from chokepoint.ingest.program_filter import restrict_to_programs
from chokepoint.ingest.source import ParsedSource


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


Opener = Callable[[Path, Options], list[ParsedSource]]

ADAPTERS: dict[str, tuple[Opener, str]] = {
    "records": (lambda path, _: [open_fixture(path)], "Chokepoint JSON records (demo, hand-made)"),
    "ofac-advanced": (
        lambda path, o: [_only_programs(OfacAdvancedReader(path).open(), o)],
        "OFAC sdn_advanced.xml[.bz2]",
    ),
    "ofac-csv": (
        lambda path, o: [_only_programs(ofac_csv.open_sdn_csv(path, o.published), o)],
        "OFAC legacy SDN.CSV",
    ),
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
    "seizure-report": (seizure_report.open_reports, "agency seizure reports (JSON, docs/formats)"),
    "shipment-manifest": (
        shipment_manifest.open_manifests,
        "shipment manifests: JSON, or CSV with --dataset --agency --caveat (docs/formats)",
    ),
    "intel-note": (
        intel_note.open_notes,
        "intelligence notes: JSON, or CSV with --dataset --agency --caveat (docs/formats)",
    ),
    "wallet-ledger": (
        agency_wallet_ledger.open_ledger,
        "wallet transfers: JSON, or CSV (native, Etherscan, Tronscan) with --dataset --agency --caveat",
    ),
    "darknet-listing": (darknet_listing.open_listings, "darknet vendor accounts and listings (JSON)"),
}


def _only_programs(source: ParsedSource, options: Options) -> ParsedSource:
    """The source cut to some programmes. Not a full publication, so nothing is marked delisted."""
    if not options.programs:
        return source
    records = restrict_to_programs(source.records, options.programs)
    return replace(source, records=records, total=None, finish=None)


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
