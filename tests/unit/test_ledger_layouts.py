"""wallet-ledger: CSV layouts detected from the header, amounts, timestamps and the record model."""

import csv
import datetime as dt
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError

from chokepoint.errors import InvalidRecord
from chokepoint.formats.ledger_csv import NATIVE_COLUMNS, csv_records, detect_layout, layout_of
from chokepoint.formats.ledger_values import parse_amount, parse_timestamp
from chokepoint.formats.wallet_ledger import LedgerTransfer
from chokepoint.schema.loader import load_model
from chokepoint.settings import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs" / "formats"
ETHERSCAN_HEADER = [
    "Transaction Hash",
    "Blockno",
    "UnixTimestamp",
    "DateTime (UTC)",
    "From",
    "To",
    "TokenValue",
    "USDValueDayOfTx",
    "ContractAddress",
    "TokenName",
    "TokenSymbol",
]
OLD_ETHERSCAN_HEADER = [
    "Txhash",
    "UnixTimestamp",
    "DateTime",
    "From",
    "To",
    "Value",
    "ContractAddress",
    "TokenName",
    "TokenSymbol",
]


@pytest.mark.parametrize(
    ("file", "layout"),
    [
        ("wallet-ledger.example.csv", "native"),
        ("wallet-ledger.etherscan.example.csv", "etherscan"),
        ("wallet-ledger.tronscan.example.csv", "tronscan"),
    ],
)
def test_each_example_file_is_detected_as_its_layout(file, layout):
    assert layout_of(DOCS / file) == layout


def test_etherscan_headers_old_and_new_name_their_columns():
    layout, columns = detect_layout(ETHERSCAN_HEADER)
    assert (layout.name, layout.chain) == ("etherscan", "ethereum")
    assert columns["txHash"] == "Transaction Hash" and columns["amount"] == "TokenValue"
    assert columns["timestamp"] == "UnixTimestamp"  # preferred over the printed date
    layout, columns = detect_layout(OLD_ETHERSCAN_HEADER)
    assert layout.name == "etherscan"
    assert (columns["txHash"], columns["amount"]) == ("Txhash", "Value")
    assert "block" not in columns


def test_tronscan_page_export_header_is_tronscan():
    layout, columns = detect_layout(["Hash", "Block", "Time(UTC)", "From", "To", "Amount", "Token", "Result"])
    assert (layout.name, layout.chain) == ("tronscan", "tron")
    assert columns["asset"] == "Token" and columns["block"] == "Block"


def test_a_header_of_no_layout_is_not_detected(tmp_path):
    assert detect_layout(["date", "description", "amount"]) is None
    assert (
        detect_layout(["chain", "txHash", "from", "to", "asset", "amount", "timestamp"]) is None
    )  # no index
    bank_statement = tmp_path / "statement.csv"
    bank_statement.write_text("date,description,amount\n2024-01-02,rent,-900\n", encoding="utf-8")
    with pytest.raises(
        InvalidRecord, match=r"header \(date, description, amount\) matches no known layout"
    ) as no:
        layout_of(bank_statement)
    assert "Layouts: native: chain, txHash" in str(no.value)


