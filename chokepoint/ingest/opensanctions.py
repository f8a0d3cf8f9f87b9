"""Adapter for OpenSanctions exports: ``targets.simple.csv`` and FollowTheMoney ``*.ftm.jsonl``.

OpenSanctions ids of OFAC entries (``ofac-<n>``) map to the OFAC party ids, and wallets to the
(chain, address) nodes, so an export enriches what the OFAC files created instead of duplicating it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto
from chokepoint.ingest.countries import country_code
from chokepoint.ingest.files import read_csv_rows, sha256_of
from chokepoint.ingest.ofac_advanced import party_id
from chokepoint.ingest.records import (
    NodeRecord,
    NodeRef,
    Provenance,
    Record,
    RejectedRecord,
    RelationshipRecord,
)
from chokepoint.ingest.source import ParsedSource, SourceSpec
from chokepoint.schema.vocabulary import NODE_GROUPS

DATASET = "opensanctions"
SIMPLE_COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "identifiers",
    "sanctions",
    "dataset",
    "first_seen",
    "last_seen",
)
PERSON_SCHEMAS = frozenset({"Person"})
ORGANIZATION_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
# FtM relationship schema -> (our type, source property, target property, extra properties)
FTM_LINKS = {
    "Ownership": ("OWNED_OR_CONTROLLED_BY", "asset", "owner"),
    "Directorship": ("MEMBER_OF", "director", "organization"),
    "Membership": ("MEMBER_OF", "member", "organization"),
    "Employment": ("MEMBER_OF", "employee", "employer"),
    "Family": ("FAMILY_OF", "person", "relative"),
    "Associate": ("ASSOCIATE_OF", "person", "associate"),
}
_OFAC_ID = re.compile(r"^ofac-(\d+)$")
_CURRENCIES = {
    "BTC": "XBT",
    "XBT": "XBT",
    "ETH": "ETH",
    "USDT": "USDT",
    "USDC": "USDC",
    "TRX": "TRX",
    "LTC": "LTC",
    "XMR": "XMR",
    "BCH": "BCH",
    "DASH": "DASH",
    "ZEC": "ZEC",
}


def entity_id(os_id: str) -> str:
    match = _OFAC_ID.match(os_id)
    return party_id(match.group(1)) if match else f"opensanctions:{os_id}"


def open_export(path: Path) -> ParsedSource:
    provenance = Provenance(
        dataset=DATASET, agency="OPENSANCTIONS", caveat="PUBLIC", file_sha256=sha256_of(path)
    )
    if path.name.endswith((".jsonl", ".json")):
        lines = _read_lines(path)
        return ParsedSource(provenance, _ftm_records(path, lines), total=len(lines))
    rows = read_csv_rows(path, SIMPLE_COLUMNS, "an OpenSanctions targets.simple.csv")
    return ParsedSource(provenance, _simple_records(rows), total=len(rows))


# targets.simple.csv ----------------------------------------------------------------------------


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _simple_records(rows: list[tuple[int, dict[str, str]]]) -> Iterator[Record]:
    for line, row in rows:
        record_id = f"{row.get('id') or f'line {line}'}"
        schema = row.get("schema", "")
        if schema == "CryptoWallet":
            yield from _wallet(record_id, row["name"], None, _split(row.get("aliases")), None)
        elif schema in PERSON_SCHEMAS or schema in ORGANIZATION_SCHEMAS:
            label = "Person" if schema in PERSON_SCHEMAS else "Organization"
            props: dict[str, Any] = {
                "id": entity_id(row["id"]),
                "name": row["name"],
                "aliases": _split(row["aliases"]),
            }
            countries = [
                c for c in (country_code(n) or n.upper() for n in _split(row["countries"])) if len(c) == 2
            ]
            if label == "Person":
                props.update(birthDates=_split(row["birth_date"]), nationalities=countries)
            else:
                props.update(country=countries[0] if countries else None)
            yield NodeRecord(label, record_id, props)
        else:
            yield RejectedRecord(record_id, f"OpenSanctions schema {schema!r} is not loaded (line {line})")


def _wallet(
    record_id: str, address: str, currency: str | None, tags: list[str], holder: NodeRef | None
) -> Iterator[Record]:
    try:
        code = _CURRENCIES.get((currency or "").upper())
        # OpenSanctions republishes official lists: keep what they publish, marked when it fails
        if code:
            parsed = crypto.from_ofac_code(code, address, strict=False)
        else:
            parsed = crypto.guess(address, strict=False)
    except InvalidRecord as exc:
        yield RejectedRecord(record_id, f"CryptoWallet: {exc}")
        return
    key = {"chain": parsed.chain, "address": parsed.address}
    yield NodeRecord(
        "CryptoAddress",
        record_id,
        {
            **key,
            "assets": [parsed.asset],
            "tags": tags,
            "displayForm": parsed.checksummed_form,
            "checksumValid": parsed.checksum_valid,
        },
    )
    if holder is not None:
        yield RelationshipRecord("CONTROLS_ADDRESS", holder, NodeRef("CryptoAddress", key), record_id)


# FollowTheMoney JSON lines ---------------------------------------------------------------------


def _read_lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRecord(f"{path}: cannot read: {exc}") from exc
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if lines:
        try:
            first = json.loads(lines[0][1])
        except json.JSONDecodeError as exc:
            raise InvalidRecord(f"{path}: not FollowTheMoney JSON lines ({exc})") from exc
        if not isinstance(first, dict) or "schema" not in first:
            raise InvalidRecord(f"{path}: not FollowTheMoney JSON lines (no 'schema' in the first entity)")
    return lines


def _ftm_records(path: Path, lines: list[tuple[int, str]]) -> Iterator[Record]:
    entities: list[tuple[str, dict[str, Any]]] = []
    for number, line in lines:
        record_id = f"{path.name}:line {number}"
        try:
            entity = json.loads(line)
            entity["id"], entity["schema"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            yield RejectedRecord(record_id, f"not a FollowTheMoney entity: {exc}")
            continue
        entities.append((record_id, entity))
    labels = {e["id"]: _label(e["schema"]) for _, e in entities}
    for _, entity in entities:  # parties first: wallets and links point at them
        if labels[entity["id"]] in NODE_GROUPS["parties"]:
            yield _ftm_party(entity["id"], entity, labels[entity["id"]] or "")
    for record_id, entity in entities:
        props: dict[str, list[Any]] = entity.get("properties") or {}
        schema = entity["schema"]
        if schema == "CryptoWallet":
            holder = (props.get("holder") or [None])[0]
            address = (props.get("publicKey") or [""])[0]
            currency = (props.get("currency") or [None])[0]
            holder_label = labels.get(holder or "")
            holder_ref = NodeRef(holder_label, {"id": entity_id(holder or "")}) if holder_label else None
            yield from _wallet(entity["id"], address, currency, props.get("topics") or [], holder_ref)
        elif schema in FTM_LINKS:
            yield from _ftm_link(entity, labels, record_id)
        elif labels[entity["id"]] is None and schema not in (
            "Sanction",
            "Identification",
            "Passport",
            "Address",
        ):
            yield RejectedRecord(entity["id"], f"FollowTheMoney schema {schema!r} is not loaded")


def _label(schema: str) -> str | None:
    if schema in PERSON_SCHEMAS:
        return "Person"
    if schema in ORGANIZATION_SCHEMAS:
        return "Organization"
    return None


def _ftm_party(os_id: str, entity: dict[str, Any], label: str) -> NodeRecord:
    props: dict[str, list[Any]] = entity.get("properties") or {}
    names = props.get("name") or [entity.get("caption") or os_id]
    countries = [c.upper() for c in (props.get("nationality") or props.get("country") or []) if len(c) == 2]
    out: dict[str, Any] = {
        "id": entity_id(os_id),
        "name": names[0],
        "aliases": names[1:] + (props.get("alias") or []),
    }
    if label == "Person":
        out.update(birthDates=props.get("birthDate") or [], nationalities=countries)
    else:
        out.update(
            country=countries[0] if countries else None,
            registrationNumber=(props.get("registrationNumber") or [None])[0],
        )
    return NodeRecord(label, os_id, out)


def _ftm_link(entity: dict[str, Any], labels: dict[str, str | None], record_id: str) -> Iterator[Record]:
    rel_type, source_key, target_key = FTM_LINKS[entity["schema"]]
    props: dict[str, list[Any]] = entity.get("properties") or {}
    source, target = (props.get(source_key) or [None])[0], (props.get(target_key) or [None])[0]
    if not source or not target or not labels.get(source) or not labels.get(target):
        yield RejectedRecord(entity["id"], f"{entity['schema']} link between entities not in the file")
        return
    yield RelationshipRecord(
        rel_type,
        NodeRef(labels[source] or "", {"id": entity_id(source)}),
        NodeRef(labels[target] or "", {"id": entity_id(target)}),
        entity["id"],
    )


SOURCE = SourceSpec(
    "opensanctions",
    lambda path, _: [open_export(path)],
    reads="`targets.simple.csv` or `entities.ftm.jsonl`",
    becomes="wallets (onto the same address nodes), persons and organisations (OFAC entries onto the "
    "OFAC ids), FtM ownership/membership/family/associate links",
    in_worker=True,
)
