"""Crypto addresses: map OFAC currency codes to chain and asset, and normalise addresses.

The identity of an address is (chain, normalised address). EVM addresses are case-insensitive
(EIP-55 only adds a checksum through letter case), so they are stored lower-case and the form a
source wrote is kept in ``displayForm``. Other chains' addresses are case-sensitive and kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chokepoint.errors import InvalidRecord

EVM_CHAINS = frozenset({"ethereum", "ethereum-classic", "arbitrum", "bsc"})
_EVM = re.compile(r"^0x[0-9a-fA-F]{40}$")
_TRON = re.compile(r"^T[1-9A-HJ-NP-Za-km-z]{33}$")
_BTC_LIKE = re.compile(r"^[13][1-9A-HJ-NP-Za-km-z]{25,34}$")

# OFAC "Digital Currency Address - <CODE>" codes with a single chain.
NATIVE_CODES: dict[str, tuple[str, str]] = {
    "XBT": ("bitcoin", "BTC"),
    "ETH": ("ethereum", "ETH"),
    "LTC": ("litecoin", "LTC"),
    "XMR": ("monero", "XMR"),
    "BCH": ("bitcoin-cash", "BCH"),
    "DASH": ("dash", "DASH"),
    "ZEC": ("zcash", "ZEC"),
    "ETC": ("ethereum-classic", "ETC"),
    "BTG": ("bitcoin-gold", "BTG"),
    "BSV": ("bitcoin-sv", "BSV"),
    "XVG": ("verge", "XVG"),
    "XRP": ("ripple", "XRP"),
    "ARB": ("arbitrum", "ARB"),
    "BSC": ("bsc", "BNB"),
    "SOL": ("solana", "SOL"),
    "TRX": ("tron", "TRX"),
}


@dataclass(frozen=True)
class Address:
    chain: str
    address: str
    asset: str
    display_form: str


def from_ofac_code(code: str, raw: str) -> Address:
    """Chain and asset for an OFAC currency code; tokens (USDT, USDC, BNB) are told apart by form."""
    text = raw.strip()
    code = code.strip().upper()
    if code in NATIVE_CODES:
        chain, asset = NATIVE_CODES[code]
    elif code in ("USDT", "USDC"):
        chain, asset = _token_chain(text), code
    elif code == "BNB":
        chain, asset = ("bsc" if _EVM.match(text) else "bnb-beacon"), "BNB"
    else:
        chain, asset = "other", code
    return normalise(chain, text, asset)


def guess(raw: str) -> Address:
    """Chain and asset from the address form alone (sources that do not name the currency)."""
    text = raw.strip()
    if _EVM.match(text):
        return normalise("ethereum", text, "ETH")
    if _TRON.match(text):
        return normalise("tron", text, "TRX")
    if _BTC_LIKE.match(text) or text.lower().startswith("bc1"):
        return normalise("bitcoin", text, "BTC")
    return normalise("other", text, "UNKNOWN")


def normalise(chain: str, raw: str, asset: str) -> Address:
    text = raw.strip()
    if not text or any(ch.isspace() for ch in text):
        raise InvalidRecord(f"{asset} address {raw!r} is empty or contains spaces")
    if chain in EVM_CHAINS:
        if not _EVM.match(text):
            raise InvalidRecord(f"{asset} address {raw!r} on {chain} is not 0x followed by 40 hex digits")
        return Address(chain, text.lower(), asset, text)
    return Address(chain, text, asset, text)


def _token_chain(address: str) -> str:
    if _EVM.match(address):
        return "ethereum"
    if _TRON.match(address):
        return "tron"
    if _BTC_LIKE.match(address):
        return "omni"  # USDT issued on Bitcoin through the Omni layer
    return "solana"
