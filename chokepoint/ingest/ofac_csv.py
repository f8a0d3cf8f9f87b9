"""Adapter for OFAC's legacy ``SDN.CSV`` (main table).

Headerless, twelve columns, ``-0-`` for empty, programmes joined as ``SDNTK] [ILLICIT-DRUGS-EO14059``,
a trailing DOS end-of-file byte. Birth data, nationality, identity documents, crypto addresses and
"Linked To" names live inside Remarks as ``; ``-separated phrases. ``ent_num`` is the same number as
the advanced XML's FixedRef, so both files land on the same party nodes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto
from chokepoint.ingest.countries import country_code
from chokepoint.ingest.files import sha256_of
from chokepoint.ingest.ofac_advanced import designation_id, party_id, program_id
from chokepoint.ingest.program_filter import DRUG_PROGRAMS, only_programs
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

DATASET = "ofac-sdn-csv"
COLUMNS = 12
EMPTY = "-0-"
LABELS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft", "": "Organization"}
DOCUMENT_TYPES = sorted(
    (
        "Passport",
        "National ID No.",
        "C.U.R.P.",
        "Cedula No.",
        "R.F.C.",
        "NIT #",
        "RUC #",
        "Tax ID No.",
        "Registration Number",
        "Identification Number",
        "D.N.I.",
        "Unified Social Credit Code (USCC)",
        "Business Registration Number",
        "Matricula Mercantil No",
        "V.A.T. Number",
        "Folio Mercantil No.",
        "C.R. No.",
        "Company Number",
        "Driver's License No.",
        "Credencial electoral",
        "SSN",
        "Commercial Registry Number",
        "Trade License No.",
        "Legal Entity Number",
        "Residency Number",
    ),
    key=len,
    reverse=True,
)
_ALIAS = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) '(.+)'$")
_CURRENCY = re.compile(r"^Digital Currency Address - ([A-Z0-9]+) (\S+)$")
_DOCUMENT_TAIL = re.compile(r"^ (\S+?)(?: \(([^)]+)\))?(?: |$)")


@dataclass
class _Row:
    record_id: str
    ent_num: str
    name: str
    label: str
    programs: list[str]
    props: dict[str, Any] = field(default_factory=dict)
    related: list[Record] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)


def open_sdn_csv(path: Path, published: dt.date | None = None) -> ParsedSource:
    rows = _read(path)  # the whole file is read and checked before anything is written
    provenance = Provenance(
        dataset=DATASET, agency="OFAC", caveat="PUBLIC", file_sha256=sha256_of(path), published=published
    )
    return ParsedSource(provenance, _records(rows, published), total=len(rows))


def _read(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InvalidRecord(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidRecord(f"{path}: not UTF-8 text ({exc})") from exc
    rows = []
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or row == ["\x1a"]:  # blank line, DOS end-of-file byte
            continue
        rows.append((line, row))
    if not rows or len(rows[0][1]) != COLUMNS or not rows[0][1][0].strip().isdigit():
        raise InvalidRecord(f"{path}: not OFAC SDN.CSV (expected {COLUMNS} columns starting with ent_num)")
    return rows


def _value(text: str) -> str:
    text = text.strip()
    return "" if text == EMPTY else text


def _records(rows: list[tuple[int, list[str]]], published: dt.date | None) -> Iterator[Record]:
    parsed: list[_Row] = []
    for line, raw in rows:
        record_id = f"sdn.csv:line {line}"
        if len(raw) != COLUMNS:
            yield RejectedRecord(record_id, f"SDN.CSV row has {len(raw)} columns, expected {COLUMNS}")
            continue
        if not _value(raw[0]).isdigit() or not _value(raw[1]):
            yield RejectedRecord(record_id, f"SDN.CSV row without a numeric ent_num and a name: {raw[:2]}")
            continue
        parsed.append(_parse(record_id, raw))
    programs = sorted({code for row in parsed for code in row.programs})
    for code in programs:
        props = {
            "id": program_id(code),
            "code": code,
            "authority": "OFAC",
            "drugRelated": code in DRUG_PROGRAMS,
        }
        yield NodeRecord("SanctionsProgram", f"program:{code}", props)
    by_name = {row.name.upper(): row for row in parsed}
    for row in parsed:
        yield NodeRecord(row.label, row.ent_num, row.props)
        yield from row.related
        yield from _designation(row, published)
        yield from _links(row, by_name)


def _parse(record_id: str, raw: list[str]) -> _Row:
    ent_num, name = _value(raw[0]), _value(raw[1])
    label = LABELS.get(_value(raw[2]).lower(), "Organization")
    programs = [p.strip(" []") for p in _value(raw[3]).split("] [") if p.strip(" []")]
    row = _Row(record_id, ent_num, name, label, programs)
    row.props = {"id": party_id(ent_num), "name": name, "ofacUid": int(ent_num)}
    if label == "Vessel":
        row.props.update(vesselType=_value(raw[6]) or None, flag=country_code(_value(raw[9])))
    for phrase in _value(raw[11]).rstrip(".").split("; "):
        _remark(row, phrase.strip().removeprefix("alt. "))
    return row


def _remark(row: _Row, phrase: str) -> None:
    props, party = row.props, NodeRef(row.label, {"id": party_id(row.ent_num)})
    if match := _ALIAS.match(phrase):
        props.setdefault("aliases", []).append(match.group(1))
    elif phrase.startswith("DOB ") and row.label == "Person":
        if birth := _birth_date(phrase.removeprefix("DOB ")):
            props.setdefault("birthDates", []).append(birth)
    elif phrase.startswith("POB ") and row.label == "Person":
        props.setdefault("birthPlaces", []).append(phrase.removeprefix("POB "))
    elif phrase.startswith(("nationality ", "citizen ")) and row.label == "Person":
        code = country_code(phrase.split(" ", 1)[1])
        if code and code not in props.setdefault("nationalities", []):
            props["nationalities"].append(code)
    elif phrase.startswith("Gender ") and row.label == "Person":
        gender = phrase.removeprefix("Gender ").lower()
        props["gender"] = gender if gender in ("male", "female") else "unknown"
    elif phrase.startswith("Website ") and row.label == "Organization":
        props.setdefault("website", phrase.removeprefix("Website "))
    elif phrase.startswith("Linked To: "):
        row.linked_to.append(phrase.removeprefix("Linked To: ").strip())
    elif match := _CURRENCY.match(phrase):
        _address(row, party, match.group(1), match.group(2))
    else:
        _document(row, party, phrase)


def _address(row: _Row, party: NodeRef, code: str, text: str) -> None:
    try:
        address = crypto.from_ofac_code(code, text, strict=False)  # an official list: keep, mark
    except InvalidRecord as exc:
        row.related.append(RejectedRecord(row.record_id, f"SDN.CSV ent_num {row.ent_num}: {exc}"))
        return
    key = {"chain": address.chain, "address": address.address}
    extra = {
        "assets": [address.asset],
        "displayForm": address.checksummed_form,
        "sanctioned": True,
        "checksumValid": address.checksum_valid,
    }
    row.related.append(NodeRecord("CryptoAddress", row.ent_num, {**key, **extra}))
    if row.label in NODE_GROUPS["parties"]:
        target = NodeRef("CryptoAddress", key)
        row.related.append(RelationshipRecord("CONTROLS_ADDRESS", party, target, row.ent_num))


def _document(row: _Row, party: NodeRef, phrase: str) -> None:
    doc_type = next((t for t in DOCUMENT_TYPES if phrase.startswith(t + " ")), None)
    if doc_type is None:
        return
    match = _DOCUMENT_TAIL.match(phrase[len(doc_type) :])
    if match is None:
        return
    number = match.group(1).upper()
    country = country_code(match.group(2) or "") or "XX"
    key = {"docType": doc_type, "number": number, "issuingCountry": country}
    row.related.append(NodeRecord("IdentityDocument", row.ent_num, key))
    row.related.append(
        RelationshipRecord("HAS_DOCUMENT", party, NodeRef("IdentityDocument", key), row.ent_num)
    )


def _designation(row: _Row, published: dt.date | None) -> Iterator[Record]:
    if not row.programs:
        return
    designation = designation_id("SDN", row.ent_num)
    props = {
        "id": designation,
        "listName": "SDN List",
        "entryId": row.ent_num,
        "programs": row.programs,
        "firstSeen": published,
        "lastSeen": published,
        "status": "active",
    }
    yield NodeRecord("Designation", row.ent_num, props)
    target = NodeRef("Designation", {"id": designation})
    yield RelationshipRecord(
        "SANCTIONED_BY", NodeRef(row.label, {"id": party_id(row.ent_num)}), target, row.ent_num
    )
    for code in row.programs:
        program = NodeRef("SanctionsProgram", {"id": program_id(code)})
        yield RelationshipRecord("UNDER_PROGRAM", target, program, row.ent_num)


def _links(row: _Row, by_name: dict[str, _Row]) -> Iterator[Record]:
    for name in row.linked_to:
        # Remarks end with a period that may also end the name ("… S.A."): try both.
        other = by_name.get(name.upper()) or by_name.get(name.upper() + ".")
        if other is None:
            yield RejectedRecord(
                row.record_id, f"SDN.CSV ent_num {row.ent_num}: 'Linked To: {name}' names no entry"
            )
            continue
        source = NodeRef(row.label, {"id": party_id(row.ent_num)})
        target = NodeRef(other.label, {"id": party_id(other.ent_num)})
        yield RelationshipRecord("LINKED_TO", source, target, row.ent_num, {"relation": "Linked To"})


def _birth_date(text: str) -> str | None:
    text = text.removeprefix("circa ").strip()
    if match := re.fullmatch(r"(\d{4}) to (\d{4})", text):
        return f"{match.group(1)}/{match.group(2)}"
    for fmt, shown in (("%d %b %Y", "%Y-%m-%d"), ("%b %Y", "%Y-%m"), ("%Y", "%Y")):
        try:
            return dt.datetime.strptime(text, fmt).strftime(shown)
        except ValueError:
            continue
    return None


SOURCE = SourceSpec(
    "ofac-csv",
    lambda path, options: [only_programs(open_sdn_csv(path, options.published), options)],
    reads="legacy `SDN.CSV` (add `--published YYYY-MM-DD`)",
    becomes="the same parties by `ent_num` (= FixedRef), with what Remarks say: aliases, DOB/POB, "
    'nationality, documents, crypto addresses, "Linked To"',
    in_worker=True,
)
