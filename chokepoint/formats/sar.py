"""The ``sar`` format (CSV and JSON): FinCEN-style suspicious activity reports, one report per record.

A report (its BSA id is the record id) names the filing institution, the amount and the period of
the activity, its kinds, and its subjects with their accounts, crypto addresses, documents and
phones. Per record:

    (filer:Organization) -[:FILED]-> (:SuspiciousActivityReport {id: "sar:<bsaId>"})
    (subject:Person|Organization) -[:SUBJECT_OF {role}]-> (sar)
    (subject) -[:HOLDS_ACCOUNT]-> (:FinancialAccount {institution, accountNumber})
    (subject) -[:CONTROLS_ADDRESS]-> (:CryptoAddress)

Parties follow the agency rules (:mod:`chokepoint.ingest.agency.record_builder`): with a ``subjectId`` they
are ``{agency}:{subjectId}``, otherwise scoped to the report (``subject-1``, ``subject-2`` … by
position, ``filer``); never merged by name. An account is keyed by its institution (the filer unless
given) and its normalised number, like an identity document.

CSV layout: one row per subject. Rows of one report repeat its columns and number their subject
(``subjectNumber``, default 1), so each row is validated and rejected alone and still lands on the
same report node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field, model_validator

from chokepoint.formats.common import AddressRef, FormatModel, PartyRef
from chokepoint.ingest.agency.envelope import AgencyFormat, CsvLayout, RecordContext
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.records import Record

FORMAT = "sar"
Activity = Literal[
    "structuring",
    "money_laundering",
    "terrorist_financing",
    "fraud",
    "identity_theft",
    "cyber_event",
    "sanctions_evasion",
    "drug_trafficking",
    "unlicensed_msb",
    "other",
]
AccountKind = Literal[
    "checking", "savings", "brokerage", "prepaid", "credit", "money_transmitter", "crypto_exchange", "other"
]


class AccountRef(FormatModel):
    """An account a subject holds; ``institution`` defaults to the filer."""

    number: str = Field(min_length=1, description="Account number as reported")
    institution: str | None = Field(None, min_length=1, description="Institution holding it (default: filer)")
    kind: AccountKind | None = None


class SarSubject(PartyRef):
    """A subject of the report: a PartyRef plus the accounts and crypto addresses the filer ties to it."""

    accounts: list[AccountRef] = Field(default_factory=list)
    addresses: list[AddressRef] = Field(default_factory=list, description="Crypto addresses it controls")


class SuspiciousActivityReport(FormatModel):
    """One filed report, by its BSA id."""

    bsa_id: str = Field(min_length=1, pattern=r"^\S+$", description="BSA identifier of the filing")
    filed_on: dt.date
    filer: PartyRef = Field(description="The filing institution (an organization)")
    activity_from: dt.date | None = None
    activity_to: dt.date | None = None
    amount_usd: float | None = Field(None, ge=0, description="Total amount involved, US dollars")
    activities: list[Activity] = Field(default_factory=list)
    narrative: str | None = Field(None, min_length=1)
    subjects: list[SarSubject] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> SuspiciousActivityReport:
        if self.filer.type != "organization":
            raise ValueError("filer: the filing institution is an organization")
        if self.activity_from and self.activity_to and self.activity_to < self.activity_from:
            raise ValueError("activityTo is before activityFrom")
        return self


# -- mapping to graph records ----------------------------------------------------------------------
def to_records(report: SuspiciousActivityReport, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    sar = build.node(
        "SuspiciousActivityReport",
        {
            "id": f"sar:{report.bsa_id}",
            "bsaId": report.bsa_id,
            "filedOn": report.filed_on,
            "activityFrom": report.activity_from,
            "activityTo": report.activity_to,
            "amountUsd": report.amount_usd,
            "activities": report.activities,
            "narrative": report.narrative,
        },
    )
    build.link("FILED", build.party(report.filer, "filer"), sar)
    for position, subject in enumerate(report.subjects, start=1):
        party = build.party(subject, f"subject-{position}")
        build.link("SUBJECT_OF", party, sar, role=subject.role)
        for account in subject.accounts:
            held = build.account(account.institution or report.filer.name, account.number, account.kind)
            build.link("HOLDS_ACCOUNT", party, held)
        for address in subject.addresses:
            build.link("CONTROLS_ADDRESS", party, build.address(address))
    return build.records


# -- CSV layout: one row per subject -----------------------------------------------------------------
CSV_COLUMNS = ("bsaId", "filedOn", "filerName", "subjectType", "subjectName")


def csv_record(row: dict[str, str]) -> dict[str, Any]:
    """A row as its JSON record: the report's columns, the filer's, and one subject.

    ``subjectAccounts`` is ``;``-separated ``number`` or ``institution|number``;
    ``subjectAddresses`` is ``;``-separated ``address`` or ``chain:address``; ``activities`` and
    ``subjectPhones`` are ``;``-separated too.
    """
    number = row.get("subjectNumber") or "1"
    subject: dict[str, Any] = {
        "ref": f"subject-{number}",
        "type": row.get("subjectType"),
        "name": row.get("subjectName"),
        "subjectId": row.get("subjectId"),
        "country": row.get("subjectCountry"),
        "birthDate": row.get("subjectBirthDate"),
        "role": row.get("subjectRole"),
        "phones": _split(row.get("subjectPhones")),
        "accounts": [_account(item) for item in _split(row.get("subjectAccounts"))],
        "addresses": [_address(item) for item in _split(row.get("subjectAddresses"))],
    }
    if row.get("subjectDocNumber"):
        subject["documents"] = [
            {
                "docType": row.get("subjectDocType") or "Other",
                "number": row["subjectDocNumber"],
                "issuingCountry": row.get("subjectDocCountry") or None,
            }
        ]
    filer = {
        "type": "organization",
        "name": row.get("filerName"),
        "subjectId": row.get("filerId"),
        "registrationNumber": row.get("filerTin"),
        "country": row.get("filerCountry"),
        "kinds": _split(row.get("filerKinds")),
    }
    return _present(
        {
            "bsaId": row.get("bsaId"),
            "filedOn": row.get("filedOn"),
            "filer": _present(filer),
            "activityFrom": row.get("activityFrom"),
            "activityTo": row.get("activityTo"),
            "amountUsd": row.get("amountUsd"),
            "activities": _split(row.get("activities")),
            "narrative": row.get("narrative"),
            "subjects": [_present(subject)],
        }
    )


def _split(cell: str | None) -> list[str]:
    return [item.strip() for item in (cell or "").split(";") if item.strip()]


def _account(item: str) -> dict[str, str]:
    institution, _, number = item.rpartition("|")
    return {"number": number.strip(), **({"institution": institution.strip()} if institution else {})}


def _address(item: str) -> dict[str, str]:
    chain, _, address = item.rpartition(":")
    return {"address": address.strip(), **({"chain": chain.strip()} if chain else {})}


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """Blank cells and empty lists left out, so the model's defaults apply."""
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


SPEC: AgencyFormat[SuspiciousActivityReport] = AgencyFormat(
    FORMAT,
    SuspiciousActivityReport,
    "bsaId",
    to_records,
    reads="suspicious activity reports (FinCEN-style), CSV one row per subject (`--dataset --agency "
    "--caveat`) or JSON",
    becomes="SuspiciousActivityReport (amount, activity period and kinds) FILED by its institution, "
    "subjects SUBJECT_OF it with their FinancialAccounts, crypto addresses, documents and phones",
    csv=CsvLayout(CSV_COLUMNS, csv_record),
)
