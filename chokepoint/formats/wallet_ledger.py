"""The ``wallet-ledger`` format: on-chain transfers, one per record, with the CSV layouts it accepts.

A record is one transfer of one asset between two addresses, identified by (chain, txHash, index).
JSON files wrap records in the shared envelope; CSV files come in three layouts, told apart by their
header row:

- ``native``: ``chain,txHash,index,from,to,asset,amount,timestamp,block``;
- ``etherscan``: Etherscan's ERC-20 token-transfer export (``Transaction Hash``/``Txhash``,
  ``Blockno``, ``UnixTimestamp``, ``DateTime (UTC)``, ``From``, ``To``, ``TokenValue``/``Quantity``,
  ``USDValueDayOfTx``, ``ContractAddress``, ``TokenName``, ``TokenSymbol``) - chain ``ethereum``;
- ``tronscan``: a Tronscan transfer export (the transfer list's fields ``transaction_id``/``hash``,
  ``block_ts``/``timestamp``, ``block``, ``from_address``, ``to_address``, ``quant``/``amount``,
  ``tokenAbbr``/``symbol``, optional ``tokenDecimal``; or the page export's ``Hash``, ``Block``,
  ``Time(UTC)``, ``From``, ``To``, ``Amount``, ``Token``) - chain ``tron``.

Explorer exports carry no log index: transfers of one transaction are numbered in file order.
Amounts are decimal strings (``1,234.50`` - thousands separators dropped); when a layout gives the
token's decimals the amount is in base units and is scaled. Timestamps are unix seconds, unix
milliseconds, ISO 8601 or ``YYYY-MM-DD HH:MM:SS`` (UTC).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from chokepoint.formats.common import Envelope, FormatModel

FORMAT = "wallet-ledger"
# The CryptoAddress chain enum of schema/nodes/crypto_address.yaml less "other": a ledger names its chain.
Chain = Literal[
    "bitcoin", "ethereum", "tron", "litecoin", "bitcoin-cash", "bitcoin-sv", "bitcoin-gold", "monero",
    "zcash", "dash", "ethereum-classic", "arbitrum", "bsc", "bnb-beacon", "solana", "ripple", "verge", "omni",
]  # fmt: skip
CHAIN_ALIASES = {"btc": "bitcoin", "eth": "ethereum", "trx": "tron", "ltc": "litecoin", "bch": "bitcoin-cash",
                 "xmr": "monero", "zec": "zcash", "etc": "ethereum-classic", "sol": "solana", "xrp": "ripple",
                 "bnb": "bsc"}  # fmt: skip
MILLISECONDS_FROM = 10**11  # a unix time above this is in milliseconds (year 5138 in seconds)
_HEX = re.compile(r"^(0x)?[0-9a-fA-F]+$")


def parse_amount(value: Any) -> Decimal:
    """A non-negative decimal from ``1234.5``, ``"1,234.50"`` or ``"1 234.5"``."""
    if isinstance(value, bool):
        raise ValueError("an amount is a number, not true/false")
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "").replace("_", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"amount {value!r} is not a decimal number") from None
    else:
        raise ValueError(f"amount {value!r} is not a decimal number")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount {value!r} is not a finite non-negative number")
    return amount


def parse_timestamp(value: Any) -> dt.datetime:
    """A UTC date-time from unix seconds or milliseconds, ISO 8601, or ``YYYY-MM-DD HH:MM:SS``."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, bool):
        raise ValueError("a timestamp is unix seconds or an ISO date-time, not true/false")
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
        seconds = seconds / 1000 if seconds >= MILLISECONDS_FROM else seconds
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"timestamp {value!r} is neither unix seconds nor an ISO date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def normalise_chain(value: Any) -> Any:
    """Lower-case, and the common tickers (``ETH``, ``TRX``) as chain names."""
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    return CHAIN_ALIASES.get(text, text)


def normalise_tx_hash(value: Any) -> Any:
    """Hex hashes lower-case (explorers print both cases); other forms (Solana base58) as written."""
    if isinstance(value, str) and _HEX.match(value.strip()):
        return value.strip().lower()
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^[0-9][0-9, _]*(\.[0-9]+)?$"},
            ]
        }
    ),
]
Timestamp = Annotated[
    dt.datetime,
    BeforeValidator(parse_timestamp),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "minLength": 4}]}),
]
OptionalTimestamp = Annotated[Timestamp | None, BeforeValidator(_blank_to_none)]


class LedgerTransfer(FormatModel):
    """One on-chain transfer: ``from`` sent ``amount`` of ``asset`` to ``to`` in ``txHash``."""

    chain: Annotated[Chain, BeforeValidator(normalise_chain)] = Field(description="Blockchain (bitcoin …)")
    tx_hash: Annotated[str, BeforeValidator(normalise_tx_hash)] = Field(
        min_length=8, pattern=r"^\S+$", description="Transaction hash (hex hashes are stored lower-case)"
    )
    index: Annotated[int, BeforeValidator(lambda v: 0 if v in (None, "") else v)] = Field(
        0, ge=0, description="Output / log index inside the transaction; 0 when there is one transfer"
    )
    from_: str = Field(alias="from", min_length=1, description="Sending address (checked with its checksum)")
    to: str = Field(min_length=1, description="Receiving address (checked with its checksum)")
    asset: Annotated[str, BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v)] = Field(
        min_length=1, max_length=20, description="Asset or token symbol (BTC, ETH, USDT …)"
    )
    amount: Amount = Field(description="Amount in whole units; a decimal string keeps every digit")
    timestamp: OptionalTimestamp = Field(None, description="Block time: unix seconds or ISO 8601 (UTC)")
    block: Annotated[int | None, BeforeValidator(_blank_to_none)] = Field(
        None, ge=0, description="Block height"
    )

    @property
    def key(self) -> str:
        """The record's stable id: chain, hash and index."""
        return f"{self.chain}:{self.tx_hash}:{self.index}"


WalletLedger = Envelope[LedgerTransfer]
"""A whole JSON file of the format (the JSON Schema is generated from this)."""


# --------------------------------------------------------------------------------------------- CSV
NATIVE_COLUMNS = ("chain", "txHash", "index", "from", "to", "asset", "amount", "timestamp", "block")
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
    optional: frozenset[str] = frozenset({"block"})
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


# Tried in this order; the first whose required fields all have a column is the file's layout.
LAYOUTS: tuple[LedgerLayout, ...] = (
    LedgerLayout("native", None, {name: (name,) for name in NATIVE_COLUMNS}),
    LedgerLayout("etherscan", "ethereum", {
        "txHash": ("Transaction Hash", "Txhash"),
        "block": ("Blockno",),
        "timestamp": ("UnixTimestamp", "DateTime (UTC)", "DateTime"),
        "from": ("From",),
        "to": ("To",),
        "amount": ("TokenValue", "Quantity", "Value"),
        "asset": ("TokenSymbol",),
    }, decimals=("TokenDecimal",)),
    LedgerLayout("tronscan", "tron", {
        "txHash": ("transaction_id", "hash", "transactionHash", "Hash", "Txn Hash"),
        "block": ("block", "Block"),
        "timestamp": ("block_ts", "timestamp", "Time(UTC)", "Time (UTC)", "Block Time"),
        "from": ("from_address", "transferFromAddress", "From"),
        "to": ("to_address", "transferToAddress", "To"),
        "amount": ("quant", "amount_str", "amount", "Amount"),
        "asset": ("tokenAbbr", "symbol", "tokenName", "Token Symbol", "Token"),
    }, decimals=("tokenDecimal", "decimals", "Decimals")),
)  # fmt: skip


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
