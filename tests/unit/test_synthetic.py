"""The synthetic generator: reproducible, valid in every format, and carrying the planted patterns."""

from __future__ import annotations

import csv
import filecmp
import importlib
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from pydantic import BaseModel

from chokepoint.formats.common import EnvelopeHeader
from chokepoint.formats.wallet_ledger import LedgerTransfer
from chokepoint.ingest.crypto import normalise
from chokepoint.settings import PROJECT_ROOT
from chokepoint.synthetic import bench, identifiers
from chokepoint.synthetic.demo import DEFAULT_SEED, INDEX_FILE, generate
from chokepoint.synthetic.ofac import load_excerpt
from chokepoint.synthetic.world import build_world

RECORDS = PROJECT_ROOT / "demo" / "records"
EXCERPT = PROJECT_ROOT / "demo" / "ofac_excerpt.json"
MODELS = {
    "seizure-report": ("seizure_report", "SeizureReport"),
    "shipment-manifest": ("shipment_manifest", "ShipmentManifest"),
    "wallet-ledger": ("wallet_ledger", "LedgerTransfer"),
    "intel-note": ("intel_note", "IntelNote"),
    "darknet-listing": ("darknet_listing", "DarknetListing"),
    "btc-transactions": ("btc_transactions", "UtxoTransactionRecord"),
}


def _index() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((RECORDS / INDEX_FILE).read_text())["ingestInOrder"]
    return entries


def _records(entry: dict[str, Any]) -> list[dict[str, Any]]:
    path = RECORDS / entry["file"]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    data = json.loads(path.read_text(encoding="utf-8"))
    EnvelopeHeader.model_validate({k: v for k, v in data.items() if k != "records"})
    assert data["synthetic"] is True and data["format"] == entry["source"]
    records: list[dict[str, Any]] = data["records"]
    return records


def _all_records() -> dict[str, list[dict[str, Any]]]:
    return {entry["file"]: _records(entry) for entry in _index()}


def test_committed_demo_is_what_the_default_seed_generates(tmp_path: Path) -> None:
    counts = generate(tmp_path, DEFAULT_SEED, EXCERPT)
    names = sorted(p.name for p in RECORDS.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir()), "demo/records has stale or missing files"
    _, mismatch, errors = filecmp.cmpfiles(RECORDS, tmp_path, names, shallow=False)
    assert not mismatch and not errors, (
        f"regenerate with `chokepoint generate --out demo/records`: {mismatch}"
    )
    assert sum(counts.values()) > 2000
    assert sum(p.stat().st_size for p in RECORDS.iterdir()) < 3_000_000


def test_another_seed_gives_other_records(tmp_path: Path) -> None:
    generate(tmp_path, DEFAULT_SEED + 1, EXCERPT)
    assert (tmp_path / "irs-ci-ledger.csv").read_bytes() != (RECORDS / "irs-ci-ledger.csv").read_bytes()


@pytest.mark.parametrize("entry", _index(), ids=lambda e: e["file"])
def test_every_record_validates_against_its_format_model(entry: dict[str, Any]) -> None:
    module_name, class_name = MODELS[entry["source"]]
    module = pytest.importorskip(f"chokepoint.formats.{module_name}")
    model: type[BaseModel] = getattr(module, class_name)
    records = _records(entry)
    assert len(records) == entry["records"] > 0
    for record in records:
        model.model_validate(record)


def test_every_address_passes_its_checksum_and_every_phone_is_valid() -> None:
    addresses: set[tuple[str, str]] = set()
    phones: set[str] = set()
    for records in _all_records().values():
        for record in records:
            _collect(record, addresses, phones)
    assert len(addresses) > 500 and len(phones) > 50
    for chain, address in addresses:
        assert normalise(chain, address, "X").checksum_valid is not False, (chain, address)
    for number in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(number)), number


def _collect(value: object, addresses: set[tuple[str, str]], phones: set[str]) -> None:
    if isinstance(value, dict):
        if "address" in value and "chain" in value:
            addresses.add((value["chain"], value["address"]))
        if "from" in value and "to" in value and "chain" in value:
            addresses.update({(value["chain"], value["from"]), (value["chain"], value["to"])})
        for key, item in value.items():
            if key in ("phones",) and isinstance(item, list):
                phones.update(p if isinstance(p, str) else p["number"] for p in item)
            _collect(item, addresses, phones)
    elif isinstance(value, list):
        for item in value:
            _collect(item, addresses, phones)


def test_identifier_check_digits_follow_the_standards() -> None:
    body = "91130104MA09YL9T2"  # a real USCC from the OFAC list ends in W
    rng = random.Random(1)  # noqa: S311 - a seeded draw, not a secret
    generated = identifiers.uscc(rng, "130104")
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    for code, expected in ((body, "W"), (generated[:17], generated[17])):
        total = sum(chars.index(c) * w for c, w in zip(code, weights, strict=True))
        assert chars[(31 - total % 31) % 31] == expected
    address = identifiers.ethereum(rng)
    assert identifiers.eip55(address[2:].lower()) == address and address != address.lower()


