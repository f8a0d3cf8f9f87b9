"""Adapter for OFAC's Advanced Sanctions Data Model XML (``sdn_advanced.xml``, optionally ``.bz2``).

The file is streamed with ``iterparse``: reference values, locations and identity documents (small)
are kept as look-up tables; each DistinctParty, ProfileRelationship and SanctionsEntry becomes
records as soon as its element ends, and the element is then cleared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import iterparse

from chokepoint.errors import InvalidRecord
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.ingest import crypto
from chokepoint.ingest.files import open_binary, read_tail, sha256_of
from chokepoint.ingest.program_filter import DRUG_PROGRAMS, only_programs
from chokepoint.ingest.records import (
    NodeRecord,
    NodeRef,
    Provenance,
    Record,
    RejectedRecord,
    RelationshipRecord,
)
from chokepoint.ingest.source import Options, ParsedSource, SourceSpec
from chokepoint.markings import visibility
from chokepoint.schema.vocabulary import NODE_GROUPS
from chokepoint.values.log import seq_of

NS = "{https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML}"
DATASET = "ofac-sdn-advanced"
CURRENCY_FEATURE = "Digital Currency Address - "
SURNAME_PARTS = frozenset({"Last Name", "Patronymic", "Matronymic", "Maiden Name"})
LIST_CODES = {"SDN List": "SDN"}
_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
# OFAC relation type -> (relationship type, allowed source labels, allowed target labels).
RELATION_TYPES: dict[str, str] = {
    "Associate Of": "ASSOCIATE_OF",
    "Providing support to": "SUPPORTS",
    "Acting for or on behalf of": "ACTING_FOR",
    "Owned or Controlled By": "OWNED_OR_CONTROLLED_BY",
    "Family member of": "FAMILY_OF",
    "Leader or official of": "LEADER_OF",
}
# OFAC party type (or Transport subtype) -> node type, one of the schema's listed_parties.
PARTIES = frozenset(NODE_GROUPS["parties"])
LISTED_PARTIES = frozenset(NODE_GROUPS["listed_parties"])
OFAC_PARTY_TYPES = {
    "Individual": "Person",
    "Entity": "Organization",
    "Vessel": "Vessel",
    "Aircraft": "Aircraft",
}


def mark_delisted(graph: Graph, dataset: str, published: dt.date) -> None:
    """Designations this list carried before but not in the publication just loaded. A designation
    another grant also asserts logs the change (value log), so every viewer of the list sees it."""
    graph.write(
        load_query("mark_delisted_designations"),
        sourceRecordPrefix=dataset,
        published=published,
        visibility=visibility("OFAC", "PUBLIC"),
        seq=str(seq_of(dt.datetime.now(dt.UTC))),
    )


def party_id(fixed_ref: str) -> str:
    """The global id of an OFAC party; the legacy CSV's ent_num is the same number."""
    return f"ofac:{fixed_ref}"


def designation_id(list_code: str, profile_id: str) -> str:
    return f"designation:{list_code}:{profile_id}"


def program_id(code: str) -> str:
    return f"program:{code}"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class References:
    """ID -> text look-ups from ReferenceValueSets, plus what later sections need."""

    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    country_iso2: dict[str, str] = field(default_factory=dict)
    subtype_to_type: dict[str, str] = field(default_factory=dict)

    def text(self, kind: str, ref_id: str | None) -> str:
        return self.values[kind].get(ref_id or "", "")


@dataclass
class _Party:
    """A party being read, and the records that hang off it."""

    label: str
    node_id: str
    record_id: str
    props: dict[str, Any]
    related: list[Record] = field(default_factory=list)

    def link(self, rel_type: str, target: NodeRef, props: dict[str, Any] | None = None) -> None:
        source = NodeRef(self.label, {"id": self.node_id})
        self.related.append(RelationshipRecord(rel_type, source, target, self.record_id, props or {}))


@dataclass(frozen=True)
class Place:
    country: str | None
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    doc_type: str
    number: str
    country: str
    issued: str | None
    expires: str | None


