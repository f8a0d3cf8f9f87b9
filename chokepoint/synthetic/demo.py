"""The demo size: a few thousand records in one file per agency and format, small enough to commit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chokepoint.synthetic import darknet, money, notes, seizures, shipments
from chokepoint.synthetic.corridors import corridors
from chokepoint.synthetic.ofac import load_excerpt
from chokepoint.synthetic.parties import SubjectFiles
from chokepoint.synthetic.world import DEMO, Scale, World, build_world
from chokepoint.synthetic.writers import FileSpec, write_csv, write_index, write_json

DEFAULT_SEED = 7
INDEX_FILE = "manifest.json"

# In ingest order: the notes come last because they point at nodes the other files create.
SEIZURES = FileSpec("dea-seizures.json", "seizure-report", "dea-synthetic-seizures", "DEA", "LES")
HSI_MANIFESTS = FileSpec("hsi-manifests.json", "shipment-manifest", "hsi-synthetic-manifests", "HSI", "LES")
CBP_MANIFESTS = FileSpec(
    "cbp-express-manifests.json", "shipment-manifest", "cbp-synthetic-express", "CBP", "SBU"
)
IRS_LEDGER = FileSpec("irs-ci-ledger.csv", "wallet-ledger", "irs-ci-synthetic-ledger", "IRS-CI", "LES")
FBI_LEDGER = FileSpec(
    "fbi-darknet-ledger.json", "wallet-ledger", "fbi-synthetic-darknet-ledger", "FBI", "LES"
)
LISTINGS = FileSpec("fbi-darknet-listings.json", "darknet-listing", "fbi-synthetic-darknet", "FBI", "LES")
FBI_NOTES = FileSpec("fbi-intel-notes.json", "intel-note", "fbi-synthetic-intel", "FBI", "LES")
IRS_NOTES = FileSpec("irs-ci-intel-notes.json", "intel-note", "irs-ci-synthetic-intel", "IRS-CI", "LES")
DEA_NOTES = FileSpec("dea-source-debriefs.json", "intel-note", "dea-synthetic-debriefs", "DEA", "ORCON")
# Loaded by the demo only once IRS-CI watches the wallet it pays (the manifest's "afterWatch").
LATER_LEDGER = FileSpec(
    "irs-ci-ledger-later.csv", "wallet-ledger", "irs-ci-synthetic-ledger", "IRS-CI", "LES"
)
# The interdiction corridors (synthetic/corridors.py), generated last and ingested after the notes.
EXCHANGE_RETURN = FileSpec(
    "irs-ci-exchange-return.json", "intel-note", "irs-ci-synthetic-subpoena-returns", "IRS-CI", "LES"
)
EXCHANGE_LEDGER = FileSpec(
    "irs-ci-exchange-ledger.csv", "wallet-ledger", "irs-ci-synthetic-ledger", "IRS-CI", "LES"
)
FORWARDER_MANIFESTS = FileSpec(
    "hsi-forwarder-manifests.json", "shipment-manifest", "hsi-synthetic-forwarder-records", "HSI", "LES"
)
LATER_PAYMENTS = 3
UTXO = FileSpec("irs-ci-btc-transactions.json", "btc-transactions", "irs-ci-synthetic-btc", "IRS-CI", "LES")
WATCH_LEAST_BTC = 0.1


@dataclass(frozen=True)
class Volumes:
    """How many events of each kind a size generates."""

    scale: Scale
    sea_shipments: int
    parcels: int
    seizures: int
    peel_chains: int
    peel_hops: int
    darknet_sales: int


DEMO_VOLUMES = Volumes(
    DEMO, sea_shipments=160, parcels=120, seizures=150, peel_chains=6, peel_hops=25, darknet_sales=30
)


def generate(out: Path, seed: int, excerpt: Path, volumes: Volumes = DEMO_VOLUMES) -> dict[str, int]:
    """Write every file and the index into ``out``; returns records per file."""
    world = build_world(seed, load_excerpt(excerpt), volumes.scale)
    return write_world(world, out, seed, volumes, with_corridors=True)


def write_world(
    world: World,
    out: Path,
    seed: int,
    volumes: Volumes = DEMO_VOLUMES,
    size: str = "demo",
    *,
    with_corridors: bool = False,
) -> dict[str, int]:
    """Generate the events of ``world`` and write them; the world's random stream continues.
    ``with_corridors`` adds the demo's interdiction corridors (not in the bench set, whose ledger
    continues the same random stream)."""
    out.mkdir(parents=True, exist_ok=True)
    files = SubjectFiles()
    sea = shipments.sea_shipments(world, files, volumes.sea_shipments)
    parcels = shipments.express_parcels(world, files, volumes.parcels)
    seized = seizures.seizures(world, files, volumes.seizures, parcels)
    seizures.near_miss(world, files, seized)
    json_files = [
        (SEIZURES, seized),
        (HSI_MANIFESTS, [p.record for p in sea]),
        (CBP_MANIFESTS, [p.record for p in parcels]),
    ]
    irs_rows = money.irs_ledger(world, volumes.peel_chains, volumes.peel_hops)
    fbi_rows = money.darknet_ledger(world, volumes.darknet_sales)
    json_files += [
        (FBI_LEDGER, [dict(zip(money.LEDGER_COLUMNS, r, strict=True)) for r in fbi_rows]),
        (LISTINGS, darknet.listings(world, files)),
        (FBI_NOTES, notes.fbi_notes(world, files)),
        (IRS_NOTES, notes.irs_notes(world, files)),
        (DEA_NOTES, notes.dea_debriefs(world, files)),
    ]
    counts: dict[str, int] = {}
    entries = []
    for spec, records in json_files:
        write_json(out / spec.file, spec, records)
        counts[spec.file] = len(records)
    counts[IRS_LEDGER.file] = write_csv(out / IRS_LEDGER.file, money.LEDGER_COLUMNS, irs_rows)
    for spec in (
        SEIZURES,
        HSI_MANIFESTS,
        CBP_MANIFESTS,
        IRS_LEDGER,
        FBI_LEDGER,
        LISTINGS,
        FBI_NOTES,
        IRS_NOTES,
        DEA_NOTES,
    ):
        entries.append(spec.index_entry(counts[spec.file]))
    deposit, later_rows = money.later_deposits(world, LATER_PAYMENTS)  # last: the stream above is unchanged
    counts[LATER_LEDGER.file] = write_csv(out / LATER_LEDGER.file, money.LEDGER_COLUMNS, later_rows)
    corridor_entries: list[dict[str, Any]] = []
    if with_corridors:
        counts |= _write_corridors(world, files, out, corridor_entries)
    # after the rest (the demo's corridors too): every file above is unchanged by it
    utxo = money.utxo_slice(world, volumes.seizures)
    write_json(out / UTXO.file, UTXO, utxo)
    counts[UTXO.file] = len(utxo)
    entries.append(UTXO.index_entry(counts[UTXO.file]))
    entries += corridor_entries  # ingested after the UTXO slice, as listed
    after_watch = {
        **LATER_LEDGER.index_entry(counts[LATER_LEDGER.file]),
        "watch": {
            "agency": LATER_LEDGER.agency,
            "rule": "incoming_transfer",
            "subject": f"CryptoAddress:{deposit.chain}|{deposit.address}",
            "parameters": {"asset": "BTC", "minAmount": WATCH_LEAST_BTC},
        },
    }
    command = f"chokepoint generate --size {size} --seed {seed}"
    write_index(out / INDEX_FILE, entries, command, after_watch)
    return counts


def _write_corridors(
    world: World, files: SubjectFiles, out: Path, entries: list[dict[str, Any]]
) -> dict[str, int]:
    """The corridors, generated after the later slice and before the UTXO slice (so the files above
    keep their content) and ingested after the notes: the ledger after the return that names its hot
    wallets' holder."""
    found = corridors(world, files)
    counts: dict[str, int] = {}
    for spec, records in (
        (EXCHANGE_RETURN, found.exchange_notes),
        (FORWARDER_MANIFESTS, found.forwarder_manifests),
    ):
        write_json(out / spec.file, spec, records)
        counts[spec.file] = len(records)
    counts[EXCHANGE_LEDGER.file] = write_csv(
        out / EXCHANGE_LEDGER.file, money.LEDGER_COLUMNS, found.exchange_rows
    )
    entries += [
        spec.index_entry(counts[spec.file])
        for spec in (EXCHANGE_RETURN, EXCHANGE_LEDGER, FORWARDER_MANIFESTS)
    ]
    return counts
