"""Turn the shared parts of agency records (parties, addresses, ports, places, substances) into records.

One ``RecordBuilder`` per source record collects the NodeRecords and RelationshipRecords that record
yields, and resolves the record's local party handles (``"ref": "p1"``). Node ids:

- a party with ``subjectId``: ``{agency}:{subjectId}`` lower-cased (the agency's own subject file);
  otherwise record-scoped ``{dataset}:{recordKey}:{ref or slot}``. Parties are never merged by name
  and never linked to OFAC nodes: ``ofacUid``, documents and phones are stored on the party's own
  node for the identity-resolution step;
- a crypto address: (chain, normalised address), checked by ``chokepoint.ingest.crypto``;
- a phone: its E.164 number; a document: (docType, number, issuing country or XX);
- a financial account: (institution upper-cased, number upper-cased without spaces, dashes, dots or
  slashes), so formats that name the same account (a SAR, an exchange's return) meet on one node;
- a port: ``port:<UNLOCODE>``; a place: ``location:<cc>:<slug>``; a substance: ``substance:<slug>``.

A malformed identifier raises InvalidRecord, which rejects the whole source record.
"""

from __future__ import annotations

import re
from typing import Any

import pycountry

from chokepoint.errors import InvalidRecord
from chokepoint.formats.common import AddressRef, Document, PartyRef, PlaceRef, PortRef
from chokepoint.ingest import crypto
from chokepoint.ingest.agency.envelope import RecordContext
from chokepoint.ingest.agency.substances import slug, substance_props
from chokepoint.ingest.identifiers import (
    normalise_document_number,
    normalise_phone,
    normalise_registration_number,
)
from chokepoint.ingest.records import NodeRecord, NodeRef, Record, RelationshipRecord

PARTY_LABELS = {"person": "Person", "organization": "Organization"}
NATIVE_ASSETS = dict(crypto.NATIVE_CODES.values())  # bitcoin -> BTC
PORT_KINDS = {"border_crossing": "land_crossing"}  # format word -> schema enum
_ACCOUNT_NOISE = re.compile(r"[\s\-./]")


