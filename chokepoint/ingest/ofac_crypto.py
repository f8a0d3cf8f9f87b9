"""Adapter for OFAC's per-currency address lists: ``sanctioned_addresses_<CUR>.txt`` / ``.json``.

The lists carry no holder; their addresses merge into the same (chain, address) nodes the SDN
files create, marking them sanctioned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto
from chokepoint.ingest.files import sha256_of
from chokepoint.ingest.records import NodeRecord, Provenance, Record, RejectedRecord
from chokepoint.ingest.source import ParsedSource, SourceSpec

DATASET = "ofac-crypto-lists"
_NAME = re.compile(r"^sanctioned_addresses_([A-Z0-9]+)\.(txt|json)$")


def open_lists(path: Path, published: dt.date | None = None) -> list[ParsedSource]:
    """One source per list file; in a folder, the .json of a currency is preferred to its .txt."""
    files = _list_files(path)
    return [_open_list(file, code, published) for code, file in files]


def _list_files(path: Path) -> list[tuple[str, Path]]:
    if path.is_file():
        match = _NAME.match(path.name)
        if match is None:
            raise InvalidRecord(f"{path}: not named sanctioned_addresses_<CUR>.txt or .json")
        return [(match.group(1), path)]
    if not path.is_dir():
        raise InvalidRecord(f"{path}: no such file or folder")
    chosen: dict[str, Path] = {}
    for file in sorted(path.iterdir()):
        match = _NAME.match(file.name)
        if match and (match.group(1) not in chosen or file.suffix == ".json"):
            chosen[match.group(1)] = file
    if not chosen:
        raise InvalidRecord(f"{path}: no sanctioned_addresses_<CUR>.txt/.json files in this folder")
    return sorted(chosen.items())


def _open_list(file: Path, code: str, published: dt.date | None) -> ParsedSource:
    addresses = _read(file)  # a malformed file stops here, before anything is written
    provenance = Provenance(
        dataset=DATASET, agency="OFAC", caveat="PUBLIC", file_sha256=sha256_of(file), published=published
    )
    return ParsedSource(provenance, _records(file, code, addresses), total=len(addresses))


def _read(file: Path) -> list[tuple[int, str]]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRecord(f"{file}: cannot read: {exc}") from exc
    if file.suffix == ".txt":
        return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(f"{file}: not a JSON array of addresses ({exc})") from exc
    if not isinstance(values, list):
        raise InvalidRecord(f"{file}: not a JSON array of addresses")
    return [(index, str(value)) for index, value in enumerate(values, 1)]


def _records(file: Path, code: str, addresses: list[tuple[int, str]]) -> Iterator[Record]:
    where = "line" if file.suffix == ".txt" else "item"
    for number, raw in addresses:
        record_id = f"{file.name}:{where} {number}"
        try:
            address = crypto.from_ofac_code(code, raw, strict=False)  # an official list: keep, mark
        except InvalidRecord as exc:
            yield RejectedRecord(record_id, str(exc))
            continue
        props = {
            "chain": address.chain,
            "address": address.address,
            "assets": [address.asset],
            "displayForm": address.checksummed_form,
            "sanctioned": True,
            "checksumValid": address.checksum_valid,
        }
        yield NodeRecord("CryptoAddress", record_id, props)


SOURCE = SourceSpec(
    "ofac-crypto",
    lambda path, options: open_lists(path, options.published),
    reads="a `sanctioned_addresses_<CUR>.txt/.json` file or their folder",
    becomes="the same (chain, address) nodes, marked sanctioned",
)