def test_real_sanctioned_parties_appear_in_variant_spellings() -> None:
    excerpt = load_excerpt(EXCERPT)
    real = {p.ofac_uid: p for p in excerpt.parties}
    sanctioned = {a[1] for p in excerpt.parties for a in p.addresses}
    records = _all_records()
    mentioned = [
        party
        for party in _parties(records)
        if party.get("ofacUid") in real and party["name"] != real[party["ofacUid"]].name
    ]
    assert mentioned, "no real designated party named in another spelling"
    found = [a for r in records["dea-seizures.json"] for a in r["addresses"] if a["address"] in sanctioned]
    assert found and all(a["foundOn"] == "paper" for a in found)
    paid = [r for r in records["irs-ci-ledger.csv"] if r["to"] in sanctioned]
    assert paid, "no transfer reaches a real sanctioned address"
    passports = {d[1] for p in excerpt.parties for d in p.documents if d[0].lower().startswith("passport")}
    assert any(
        doc["number"] in passports for party in _parties(records) for doc in party.get("documents", [])
    )


def test_near_miss_shares_a_real_name_but_not_the_birth_date() -> None:
    excerpt = load_excerpt(EXCERPT)
    born = {p.name: set(p.birth_dates) for p in excerpt.parties if p.type == "person"}
    near = [
        p
        for p in _parties(_all_records())
        if p["name"] in born and "ofacUid" not in p and "documents" not in p
    ]
    assert near and all(p["birthDate"] not in born[p["name"]] for p in near)


def test_one_fictional_person_is_recorded_by_several_agencies_with_the_same_passport() -> None:
    holders: dict[str, set[str]] = {}
    for file, records in _all_records().items():
        agency = file.split("-")[0]
        for party in _parties({file: records}):
            for doc in party.get("documents", []):
                if doc["docType"] == "Passport" and "subjectId" in party:
                    holders.setdefault(doc["number"], set()).add(agency)
    assert any({"dea", "hsi", "irs"} <= agencies for agencies in holders.values())


def test_the_supply_chain_links_are_all_asserted() -> None:
    notes = _all_records()["fbi-intel-notes.json"] + _all_records()["irs-ci-intel-notes.json"]
    kinds = Counter(note["relationship"] for note in notes)
    for relationship in (
        "SUPPLIES",
        "ACTING_FOR",
        "OWNED_OR_CONTROLLED_BY",
        "LAUNDERS_FOR",
        "CONTROLS_ADDRESS",
        "MEMBER_OF",
    ):
        assert kinds[relationship] > 0, relationship
    ledger = _all_records()["irs-ci-ledger.csv"]
    receivers = Counter(row["to"] for row in ledger)
    senders_of = {to: {r["from"] for r in ledger if r["to"] == to} for to, _ in receivers.most_common(3)}
    assert max(len(s) for s in senders_of.values()) >= 10, "no fan-in to a broker deposit address"
    by_tx = Counter(row["txHash"] for row in ledger)
    assert sum(1 for n in by_tx.values() if n == 2) >= 100, "no peel chain (two-output transactions)"


def _parties(records: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("type") in ("person", "organization") and "name" in value:
                found.append(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(records)
    return found


def test_bench_stream_counts_what_it_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "CHUNK_ROWS", 7_000)
    world = build_world(3, load_excerpt(EXCERPT))
    advanced: list[int] = []
    counts = bench.stream_ledger(world, tmp_path, bench.BenchSize(20_000, 3_000, 1_000), advanced.append)
    files = sorted((tmp_path / bench.LEDGER_DIR).iterdir())
    assert counts.files == len(files) == 3 and sum(advanced) == 20_000
    addresses: set[tuple[str, str]] = set()
    pairs: set[tuple[str, str, str]] = set()
    transfers = 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                transfers += 1
                addresses.update({(row["chain"], row["from"]), (row["chain"], row["to"])})
                pairs.add((row["chain"], row["from"], row["to"]))
                if i % 500 == 0:
                    transfer = LedgerTransfer.model_validate(row)
                    normalise(transfer.chain, transfer.from_, transfer.asset)
                    normalise(transfer.chain, transfer.to, transfer.asset)
    assert (transfers, len(addresses), len(pairs)) == (counts.transfers, counts.addresses, counts.pairs)
    assert counts.relationships == 2 * transfers + len(pairs)


def test_format_modules_are_imported_by_name_only_here() -> None:
    """The generator writes plain dicts; only the tests bind it to the format models."""
    for module_name, _ in MODELS.values():
        if importlib.util.find_spec(f"chokepoint.formats.{module_name}") is None:
            continue
        for path in (PROJECT_ROOT / "chokepoint" / "synthetic").glob("*.py"):
            assert f"formats.{module_name}" not in path.read_text(), path