def test_a_refused_header_names_what_the_closest_layout_lacks(tmp_path):
    no_index = tmp_path / "no-index.csv"
    no_index.write_text("chain,txHash,from,to,asset,amount,timestamp\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match=r"the closest, native, lacks index\."):
        layout_of(no_index)


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_separated_by_another_delimiter_is_told_so(tmp_path, delimiter, name):
    other = tmp_path / "ledger.csv"
    other.write_text(delimiter.join(NATIVE_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match=f"separated by {name}, not commas"):
        layout_of(other)


def test_a_cut_off_last_line_stops_the_file(tmp_path):
    row = (
        "tron,0x"
        + "ab" * 32
        + ",0,TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM,TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz,USDT,12"
    )
    cut = tmp_path / "cut.csv"
    cut.write_text(",".join(NATIVE_COLUMNS) + "\n" + row, encoding="utf-8")
    cut_off = rf"the last line has 7 of the header's {len(NATIVE_COLUMNS)} columns .* looks cut off"
    with pytest.raises(InvalidRecord, match=cut_off):
        layout_of(cut)
    whole = tmp_path / "whole.csv"  # the same short line ending with a line break is a bad row, not a cut
    whole.write_text(",".join(NATIVE_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    assert layout_of(whole) == "native"


def test_tronscan_base_units_are_scaled_by_the_token_decimals():
    layout, columns = detect_layout(
        [
            "transaction_id",
            "block_ts",
            "block",
            "from_address",
            "to_address",
            "quant",
            "tokenDecimal",
            "tokenAbbr",
        ]
    )
    fields = layout.to_fields(
        {
            "transaction_id": "AB12CD34",
            "block_ts": "1709544600000",
            "block": "59500000",
            "from_address": "Ta",
            "to_address": "Tb",
            "quant": "14999990000",
            "tokenDecimal": "6",
            "tokenAbbr": "USDT",
        },
        columns,
    )
    assert fields["chain"] == "tron" and "index" not in fields
    assert parse_amount(fields["amount"]) == Decimal("14999.99")


def test_explorer_rows_of_one_transaction_are_numbered_in_file_order():
    path = DOCS / "wallet-ledger.etherscan.example.csv"
    with path.open(encoding="utf-8") as handle:
        layout, columns = detect_layout(next(csv.reader(handle)))
    raws = list(csv_records(path, layout, columns))
    assert [raw.data["index"] for raw in raws] == [0, 0, 1, 0]
    assert raws[1].data["txHash"] == raws[2].data["txHash"]
    assert raws[2].key.startswith("ethereum:0x1e799ef4") and raws[2].key.endswith(":1")
    assert raws[0].where == "wallet-ledger.etherscan.example.csv line 2"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("0.00000001", Decimal("0.00000001")),
        ("25 000", Decimal(25000)),
        (12, Decimal(12)),
        (1.75, Decimal("1.75")),
    ],
)
def test_amounts_keep_their_digits_and_drop_thousands_separators(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["ten", "", "-5", "1.2.3", "NaN", True])
def test_non_numeric_or_negative_amounts_are_refused(text):
    with pytest.raises(ValueError, match="amount"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.55305E+09", "E-notation"),
        ("2e3", "E-notation"),
        ("12,34", "decimal comma"),
        ("1.234,56", "decimal comma"),
        ("1234,5", "decimal comma"),
        ("1,23,456", "not a decimal number"),
        ("1,234 567", "not a decimal number"),
    ],
)
def test_spreadsheet_forms_are_refused_saying_what_was_seen(text, reason):
    """A spreadsheet round trip can turn a long amount into E-notation (digits lost) or write a decimal
    comma; both were read as other numbers before, silently."""
    with pytest.raises(ValueError, match=re.escape(f"amount {text!r} ") + f".*{reason}"):
        parse_amount(text)


@pytest.mark.parametrize(
    "text",
    [
        "1709544600",
        "1709544600000",
        "2024-03-04T09:30:00Z",
        "2024-03-04 09:30:00",
        "2024-03-04T04:30:00-05:00",
    ],
)
def test_timestamps_in_seconds_milliseconds_and_iso_are_the_same_instant(text):
    assert parse_timestamp(text) == dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("text", ["yesterday", "2024-13-01", "03/04/2024 09:30"])
def test_bad_timestamps_are_refused(text):
    with pytest.raises(ValueError, match="timestamp"):
        parse_timestamp(text)


def _transfer(**changes):
    fields = {
        "chain": "ETH",
        "txHash": "0xABCDEF0123456789",
        "index": "",
        "from": "a",
        "to": "b",
        "asset": "usdt",
        "amount": "1,000",
        "timestamp": "",
        "block": "",
    }
    return LedgerTransfer.model_validate(fields | changes)


def test_a_record_is_normalised_and_keyed_by_chain_hash_and_index():
    transfer = _transfer()
    assert (transfer.chain, transfer.tx_hash, transfer.index, transfer.asset) == (
        "ethereum",
        "0xabcdef0123456789",
        0,
        "USDT",
    )
    assert transfer.timestamp is None and transfer.block is None
    assert transfer.key == "ethereum:0xabcdef0123456789:0"


@pytest.mark.parametrize("symbol", ["yDAI+yUSDC+yUSDT+yTUSD", "oETH $500 Call 11/20/20"])
def test_real_token_symbols_longer_than_twenty_characters_load(symbol):
    assert _transfer(asset=symbol).asset == symbol.upper()


def test_unknown_chain_and_bad_fields_are_refused_by_name():
    with pytest.raises(ValidationError, match="chain"):
        _transfer(chain="dogecoin")
    with pytest.raises(ValidationError, match="amount"):
        _transfer(amount="lots")
    with pytest.raises(ValidationError, match="timestamp"):
        _transfer(timestamp="soon")
    with pytest.raises(ValidationError, match="surplus"):
        _transfer(surplus="x")


def test_ledger_chains_are_chains_the_schema_knows():
    from typing import get_args

    from chokepoint.formats.wallet_ledger import Chain

    schema_chains = load_model(PROJECT_ROOT / "schema").node("CryptoAddress").properties["chain"].enum
    assert set(get_args(Chain)) == set(schema_chains) - {"other"}
