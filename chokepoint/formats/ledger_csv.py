"""The CSV layouts of ``wallet-ledger`` (native, Etherscan token transfers and transactions, Tronscan),
told apart by their header row.

CSV files are read three times, so a ledger of millions of transfers is never held in memory: twice
before anything is written (the layout and a cut-off end, then each transfer's key and digest for the
repeats a file gives, :mod:`ledger_duplicates`; a file that is not CSV, has no known layout, is cut
off or cannot be decoded stops there), then streamed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats.ledger_duplicates import digest
from chokepoint.formats.ledger_values import (
    Chain,
    normalise_chain,
    normalise_tx_hash,
    parse_amount,
    transfer_key,
    with_decimal_point,
)
from chokepoint.ingest.agency.envelope import RawRecord

FORMAT = "wallet-ledger"
NATIVE_COLUMNS = ("chain", "txHash", "index", "from", "to", "asset", "amount", "timestamp", "block", "token")
OPTIONAL = frozenset({"block", "token"})  # token: the asset's contract (schema/assets.yaml)
Row = Mapping[str, str]


@dataclass(frozen=True)
class LedgerLayout:
    """A CSV layout: the header names each native field may have, and what the layout implies.

    ``chain`` is fixed for explorer exports (None: a column gives it). A layout without an ``index``
    field leaves transfers of one transaction to be numbered in file order by the reader; with a
    ``decimals`` column the amount is in base units and is scaled to whole units.
    """

    name: str
    chain: str | None
    fields: Mapping[str, tuple[str, ...]]  # native field -> header names, preferred first
    optional: frozenset[str] = OPTIONAL
    decimals: tuple[str, ...] = ()

    def columns(self, header: list[str]) -> dict[str, str] | None:
        """Native field -> the header's column; None when a required field has no column."""
        present = {name.strip(): name for name in header}
        chosen: dict[str, str] = {}
        for field, aliases in (*self.fields.items(), ("decimals", self.decimals)):
            column = next((present[alias] for alias in aliases if alias in present), None)
            if column is not None:
                chosen[field] = column
            elif field in self.fields and field not in self.optional:
                return None
        return chosen

    def problem(self, row: Row, columns: Mapping[str, str], fields: Mapping[str, Any]) -> str | None:
        """Why a row read in this layout must be refused though its values may be valid (none here)."""
        return None

    def required_fields(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(field, names) for field, names in self.fields.items() if field not in self.optional]

    def to_fields(self, row: Row, columns: Mapping[str, str]) -> dict[str, Any]:
        """The native record's fields from one row (``index`` absent when the layout has none)."""
        fields = {field: (row.get(column) or "").strip() for field, column in columns.items()}
        if self.chain is not None:
            fields["chain"] = self.chain
        decimals = fields.pop("decimals", "")
        if decimals and fields.get("amount"):
            fields["amount"] = _scaled(fields["amount"], decimals)
        return fields


def _scaled(amount: str, decimals: str) -> str:
    """A base-unit amount in whole units (``quant`` / 10^decimals)."""
    try:
        return str(parse_amount(amount).scaleb(-int(decimals)))
    except ValueError:
        return amount  # left for the model to reject with the amount's own message


_COIN_VALUE = re.compile(r"^Value_(?P<way>IN|OUT)\((?P<coin>[A-Za-z0-9]+)\)$")


@dataclass(frozen=True)
class CoinLayout(LedgerLayout):
    """An Etherscan-family *normal transaction* export: the chain's own coin moved From -> To.

    The amount is in ``Value_IN(X)`` or ``Value_OUT(X)`` (the other is 0; which one depends on the
    exported address's side), X naming the coin and so the chain (``BNB``: bsc, ``ETH``: ethereum,
    unless ``--chain`` says otherwise: Arbiscan prints ETH too). A failed transaction (an ``ErrCode``,
    or a ``Status`` that is an error) and a call that moved no value are refused, saying so.
    """

    def columns(self, header: list[str]) -> dict[str, str] | None:
        chosen = super().columns(header)
        values = {found["way"]: name for name in header if (found := _COIN_VALUE.match(name.strip()))}
        if chosen is None or set(values) != {"IN", "OUT"}:
            return None
        chosen["valueIn"], chosen["valueOut"] = values["IN"], values["OUT"]
        present = {name.strip(): name for name in header}
        chosen.update({field: present[name] for field, name in _COIN_STATUS.items() if name in present})
        return chosen

    def coin(self, columns: Mapping[str, str]) -> str:
        found = _COIN_VALUE.match(columns["valueIn"].strip())
        return found["coin"].upper() if found else ""

    def to_fields(self, row: Row, columns: Mapping[str, str]) -> dict[str, Any]:
        read = {field: (row.get(column) or "").strip() for field, column in columns.items()}
        moved = [read[side] for side in ("valueIn", "valueOut")]
        fields = {field: value for field, value in read.items() if field in self.fields}
        fields["amount"] = next((value for value in moved if _nonzero(value)), moved[0])
        coin = self.coin(columns)
        fields["asset"], fields["chain"] = coin, str(normalise_chain(coin))
        return fields

    def problem(self, row: Row, columns: Mapping[str, str], fields: Mapping[str, Any]) -> str | None:
        status, error = ((row.get(columns.get(name, "")) or "").strip() for name in _COIN_STATUS)
        if error or status.lower().startswith("error"):
            said = ": ".join(part for part in (status, error) if part)
            return f"failed transaction ({said}): it moved no value"
        if not _nonzero(str(fields.get("amount", ""))):
            return "the transaction moved no value (a contract call)"
        return None


