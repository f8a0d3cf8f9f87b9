"""Values of the ``wallet-ledger`` format as ledgers write them: chains, hashes, amounts, timestamps.

Shared by the record model (:mod:`chokepoint.formats.wallet_ledger`) and its CSV layouts
(:mod:`chokepoint.formats.ledger_csv`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from chokepoint.values.amounts import check_digits

# The CryptoAddress chain enum of schema/nodes/crypto_address.yaml less "other": a ledger names its chain.
Chain = Literal[
    "bitcoin",
    "ethereum",
    "tron",
    "litecoin",
    "bitcoin-cash",
    "bitcoin-sv",
    "bitcoin-gold",
    "monero",
    "zcash",
    "dash",
    "ethereum-classic",
    "arbitrum",
    "bsc",
    "polygon",
    "bnb-beacon",
    "solana",
    "ripple",
    "verge",
    "omni",
]
CHAIN_ALIASES = {
    "btc": "bitcoin",
    "eth": "ethereum",
    "trx": "tron",
    "ltc": "litecoin",
    "bch": "bitcoin-cash",
    "xmr": "monero",
    "zec": "zcash",
    "etc": "ethereum-classic",
    "sol": "solana",
    "xrp": "ripple",
    "bnb": "bsc",
    "matic": "polygon",
    "pol": "polygon",
}
MILLISECONDS_FROM = 10**11  # a unix time above this is in milliseconds (year 5138 in seconds)
_HEX = re.compile(r"^(0x)?[0-9a-fA-F]+$")
# An amount as text: plain digits, or thousands grouped by one separator (comma, space, underscore),
# with a point as the decimal mark. Anything else is refused, saying why when it is a known mistake.
# One grammar for the parser and the published JSON Schema (a numbered back-reference reads the same
# in Python and ECMAScript regular expressions).
AMOUNT_PATTERN = r"^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+|[0-9]{1,3}([, _])[0-9]{3}(?:\1[0-9]{3})*(?:\.[0-9]+)?)$"
_PLAIN_OR_GROUPED = re.compile(AMOUNT_PATTERN)
_E_NOTATION = re.compile(r"[0-9]*\.?[0-9]+[eE][+-]?[0-9]+")
_DECIMAL_COMMA = re.compile(r"[0-9]{1,3}([. \u00a0][0-9]{3})*,[0-9]+|[0-9]+,[0-9]+")
# An amount as a spreadsheet saves it where the comma is the decimal mark (--decimal-comma):
# thousands grouped by one separator, then an optional comma and fraction.
_COMMA_DECIMAL = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:([. \u00a0'_])[0-9]{3}(?:\2[0-9]{3})*)?|[0-9]+)(?:,(?P<fraction>[0-9]*))?"
)


def with_decimal_point(text: str) -> str | None:
    """A decimal-comma amount (``1.234,56``, ``1 234,56``) with a point as its decimal mark and no
    grouping (``1234.56``); None when ``text`` is not one."""
    found = _COMMA_DECIMAL.fullmatch(text)
    if found is None:
        return None
    whole = re.sub(r"[. \u00a0'_]", "", found["whole"])
    return f"{whole}.{found['fraction']}" if found["fraction"] else whole


def parse_amount(value: Any) -> Decimal:
    """A non-negative decimal from ``1234.5``, ``"1,234.50"`` or ``"1 234.5"``."""
    if isinstance(value, bool):
        raise ValueError("an amount is a number, not true/false")
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        amount = _amount_text(value)
    else:
        raise ValueError(f"amount {value!r} is not a decimal number")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount {value!r} is not a finite non-negative number")
    try:
        check_digits(format(amount, "f"))
    except ValueError as exc:
        raise ValueError(f"amount {exc}: more than an exact total can carry") from None
    return amount


def _amount_text(value: str) -> Decimal:
    text = value.strip()
    digits = text[1:] if text[:1] in ("-", "+") else text  # a sign: refused by the caller if negative
    if _PLAIN_OR_GROUPED.fullmatch(digits):
        try:
            return Decimal(text[: len(text) - len(digits)] + re.sub(r"[, _]", "", digits))
        except InvalidOperation:  # pragma: no cover - the pattern admits decimal numbers only
            pass
    if _E_NOTATION.fullmatch(text):
        raise ValueError(
            f"amount {value!r} is in E-notation, as a spreadsheet shows a long number after cutting its "
            "last digits: export the column as text or as a plain number"
        )
    if _DECIMAL_COMMA.fullmatch(text):
        raise ValueError(
            f"amount {value!r} has a decimal comma; ledgers here use a point as the decimal mark and commas "
            "only between thousands (1,234.56): load the file with --decimal-comma (a CSV whose numbers "
            "all use a comma as the decimal mark), or convert its numbers to that form"
        )
    raise ValueError(f"amount {value!r} is not a decimal number")


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


def blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def transfer_key(data: Any) -> str | None:
    """``chain:txHash:index`` as written, so a rejected record names its transaction."""
    if not isinstance(data, dict) or not data.get("txHash"):
        return None
    chain = normalise_chain(data.get("chain", ""))
    return f"{chain}:{normalise_tx_hash(data['txHash'])}:{data.get('index') or 0}"