class OfacAdvancedReader:
    """Streams one sdn_advanced.xml file into records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.refs = References()
        self.places: dict[str, Place] = {}
        self.documents: dict[str, list[Document]] = defaultdict(list)
        self.labels: dict[str, str] = {}  # profile id -> node label

    def open(self) -> ParsedSource:
        """Check the file is whole and of this format, read its date, and return the record stream."""
        if b"</Sanctions>" not in read_tail(self.path):
            raise InvalidRecord(
                f"{self.path}: does not end with </Sanctions>: the file is truncated or not OFAC "
                "advanced XML; nothing was loaded"
            )
        events = self._events()
        published = self._read_header(events)
        provenance = Provenance(
            dataset=DATASET,
            agency="OFAC",
            caveat="PUBLIC",
            file_sha256=sha256_of(self.path),
            published=published,
        )
        return ParsedSource(
            provenance=provenance,
            records=self._records(events, published),
            finish=lambda graph: mark_delisted(graph, DATASET, published),
        )

    def _events(self) -> Iterator[tuple[str, Element]]:
        stream = open_binary(self.path)
        try:
            yield from iterparse(stream, events=("end",), forbid_dtd=True)
        except ParseError as exc:
            raise InvalidRecord(f"{self.path}: malformed XML ({exc}); records before it were loaded") from exc
        except (EOFError, OSError) as exc:
            raise InvalidRecord(f"{self.path}: cannot be read to the end ({exc})") from exc
        finally:
            stream.close()

    def _read_header(self, events: Iterator[tuple[str, Element]]) -> dt.date:
        try:
            _, first = next(events)
        except (InvalidRecord, StopIteration):
            raise InvalidRecord(f"{self.path}: not an XML file; nothing was loaded") from None
        if not first.tag.startswith(NS):
            raise InvalidRecord(f"{self.path}: element {first.tag!r} is not in OFAC's advanced XML namespace")
        for _, elem in events:
            if elem.tag == NS + "DateOfIssue":
                return _date(elem) or dt.date.today()
        raise InvalidRecord(f"{self.path}: no <DateOfIssue>")

    def _records(self, events: Iterator[tuple[str, Element]], published: dt.date) -> Iterator[Record]:
        yield from ()  # make this a generator even when the file has no sections
        for _, elem in events:
            tag = local(elem.tag)
            if tag == "ReferenceValueSets":
                self._read_references(elem)
                yield from self._programs()
            elif tag == "Location" and elem.get("ID"):
                self.places[elem.get("ID", "")] = self._place(elem)
            elif tag == "IDRegDocument":
                self._read_document(elem)
            elif tag == "DistinctParty":
                yield from self._party(elem)
            elif tag == "ProfileRelationship":
                yield from self._relationship(elem)
            elif tag == "SanctionsEntry":
                yield from self._entry(elem, published)
            else:
                continue
            elem.clear()

    # reference data -------------------------------------------------------------------------

    def _read_references(self, sets: Element) -> None:
        for value_set in sets:
            kind = local(value_set.tag).removesuffix("Values")
            for value in value_set:
                ref_id = value.get("ID", "")
                self.refs.values[kind][ref_id] = (value.text or "").strip()
                if kind == "Country" and value.get("ISO2"):
                    self.refs.country_iso2[ref_id] = value.get("ISO2", "")
                if kind == "PartySubType":
                    self.refs.subtype_to_type[ref_id] = value.get("PartyTypeID", "")

    def _programs(self) -> Iterator[Record]:
        for code in sorted(set(self.refs.values["SanctionsProgram"].values()) - {"Unknown"}):
            yield NodeRecord(
                "SanctionsProgram",
                f"program:{code}",
                {
                    "id": program_id(code),
                    "code": code,
                    "authority": "OFAC",
                    "drugRelated": code in DRUG_PROGRAMS,
                },
            )

    def _place(self, elem: Element) -> Place:
        country_elem = elem.find(NS + "LocationCountry")
        country = (
            self.refs.country_iso2.get(country_elem.get("CountryID", ""))
            if country_elem is not None
            else None
        )
        parts = tuple(
            (value.text or "").strip()
            for value in elem.iterfind(f"{NS}LocationPart/{NS}LocationPartValue/{NS}Value")
            if (value.text or "").strip()
        )
        if country_elem is not None and not parts:
            parts = (self.refs.text("Country", country_elem.get("CountryID")),)
        return Place(country, parts)

    def _read_document(self, elem: Element) -> None:
        number = "".join((elem.findtext(NS + "IDRegistrationNo") or "").split()).upper()
        if not number:
            return
        dates: dict[str, str | None] = {}
        for doc_date in elem.iterfind(NS + "DocumentDate"):
            kind = self.refs.text("IDRegDocDateType", doc_date.get("IDRegDocDateTypeID"))
            start = doc_date.find(f"{NS}DatePeriod/{NS}Start/{NS}From")
            found = _date(start) if start is not None else None
            dates[kind] = found.isoformat() if found else None
        self.documents[elem.get("IdentityID", "")].append(
            Document(
                doc_type=self.refs.text("IDRegDocType", elem.get("IDRegDocTypeID")) or "Unknown",
                number=number,
                country=self.refs.country_iso2.get(elem.get("IssuedBy-CountryID", ""), "XX"),
                issued=dates.get("Issue Date"),
                expires=dates.get("Expiration Date"),
            )
        )

    # parties --------------------------------------------------------------------------------

    def _party(self, elem: Element) -> Iterator[Record]:
        profile = elem.find(NS + "Profile")
        fixed_ref = elem.get("FixedRef", "")
        if profile is None:
            yield _invalid("DistinctParty", fixed_ref, "no <Profile>")
            return
        party_type = self.refs.text(
            "PartyType", self.refs.subtype_to_type.get(profile.get("PartySubTypeID", ""))
        )
        subtype = self.refs.text("PartySubType", profile.get("PartySubTypeID"))
        label = OFAC_PARTY_TYPES.get(subtype if party_type == "Transport" else party_type, "Organization")
        self.labels[profile.get("ID", fixed_ref)] = label
        node_id = party_id(fixed_ref)
        props: dict[str, Any] = {"id": node_id, "ofacUid": int(fixed_ref)}
        identity = profile.find(NS + "Identity")
        names = self._names(identity) if identity is not None else []
        if not names:
            yield _invalid(label, fixed_ref, "no name")
            return
        props["name"], props["aliases"] = names[0], [n for n in dict.fromkeys(names[1:]) if n != names[0]]
        party = _Party(label, node_id, fixed_ref, props)
        for feature in profile.iterfind(NS + "Feature"):
            kind = self.refs.text("FeatureType", feature.get("FeatureTypeID"))
            for version in feature.iterfind(NS + "FeatureVersion"):
                self._feature(party, kind, version)
        if identity is not None:
            self._party_documents(party, identity.get("ID", ""))
        yield NodeRecord(label, fixed_ref, props)
        yield from party.related

    def _names(self, identity: Element) -> list[str]:
        part_types = {
            group.get("ID", ""): self.refs.text("NamePartType", group.get("NamePartTypeID"))
            for group in identity.iter(NS + "NamePartGroup")
        }
        aliases = sorted(identity.iterfind(NS + "Alias"), key=lambda a: a.get("Primary") != "true")
        names = []
        for alias in aliases:
            for documented in alias.iterfind(NS + "DocumentedName"):
                surname: list[str] = []
                given: list[str] = []
                for part in documented.iter(NS + "NamePartValue"):
                    text = (part.text or "").strip()
                    if text:
                        kind = part_types.get(part.get("NamePartGroupID", ""), "")
                        (surname if kind in SURNAME_PARTS else given).append(text)
                if all(_CJK.match(part) for part in surname + given):
                    name = "".join(surname + given)  # 颜晓兵: Chinese names take no separators
                else:
                    name = ", ".join(p for p in (" ".join(surname), " ".join(given)) if p)
                if name:
                    names.append(name)
        return names

    def _feature(self, party: _Party, kind: str, version: Element) -> None:
        detail = version.find(NS + "VersionDetail")
        text = (detail.text or "").strip() if detail is not None else ""
        reference = (
            self.refs.text("DetailReference", detail.get("DetailReferenceID")) if detail is not None else ""
        )
        location = version.find(NS + "VersionLocation")
        location_id = location.get("LocationID", "") if location is not None else ""
        place = self.places.get(location_id)
        label, props = party.label, party.props
        if kind.startswith(CURRENCY_FEATURE) and text:
            self._address(party, kind.removeprefix(CURRENCY_FEATURE), text)
        elif kind == "Birthdate":
            birth = _date_period(version)
            if birth:
                props.setdefault("birthDates", []).append(birth)
        elif kind == "Place of Birth" and text:
            props.setdefault("birthPlaces", []).append(text)
        elif kind in ("Nationality Country", "Citizenship Country") and place and place.country:
            if place.country not in props.setdefault("nationalities", []):
                props["nationalities"].append(place.country)
        elif kind == "Gender" and reference and label == "Person":
            props["gender"] = reference.lower() if reference.lower() in ("male", "female") else "unknown"
        elif kind == "Website" and text and label == "Organization":
            props.setdefault("website", text)
        elif kind == "VESSEL TYPE" and reference and label == "Vessel":
            props["vesselType"] = reference
        elif kind == "Vessel Flag" and place and place.country and label == "Vessel":
            props["flag"] = place.country
        elif kind == "Aircraft Model" and text and label == "Aircraft":
            props["model"] = text
        elif kind.startswith("Aircraft Manufacturer's Serial Number") and text and label == "Aircraft":
            props["serialNumber"] = text
        elif kind == "Phone Number" and text and label in PARTIES:
            self._phone(party, text)
        elif kind == "Location" and place and place.parts and label in PARTIES:
            self._location(party, location_id, place)

    def _address(self, party: _Party, code: str, text: str) -> None:
        try:
            address = crypto.from_ofac_code(code, text, strict=False)  # an official list: keep, mark
        except InvalidRecord as exc:
            party.related.append(_invalid("CryptoAddress", party.record_id, str(exc)))
            return
        key = {"chain": address.chain, "address": address.address}
        extra = {
            "assets": [address.asset],
            "displayForm": address.checksummed_form,
            "sanctioned": True,
            "checksumValid": address.checksum_valid,
        }
        party.related.append(NodeRecord("CryptoAddress", party.record_id, {**key, **extra}))
        if party.label in PARTIES:
            party.link("CONTROLS_ADDRESS", NodeRef("CryptoAddress", key))

    def _phone(self, party: _Party, text: str) -> None:
        number = "".join(ch for ch in text if ch.isdigit() or ch == "+")
        if number:
            party.related.append(NodeRecord("Phone", party.record_id, {"number": number}))
            party.link("USES_PHONE", NodeRef("Phone", {"number": number}))

    def _location(self, party: _Party, location_id: str, place: Place) -> None:
        node_id = f"ofac-location:{location_id}"
        kind = "address" if len(place.parts) > 1 else "country"
        props = {"id": node_id, "name": ", ".join(place.parts), "countryCode": place.country, "kind": kind}
        party.related.append(NodeRecord("Location", party.record_id, props))
        party.link("LOCATED_IN", NodeRef("Location", {"id": node_id}), {"kind": "address"})

    def _party_documents(self, party: _Party, identity_id: str) -> None:
        for doc in self.documents.pop(identity_id, []):
            if party.label == "Vessel" and doc.doc_type.startswith("Vessel Registration"):
                party.props["imoNumber"] = doc.number.removeprefix("IMO")
            key = {"docType": doc.doc_type, "number": doc.number, "issuingCountry": doc.country}
            dates = {"issuedOn": doc.issued, "expiresOn": doc.expires}
            party.related.append(NodeRecord("IdentityDocument", party.record_id, {**key, **dates}))
            party.link("HAS_DOCUMENT", NodeRef("IdentityDocument", key))

    # relationships and designations --------------------------------------------------------

    def _relationship(self, elem: Element) -> Iterator[Record]:
        record_id = f"relationship:{elem.get('ID')}"
        source_profile, target_profile = elem.get("From-ProfileID", ""), elem.get("To-ProfileID", "")
        source_label, target_label = self.labels.get(source_profile), self.labels.get(target_profile)
        if source_label is None or target_label is None:
            yield _invalid("ProfileRelationship", record_id, "refers to a profile that is not in the file")
            return
        relation = self.refs.text("RelationType", elem.get("RelationTypeID")) or "Unknown"
        rel_type = RELATION_TYPES.get(relation, "LINKED_TO")
        if not _allowed(rel_type, source_label, target_label):
            rel_type = "LINKED_TO"
        props: dict[str, Any] = {}
        if rel_type in ("LINKED_TO", "ASSOCIATE_OF"):
            props["relation"] = relation
        if rel_type == "LINKED_TO":
            props["former"] = elem.get("Former") == "true"
        yield RelationshipRecord(
            rel_type,
            NodeRef(source_label, {"id": party_id(source_profile)}),
            NodeRef(target_label, {"id": party_id(target_profile)}),
            record_id,
            props,
        )

    def _entry(self, elem: Element, published: dt.date) -> Iterator[Record]:
        profile_id = elem.get("ProfileID", "")
        record_id = f"entry:{elem.get('ID')}"
        label = self.labels.get(profile_id)
        if label is None:
            yield _invalid("SanctionsEntry", record_id, f"profile {profile_id} is not in the file")
            return
        list_name = self.refs.text("List", elem.get("ListID")) or "Unknown list"
        list_code = LIST_CODES.get(list_name, "".join(w[0] for w in list_name.split()).upper())
        programs = [
            (measure.findtext(NS + "Comment") or "").strip()
            for measure in elem.iterfind(NS + "SanctionsMeasure")
            if self.refs.text("SanctionsType", measure.get("SanctionsTypeID")) == "Program"
        ]
        programs = [p for p in dict.fromkeys(programs) if p]
        events = list(elem.iterfind(NS + "EntryEvent"))
        designated = next((d for d in (_date(e.find(NS + "Date")) for e in events) if d), None)
        legal = [self.refs.text("LegalBasis", e.get("LegalBasisID")) for e in events]
        designation = designation_id(list_code, profile_id)
        yield NodeRecord(
            "Designation",
            record_id,
            {
                "id": designation,
                "listName": list_name,
                "entryId": elem.get("ID"),
                "programs": programs,
                "legalBasis": [b for b in dict.fromkeys(legal) if b and b != "Unknown"],
                "designatedOn": designated,
                "firstSeen": published,
                "lastSeen": published,
                "status": "active",
            },
        )
        target = NodeRef("Designation", {"id": designation})
        yield RelationshipRecord(
            "SANCTIONED_BY", NodeRef(label, {"id": party_id(profile_id)}), target, record_id
        )
        for code in programs:
            program = NodeRef("SanctionsProgram", {"id": program_id(code)})
            yield RelationshipRecord("UNDER_PROGRAM", target, program, record_id)


# The OFAC relationship types and the party types each may join (schema/common.yaml's groups).
_ALLOWED = {
    "ASSOCIATE_OF": (PARTIES, PARTIES),
    "SUPPORTS": (PARTIES, PARTIES),
    "ACTING_FOR": (PARTIES, PARTIES),
    "OWNED_OR_CONTROLLED_BY": (LISTED_PARTIES - {"Person"}, PARTIES),
    "FAMILY_OF": (frozenset({"Person"}), frozenset({"Person"})),
    "LEADER_OF": (frozenset({"Person"}), frozenset({"Organization"})),
    "LINKED_TO": (LISTED_PARTIES, LISTED_PARTIES),
}


def _allowed(rel_type: str, source: str, target: str) -> bool:
    sources, targets = _ALLOWED[rel_type]
    return source in sources and target in targets


def _invalid(label: str, record_id: str, reason: str) -> RejectedRecord:
    return RejectedRecord(record_id, f"{label} {record_id}: {reason}")


def _date(elem: Element | None) -> dt.date | None:
    if elem is None:
        return None
    try:
        return dt.date(
            int(elem.findtext(NS + "Year") or 0),
            int(elem.findtext(NS + "Month") or 1),
            int(elem.findtext(NS + "Day") or 1),
        )
    except ValueError:
        return None


def _date_period(version: Element) -> str | None:
    """A birth date as written: full date when exact, else the year or year range."""
    period = version.find(NS + "DatePeriod")
    if period is None:
        return None
    start, end = period.find(f"{NS}Start/{NS}From"), period.find(f"{NS}End/{NS}To")
    if start is None or end is None:
        return None
    first, last = _date(start), _date(end)
    if first is None or last is None:
        return None
    if first == last:
        return first.isoformat()
    return str(first.year) if first.year == last.year else f"{first.year}/{last.year}"


def _open(path: Path, options: Options) -> list[ParsedSource]:
    return [only_programs(OfacAdvancedReader(path).open(), options)]


SOURCE = SourceSpec(
    "ofac-advanced",
    _open,
    reads="`sdn_advanced.xml` or `.xml.bz2` (streamed)",
    becomes="every party (Person, Organization, Vessel, Aircraft) with names and aliases in every script, "
    "birth data, nationalities, addresses, identity documents, phones, crypto addresses (OFAC code → chain "
    "and asset); every ProfileRelationship with its type and direction; every SanctionsEntry as a "
    "Designation under its programmes",
    in_worker=True,
)
