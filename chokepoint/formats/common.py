"""Parts shared by the agency record formats: the envelope, parties, addresses, ports and places.

Every format is a pydantic model here, declared once: JSON field names are camelCase, unknown keys are
refused (``extra="forbid"``), and the JSON Schemas in ``docs/formats/`` are generated from these
models. The models check shape and simple values only; identifiers (address checksums, phone numbers)
are checked by the ingest adapters, which report a bad one as a rejected record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from chokepoint.schema.vocabulary import Caveat

PartyType = Literal["person", "organization"]
OrganizationKind = Literal[
    "cartel",
    "dto",
    "gang",
    "company",
    "precursor_supplier",
    "chemical_broker",
    "front_company",
    "logistics_company",
    "distribution_cell",
    "money_service_business",
    "crypto_broker",
    "exchange",
    "darknet_operator",
    "other",
]
PortKind = Literal["seaport", "airport", "border_crossing", "mail_facility"]

COUNTRY_PATTERN = r"^[A-Z]{2}$"
UNLOCODE_PATTERN = r"^[A-Z]{2}[A-Z2-9]{3}$"


class FormatModel(BaseModel):
    """Base of every format model: camelCase on the wire, unknown keys refused."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=to_camel, populate_by_name=True, str_strip_whitespace=True
    )


class Document(FormatModel):
    """An identity document or registration number a party holds."""

    doc_type: str = Field(min_length=1, description="Passport, National ID, RFC, CURP, USCC …")
    number: str = Field(min_length=1, description="Document number as written")
    issuing_country: str | None = Field(None, pattern=COUNTRY_PATTERN, description="ISO alpha-2 issuer")


class PartyRef(FormatModel):
    """A person or organisation as an agency record names it.

    ``subjectId`` is the agency's own subject file: parties with one are the same node across the
    agency's records. Without one a party is scoped to its record. Parties are never merged by name.
    """

    ref: str | None = Field(None, min_length=1, description="Handle of the party inside its record")
    subject_id: str | None = Field(None, min_length=1, description="The agency's own subject id")
    type: PartyType
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kinds: list[OrganizationKind] = Field(default_factory=list, description="Organisations only")
    country: str | None = Field(None, pattern=COUNTRY_PATTERN, description="Base or registration country")
    nationalities: list[str] = Field(default_factory=list, description="Persons only; ISO alpha-2")
    birth_date: str | None = Field(
        None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="Persons only; YYYY, YYYY-MM or YYYY-MM-DD"
    )
    ofac_uid: int | None = Field(None, gt=0, description="OFAC FixedRef / ent_num, stored, never linked")
    registration_number: str | None = Field(None, min_length=1, description="Organisations only")
    documents: list[Document] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list, description="Phone numbers, international form")
    role: str | None = Field(None, min_length=1, description="Role in the record (arrested, suspect …)")

    @model_validator(mode="after")
    def _fits_type(self) -> PartyRef:
        if self.type == "person" and (self.kinds or self.registration_number):
            raise ValueError("kinds and registrationNumber are for organizations only")
        if self.type == "organization" and (self.nationalities or self.birth_date):
            raise ValueError("nationalities and birthDate are for persons only")
        for code in self.nationalities:
            if len(code) != 2 or not code.isupper() or not code.isalpha():
                raise ValueError(f"nationality {code!r} is not an ISO 3166-1 alpha-2 code")
        return self


class AddressRef(FormatModel):
    """A crypto address; ``chain`` may be left out and is then guessed from the address form."""

    chain: str | None = Field(None, min_length=1, description="bitcoin, ethereum, tron …")
    address: str = Field(min_length=1)
    asset: str | None = Field(None, min_length=1, description="BTC, ETH, USDT …")


class Located(FormatModel):
    """WGS84 coordinates, both or neither: where the workspace's map draws the place."""

    latitude: float | None = Field(None, ge=-90, le=90, description="WGS84 latitude, decimal degrees")
    longitude: float | None = Field(None, ge=-180, le=180, description="WGS84 longitude, decimal degrees")

    @model_validator(mode="after")
    def _both_or_neither(self) -> Located:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude are given together")
        return self

    def coordinates(self) -> dict[str, float | None]:
        return {"latitude": self.latitude, "longitude": self.longitude}


class PortRef(Located):
    """A seaport, airport, border crossing or mail facility by UN/LOCODE."""

    unlocode: str = Field(pattern=UNLOCODE_PATTERN)
    name: str | None = Field(None, min_length=1)
    kind: PortKind | None = None


class PlaceRef(Located):
    """A place (city, region, country or street address)."""

    name: str = Field(min_length=1)
    country_code: str = Field(pattern=COUNTRY_PATTERN)
    region: str | None = Field(None, min_length=1)
    city: str | None = Field(None, min_length=1)


class NodeIdRef(FormatModel):
    """A node already in the graph, by its global id (``ofac:11440``)."""

    id: str = Field(min_length=1)


RecordT = TypeVar("RecordT", bound=FormatModel)


class EnvelopeHeader(FormatModel):
    """What every JSON file of a format carries besides its records."""

    format: str = Field(min_length=1, description="Name of the format (seizure-report …)")
    version: Literal[1]
    dataset: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9._-]*$", description="Dataset id")
    agency: str = Field(min_length=1, description="Agency that owns the records (DEA, HSI …)")
    caveat: Caveat
    published: dt.date | None = None
    synthetic: bool = False


class Envelope(EnvelopeHeader, Generic[RecordT]):
    """A whole JSON file: the header and the records of one format (used for the JSON Schemas)."""

    records: list[RecordT]


class RawEnvelope(EnvelopeHeader):
    """The header with records left unparsed, so each record is validated (and rejected) alone."""

    records: list[Any]
