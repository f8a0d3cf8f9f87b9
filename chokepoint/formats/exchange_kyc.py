"""The ``exchange-kyc`` format (CSV and JSON): a virtual-asset exchange's answer to legal process, one
customer account per record, as exchanges return them to a subpoena (the account, who opened it and
with what identity, its deposit addresses, the bank accounts it withdraws to). Per record:

    (holder:Person|Organization) -[:HOLDS_ACCOUNT]-> (:FinancialAccount {institution: exchange,
                                                      accountNumber, kind: "crypto_exchange"})
    (holder) -[:HOLDS_ACCOUNT]-> (:FinancialAccount {institution: bank, accountNumber})
    (holder) -[:CONTROLS_ADDRESS]-> (:CryptoAddress)          deposit addresses assigned to it
    (holder) -[:HAS_DOCUMENT]-> (:IdentityDocument), -[:USES_PHONE]-> (:Phone)   its KYC

The record id is the exchange's account id (one file is one exchange's return). The holder follows
the agency rules (``holderId`` is the agency's subject file, otherwise the party is scoped to the
record); it is never merged by name, so the documents, phones and addresses are what identity
resolution later links on. Accounts are normalised like a SAR's (``RecordBuilder.account``), so a bank
account a SAR names and the one an exchange withdraws to are one node.

CSV layout: one row per account; ``depositAddresses`` is ``;``-separated ``address`` or
``chain:address``, ``bankAccounts`` ``;``-separated ``institution|number``, ``holderPhones``
``;``-separated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import Field

from chokepoint.formats.common import AddressRef, FormatModel, PartyRef
from chokepoint.ingest.agency.envelope import AgencyFormat, CsvLayout, RecordContext
from chokepoint.ingest.agency.record_builder import RecordBuilder
from chokepoint.ingest.records import Record

FORMAT = "exchange-kyc"


class BankAccount(FormatModel):
    """A bank account the customer linked for fiat withdrawals."""

    institution: str = Field(min_length=1, description="Bank holding it, as the exchange recorded it")
    number: str = Field(min_length=1, description="Account number or IBAN as recorded")


class ExchangeAccount(FormatModel):
    """One customer account of the exchange, with the identity it was opened under."""

    exchange: str = Field(min_length=1, description="The exchange that answered (the account's institution)")
    account_id: str = Field(min_length=1, pattern=r"^\S+$", description="The exchange's account or user id")
    holder: PartyRef = Field(description="Who opened the account (its KYC identity)")
    deposit_addresses: list[AddressRef] = Field(
        default_factory=list, description="Assigned deposit addresses"
    )
    bank_accounts: list[BankAccount] = Field(default_factory=list)


# -- mapping to graph records ----------------------------------------------------------------------
def to_records(account: ExchangeAccount, context: RecordContext) -> Iterable[Record]:
    build = RecordBuilder(context)
    holder = build.party(account.holder, "holder")
    exchange_account = build.account(account.exchange, account.account_id, "crypto_exchange")
    build.link("HOLDS_ACCOUNT", holder, exchange_account)
    for bank in account.bank_accounts:
        build.link("HOLDS_ACCOUNT", holder, build.account(bank.institution, bank.number))
    for address in account.deposit_addresses:
        build.link("CONTROLS_ADDRESS", holder, build.address(address))
    return build.records


# -- CSV layout: one row per account ----------------------------------------------------------------
CSV_COLUMNS = ("exchange", "accountId", "holderType", "holderName")


def csv_record(row: dict[str, str]) -> dict[str, Any]:
    """A row as its JSON record."""
    holder: dict[str, Any] = {
        "type": row.get("holderType"),
        "name": row.get("holderName"),
        "subjectId": row.get("holderId"),
        "country": row.get("holderCountry"),
        "birthDate": row.get("holderBirthDate"),
        "nationalities": _split(row.get("holderNationalities")),
        "phones": _split(row.get("holderPhones")),
        "registrationNumber": row.get("holderRegistrationNumber"),
    }
    if row.get("holderDocNumber"):
        holder["documents"] = [
            {
                "docType": row.get("holderDocType") or "Other",
                "number": row["holderDocNumber"],
                "issuingCountry": row.get("holderDocCountry") or None,
            }
        ]
    return _present(
        {
            "exchange": row.get("exchange"),
            "accountId": row.get("accountId"),
            "holder": _present(holder),
            "depositAddresses": [_address(item) for item in _split(row.get("depositAddresses"))],
            "bankAccounts": [_bank(item) for item in _split(row.get("bankAccounts"))],
        }
    )


def _split(cell: str | None) -> list[str]:
    return [item.strip() for item in (cell or "").split(";") if item.strip()]


def _address(item: str) -> dict[str, str]:
    chain, _, address = item.rpartition(":")
    return {"address": address.strip(), **({"chain": chain.strip()} if chain else {})}


def _bank(item: str) -> dict[str, str]:
    institution, _, number = item.rpartition("|")
    return {"institution": institution.strip(), "number": number.strip()}


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    """Blank cells and empty lists left out, so the model's defaults apply."""
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


SPEC: AgencyFormat[ExchangeAccount] = AgencyFormat(
    FORMAT,
    ExchangeAccount,
    "accountId",
    to_records,
    reads="virtual-asset exchange returns to legal process (KYC and account records), CSV one row "
    "per account (`--dataset --agency --caveat`) or JSON",
    becomes="the holder (Person or Organization with its documents and phones) HOLDS_ACCOUNT its "
    "exchange FinancialAccount and linked bank accounts, and CONTROLS_ADDRESS its deposit addresses",
    csv=CsvLayout(CSV_COLUMNS, csv_record),
)