_COIN_STATUS = {"status": "Status", "errCode": "ErrCode"}


def _nonzero(value: str) -> bool:
    try:
        return parse_amount(value) != 0
    except ValueError:
        return bool(value.strip())  # left for the model to reject with the amount's own message


# Tried in this order; the first whose required fields all have a column is the file's layout.
LAYOUTS: tuple[LedgerLayout, ...] = (
    LedgerLayout("native", None, {name: (name,) for name in NATIVE_COLUMNS}),
    LedgerLayout(
        "etherscan",
        "ethereum",
        {
            "txHash": ("Transaction Hash", "Txhash"),
            "block": ("Blockno",),
            "timestamp": ("UnixTimestamp", "DateTime (UTC)", "DateTime"),
            "from": ("From",),
            "to": ("To",),
            "amount": ("TokenValue", "Quantity", "Value"),
            "asset": ("TokenSymbol",),
            "token": ("ContractAddress",),
        },
        decimals=("TokenDecimal",),
    ),
    CoinLayout(
        "etherscan-transactions",
        "ethereum",
        {
            "txHash": ("Txhash", "Transaction Hash"),
            "block": ("Blockno",),
            "timestamp": ("UnixTimestamp", "DateTime (UTC)"),
            "from": ("From",),
            "to": ("To",),
        },
    ),
    CoinLayout(  # internal transactions: value a contract moved, From -> TxTo, inside a parent tx
        "etherscan-internal",
        "ethereum",
        {
            "txHash": ("Txhash", "Transaction Hash"),
            "block": ("Blockno",),
            "timestamp": ("UnixTimestamp", "DateTime (UTC)"),
            "from": ("From",),
            "to": ("TxTo",),
        },
    ),
    LedgerLayout(
        "tronscan",
        "tron",
        {
            "txHash": ("transaction_id", "hash", "transactionHash", "Hash", "Txn Hash"),
            "block": ("block", "Block"),
            "timestamp": ("block_ts", "timestamp", "Time(UTC)", "Time (UTC)", "Block Time"),
            "from": ("from_address", "transferFromAddress", "From"),
            "to": ("to_address", "transferToAddress", "To"),
            "amount": ("quant", "amount_str", "amount", "Amount"),
            "asset": ("tokenAbbr", "symbol", "tokenName", "Token Symbol", "Token"),
            "token": ("contract_address", "tokenAddress", "contractAddress", "Token Address", "Contract"),
        },
        decimals=("tokenDecimal", "decimals", "Decimals"),
    ),
)


def detect_layout(header: list[str]) -> tuple[LedgerLayout, dict[str, str]] | None:
    """The first layout whose required fields all have a column in ``header``, with those columns."""
    for layout in LAYOUTS:
        columns = layout.columns(header)
        if columns is not None:
            return layout, columns
    return None


def describe_layouts() -> str:
    """What each layout needs, for the error a file of none of them gets."""
    return "; ".join(
        f"{layout.name}: "
        + ", ".join(
            "/".join(aliases) for field, aliases in layout.fields.items() if field not in layout.optional
        )
        for layout in LAYOUTS
    )


def layout_of(path: Path) -> str:
    """The name of the CSV layout ``path`` is in (native, etherscan, etherscan-transactions,
    etherscan-internal, tronscan)."""
    return check_csv(path)[0].name


@dataclass(frozen=True)
class Locale:
    """How a spreadsheet saved the file's numbers. ``decimal_comma``: a comma is the decimal mark
    (``1.234,56``, ``1 234,56``), and a file whose header is separated by semicolons (what those
    spreadsheets save) is read as such."""

    decimal_comma: bool = False
    delimiter: str = ","

    @classmethod
    def of(cls, path: Path, decimal_comma: bool) -> Locale:
        """The locale of ``path``: its delimiter read once, from its header line."""
        if not decimal_comma:
            return cls()
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
        return cls(True, ";" if ";" in first and "," not in first else ",")

    def amounts(self, row: Row, columns: Mapping[str, str]) -> tuple[Row, str | None]:
        """The row with a point as the decimal mark in its amount columns; why not, if one cannot be."""
        if not self.decimal_comma:
            return row, None
        read = dict(row)
        for field in _AMOUNT_FIELDS:
            column = columns.get(field)
            text = (read.get(column) or "").strip() if column is not None else ""
            if column is None or not text:
                continue
            pointed = with_decimal_point(text)
            if pointed is None:
                return read, (
                    f"amount {text!r} is not a number with a decimal comma (1.234,56 or 1 234,56), "
                    "which --decimal-comma says the file holds"
                )
            read[column] = pointed
        return read, None


