"""Crypto addresses: map OFAC currency codes to chain and asset, and normalise and validate addresses.

The identity of an address is (chain, normalised address). EVM addresses are case-insensitive
(EIP-55 only adds a checksum through letter case), so they are stored lower-case and a checksummed
form a source wrote is kept in ``displayForm``. Other chains' addresses are case-sensitive and kept as
written.

Every address is checked for its chain by :mod:`chokepoint.ingest.address_checks` (its docstring says
which chains get real checksums: the bitcoin family, tron, ripple, bnb-beacon and EIP-55 on EVM
chains; monero and solana get format checks only). ``normalise`` is strict by default: an address
that fails raises InvalidRecord naming the address, the chain and the reason. Adapters of official
sanctions lists pass ``strict=False``: a list must load every address it publishes, so a failing one
is kept and marked ``checksum_valid=False`` (the ``checksumValid`` property) instead of dropped.
Lenient mode refuses only what was always refused: empty or spaced text, and on EVM chains anything
but 0x and 40 hex digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chokepoint.errors import InvalidRecord
from chokepoint.ingest.address_checks import EVM_CHAINS, AddressError, check_address

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
    checksum_valid: bool | None = None  # None: the chain or the form carries no checksum to verify

    @property
    def checksummed_form(self) -> str | None:
        """What a source stores as ``displayForm``: the written form when it passed its checksum and
        says more than the address (EIP-55 case), else nothing. Explorers and lists also print EVM
        addresses lower-case; storing that form would undo the checksummed one another source gave,
        and back again at each reload, whichever loaded first or last."""
        return self.display_form if self.checksum_valid and self.display_form != self.address else None


def from_ofac_code(code: str, raw: str, *, strict: bool = True) -> Address:
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
    return normalise(chain, text, asset, strict=strict)


def guess(raw: str, *, strict: bool = True) -> Address:
    """Chain and asset from the address form alone (sources that do not name the currency)."""
    text = raw.strip()
    if _EVM.match(text):
        return normalise("ethereum", text, "ETH", strict=strict)
    if _TRON.match(text):
        return normalise("tron", text, "TRX", strict=strict)
    if _BTC_LIKE.match(text) or text.lower().startswith("bc1"):
        return normalise("bitcoin", text, "BTC", strict=strict)
    return normalise("other", text, "UNKNOWN", strict=strict)


def normalise(chain: str, raw: str, asset: str, *, strict: bool = True) -> Address:
    """The (chain, address) identity of ``raw``, checked for its chain.

    ``strict=False`` (official sanctions lists) keeps an address that fails its chain's check and
    marks it ``checksum_valid=False``. Refused either way: an empty address, one with spaces, and on
    EVM chains anything but 0x and 40 hex digits (its lower-cased identity would mean nothing).
    """
    text = raw.strip()
    if not text or any(ch.isspace() for ch in text):
        raise InvalidRecord(f"{asset} address {raw!r} on {chain} is empty or contains spaces")
    address = text.lower() if chain in EVM_CHAINS else text
    try:
        verdict = check_address(chain, text)
    except AddressError as exc:
        if strict or (chain in EVM_CHAINS and not _EVM.match(text)):
            raise InvalidRecord(f"{asset} address {text!r} on {chain}: {exc.reason}") from None
        verdict = False
    return Address(chain, address, asset, text, verdict)


def _token_chain(address: str) -> str:
    if _EVM.match(address):
        return "ethereum"
    if _TRON.match(address):
        return "tron"
    if _BTC_LIKE.match(address):
        return "omni"  # USDT issued on Bitcoin through the Omni layer
    return "solana"