class RecordBuilder:
    """Collects the graph records of one source record; every element carries its record id."""

    def __init__(self, context: RecordContext) -> None:
        self.context = context
        self.records: list[Record] = []
        self._refs: dict[str, NodeRef] = {}

    # -- generic ---------------------------------------------------------------------------------
    def node(self, label: str, props: dict[str, Any]) -> NodeRef:
        """Emit a node; return a reference by id (or by identity keys when props carry no id)."""
        self.records.append(NodeRecord(label, self.context.record_id, props))
        if "id" in props:
            return NodeRef(label, {"id": props["id"]})
        return NodeRef(label, {key: value for key, value in props.items() if value is not None})

    def link(self, rel_type: str, source: NodeRef, target: NodeRef, **props: Any) -> None:
        clean = {key: value for key, value in props.items() if value is not None}
        self.records.append(RelationshipRecord(rel_type, source, target, self.context.record_id, clean))

    def scoped_id(self, slot: str) -> str:
        """A record-scoped node id: ``{dataset}:{recordKey}:{slot}``."""
        return f"{self.context.dataset}:{self.context.key}:{slot}"

    # -- parties ---------------------------------------------------------------------------------
    def party(self, party: PartyRef, slot: str) -> NodeRef:
        """The party's node (with documents, phones, country); ``slot`` names it when it has no ref."""
        if party.ref is not None and party.ref in self._refs:
            raise InvalidRecord(f"party ref {party.ref!r} is used twice")
        label = PARTY_LABELS[party.type]
        node_id = (
            f"{self.context.agency}:{party.subject_id}".lower()
            if party.subject_id
            else self.scoped_id(party.ref or slot)
        )
        props: dict[str, Any] = {
            "id": node_id,
            "name": party.name,
            "aliases": party.aliases,
            "ofacUid": party.ofac_uid,
        }
        if label == "Person":
            birth = [party.birth_date] if party.birth_date else []
            props |= {"nationalities": party.nationalities, "birthDates": birth}
        else:
            registration = party.registration_number
            number = normalise_registration_number(registration) if registration else None
            props |= {"kinds": party.kinds, "country": party.country, "registrationNumber": number}
        ref = self.node(label, props)
        if party.ref is not None:
            self._refs[party.ref] = ref
        if label == "Person" and party.country:
            self.link("LOCATED_IN", ref, self.country(party.country), kind="country")
        for document in party.documents:
            self.link("HAS_DOCUMENT", ref, self.document(document))
        for number in party.phones:
            self.link("USES_PHONE", ref, self.phone(number, region=party.country))
        return ref

    def lookup(self, ref: str, field: str) -> NodeRef:
        """The node of a party declared earlier in the record under ``ref``."""
        try:
            return self._refs[ref]
        except KeyError:
            known = ", ".join(sorted(self._refs)) or "none"
            raise InvalidRecord(f"{field}: no party with ref {ref!r} in the record (refs: {known})") from None

    def document(self, document: Document) -> NodeRef:
        number = normalise_document_number(document.number)
        issuer = document.issuing_country or "XX"
        return self.node(
            "IdentityDocument", {"docType": document.doc_type, "number": number, "issuingCountry": issuer}
        )

    def phone(self, raw: str, imei: str | None = None, region: str | None = None) -> NodeRef:
        """A Phone in E.164; ``region`` (the party's country) reads numbers written without +."""
        number = normalise_phone(raw, region)
        self.node("Phone", {"number": number, "imei": [imei] if imei else None})
        return NodeRef("Phone", {"number": number})

    def account(self, institution: str, number: str, kind: str | None = None) -> NodeRef:
        """The FinancialAccount ``number`` at ``institution``, both normalised."""
        return self.node(
            "FinancialAccount",
            {
                "institution": institution.strip().upper(),
                "accountNumber": _ACCOUNT_NOISE.sub("", number).upper(),
                "kind": kind,
            },
        )

    # -- addresses, places, goods ----------------------------------------------------------------
    def address(self, ref: AddressRef) -> NodeRef:
        """The CryptoAddress node; a bad checksum or form raises InvalidRecord naming the address."""
        parsed = parse_address(ref)
        key = {"chain": parsed.chain, "address": parsed.address}
        self.records.append(
            NodeRecord(
                "CryptoAddress",
                self.context.record_id,
                {
                    **key,
                    "assets": [parsed.asset],
                    "displayForm": parsed.checksummed_form,
                },
            )
        )
        return NodeRef("CryptoAddress", key)

    def ledger_address(self, chain: str, raw: str, asset: str) -> NodeRef:
        """The CryptoAddress node of an address a ledger or a chain's transactions name, checked for
        its chain (``crypto.normalise`` raises on a bad one).

        ``displayForm`` only when it is a verified checksummed form (``Address.checksummed_form``).
        The node's record id is the address itself, not the transfer or transaction: a busy address
        would otherwise collect one ``sourceRecords`` entry per transfer, and rewriting that growing
        list at every batch makes a big ledger's load quadratic.
        """
        parsed = crypto.normalise(chain, raw, asset)
        key = {"chain": parsed.chain, "address": parsed.address}
        props = {
            **key,
            "assets": [asset],
            "displayForm": parsed.checksummed_form,
            "checksumValid": parsed.checksum_valid,
        }
        self.records.append(NodeRecord("CryptoAddress", f"{parsed.chain}:{parsed.address}", props))
        return NodeRef("CryptoAddress", key)

    def port(self, port: PortRef) -> NodeRef:
        kind = PORT_KINDS.get(port.kind, port.kind) if port.kind else None
        return self.node(
            "Port",
            {
                "id": f"port:{port.unlocode}",
                "name": port.name or port.unlocode,
                "kind": kind or "seaport",
                "unlocode": port.unlocode,
                "countryCode": port.unlocode[:2],
                **port.coordinates(),
            },
        )

    def place(self, place: PlaceRef) -> NodeRef:
        words = f"{place.city}-{place.region}" if place.city and place.region else place.city or place.name
        kind = "city" if place.city else "region" if place.region else "other"
        return self.node(
            "Location",
            {
                "id": f"location:{place.country_code.lower()}:{slug(words)}",
                "name": place.name,
                "kind": kind,
                "countryCode": place.country_code,
                "region": place.region,
                "city": place.city,
                **place.coordinates(),
            },
        )

    def country(self, code: str) -> NodeRef:
        country = pycountry.countries.get(alpha_2=code)
        name = country.name if country is not None else code
        return self.node(
            "Location",
            {"id": f"country:{code.lower()}", "name": name, "kind": "country", "countryCode": code},
        )

    def substance(self, name_or_cas: str) -> NodeRef:
        props = substance_props(name_or_cas)
        if props["id"] == "substance:":
            raise InvalidRecord(f"substance {name_or_cas!r} has no letters or digits")
        return self.node("Substance", props)


def parse_address(ref: AddressRef) -> crypto.Address:
    """Chain, normalised address and asset; the chain is guessed from the form when not given."""
    if ref.chain is None:
        guessed = crypto.guess(ref.address)
        return guessed if ref.asset is None else crypto.normalise(guessed.chain, ref.address, ref.asset)
    return crypto.normalise(ref.chain, ref.address, ref.asset or NATIVE_ASSETS.get(ref.chain, "UNKNOWN"))