_AMOUNT_FIELDS = ("amount", "valueIn", "valueOut")


def check_csv(path: Path, locale: Locale = Locale()) -> tuple[LedgerLayout, dict[str, str], int]:
    """The file's layout and columns, and its row count; reads the whole file once to check it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=locale.delimiter)
            header = next(reader, None)
            if not header:
                raise InvalidRecord(f"{path}: not a {FORMAT} CSV: the file is empty")
            found = detect_layout(header)
            if found is None:
                raise InvalidRecord(f"{path}: not a {FORMAT} CSV: {why_no_layout(header)}")
            rows, last = 0, None
            for row in reader:
                if any(cell.strip() for cell in row):
                    rows, last = rows + 1, row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidRecord(f"{path}: cannot read as CSV: {exc}") from exc
    if last is not None and len(last) < len(header) and not _ends_with_line_break(path):
        raise InvalidRecord(
            f"{path}: the last line has {len(last)} of the header's {len(header)} columns and the file does "
            "not end with a line break: it looks cut off (an interrupted download or copy). Nothing was "
            "loaded; fetch the whole file again"
        )
    return found[0], found[1], rows


def _ends_with_line_break(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return True
        handle.seek(-1, 2)
        return handle.read(1) in (b"\n", b"\r")


_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_SHOWN_COLUMNS = 20


def why_no_layout(header: list[str]) -> str:
    """What is wrong with a header no layout matches: another delimiter, or the columns the closest
    layout lacks, with the header as seen (so the user knows which file and which columns)."""
    if len(header) == 1:
        for delimiter, name in _OTHER_DELIMITERS.items():
            if delimiter in header[0]:
                return (
                    f"the header is one column holding {name} ({header[0][:80]!r}): the file is separated "
                    f"by {name}, not commas; save it as comma-separated CSV"
                )
    names = {name.strip() for name in header}
    lacking = {
        layout.name: [
            "/".join(aliases) for _, aliases in layout.required_fields() if not names & set(aliases)
        ]
        for layout in LAYOUTS
    }
    closest = min(LAYOUTS, key=lambda layout: len(lacking[layout.name]))
    seen = ", ".join(name.strip() for name in header[:_SHOWN_COLUMNS])
    more = f" … ({len(header)} columns)" if len(header) > _SHOWN_COLUMNS else ""
    return (
        f"the header ({seen}{more}) matches no known layout; the closest, {closest.name}, lacks "
        f"{', '.join(lacking[closest.name])}. Layouts: {describe_layouts()}"
    )


def explorer_chain(layout: LedgerLayout, chain: str | None) -> str | None:
    """``--chain`` checked against the layout: only an explorer export (one chain per file) takes it."""
    if chain is None:
        return None
    if layout.chain is None:
        raise ConfigurationError(
            f"--chain is for explorer exports; a {layout.name} ledger names each row's chain"
        )
    named = str(normalise_chain(chain))
    if named not in get_args(Chain):
        raise ConfigurationError(
            f"--chain {chain!r} is not a chain ledgers here know: {', '.join(get_args(Chain))}"
        )
    return named


def csv_records(
    path: Path,
    layout: LedgerLayout,
    columns: dict[str, str],
    chain: str | None = None,
    locale: Locale = Locale(),
) -> Iterator[RawRecord]:
    """Each row as the native record's fields; explorer rows numbered per transaction in file order.

    An explorer export has no log index, so a row identical to an earlier row of its transaction
    gets that row's number: the same transfer (a line copied twice), not a second one.
    """
    numbered: dict[str, dict[int, int]] = {}  # transaction -> digest of a row's fields -> its index
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter=locale.delimiter), start=2):
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            read, unreadable = locale.amounts(row, columns)
            fields = layout.to_fields(read, columns)
            problem = unreadable or layout.problem(read, columns, fields)
            if chain is not None:
                fields["chain"] = chain
            if "index" not in fields:
                rows = numbered.setdefault(str(normalise_tx_hash(fields.get("txHash", ""))), {})
                fields["index"] = rows.setdefault(digest(fields), len(rows))
            yield RawRecord(f"{path.name} line {line}", transfer_key(fields), fields, problem)
