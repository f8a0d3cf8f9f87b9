"""Is a crypto address well formed for its chain? One small validator per address family.

Each validator returns ``True`` when it verified a checksum, ``None`` when the form carries none it
could verify (an all-lower-case EVM address, a format-only chain), and raises :class:`AddressError`
with the exact reason otherwise.

Real checksums: Bitcoin, Omni and Bitcoin SV (base58check P2PKH/P2SH; Bitcoin also bech32 v0 and
bech32m v1+), Litecoin (base58check and ``ltc`` bech32/bech32m), Dash, Zcash transparent addresses,
Bitcoin Gold, Verge (base58check), Bitcoin Cash (base58check and CashAddr), Tron (base58check, version
0x41), Ripple (base58check in the XRP alphabet), BNB Beacon Chain (``bnb`` bech32), Zcash Sapling
(``zs`` bech32), and the EVM chains (EIP-55, when the address is written in mixed case).
Format only (length and alphabet): Monero, Solana; ``other`` gets no check.

Libraries: ``base58`` (base58check), ``bech32`` (the BIP-173 reference code: its polymod, charset and
bit regrouping; version 1.2 predates BIP-350, so the bech32m constant is checked here), and
``eth_hash`` (Keccak-256 for EIP-55). The CashAddr checksum has no packaged implementation in our
dependencies; its 40-bit BCH polymod (from the CashAddr spec) is a few lines below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import base58
import bech32
from eth_hash.auto import keccak

Verdict = bool | None  # True: checksum verified; None: nothing to verify


class AddressError(ValueError):
    """Why an address is not valid for its chain (bad checksum, wrong version byte, testnet …)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# base58check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base58Family:
    """Version prefixes (all of one length) of a base58check family; the payload is a 20-byte hash."""

    mainnet: Mapping[bytes, str]  # version prefix -> kind (P2PKH, P2SH …)
    testnet: frozenset[bytes] = field(default_factory=frozenset)
    alphabet: bytes = base58.BITCOIN_ALPHABET
    payload: int = 20


def check_base58(text: str, family: Base58Family) -> Verdict:
    """Base58check: alphabet, decoded length, the 4-byte double-SHA-256 checksum, version prefix."""
    _require_alphabet(text, family.alphabet.decode("ascii"), "base58")
    size = len(next(iter(family.mainnet))) + family.payload
    decoded = len(base58.b58decode(text, alphabet=family.alphabet))
    if decoded != size + 4:
        raise AddressError(f"bad length: decodes to {decoded} bytes (expected {size + 4})")
    try:
        data = base58.b58decode_check(text, alphabet=family.alphabet)
    except ValueError:
        raise AddressError("bad base58check checksum") from None
    testnet = next((p for p in family.testnet if data.startswith(p)), None)
    if testnet is not None:
        raise AddressError(f"testnet address (version {_hex(testnet)})")
    if not any(data.startswith(prefix) for prefix in family.mainnet):
        expected = " or ".join(f"{_hex(p)} ({kind})" for p, kind in family.mainnet.items())
        raise AddressError(f"wrong version byte {_hex(data[:1])} (expected {expected})")
    return True


def _hex(prefix: bytes) -> str:
    return "0x" + prefix.hex()


def _require_alphabet(text: str, alphabet: str, name: str) -> None:
    for position, char in enumerate(text, 1):
        if char not in alphabet:
            raise AddressError(f"invalid character {char!r} at position {position} (not {name})")


# bech32 / bech32m (BIP-173, BIP-350) ---------------------------------------------------------

_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _bech32_parts(text: str, hrp: str, testnet_hrps: Sequence[str]) -> tuple[list[int], int]:
    """The data values (checksum removed) and checksum constant of a bech32/bech32m string."""
    if text.lower() != text and text.upper() != text:
        raise AddressError("mixed upper and lower case (bech32 is one case)")
    lower = text.lower()
    separator = lower.rfind("1")
    got = lower[:separator] if separator > 0 else ""
    if got in testnet_hrps:
        raise AddressError(f"testnet address (prefix {got!r})")
    if got != hrp:
        raise AddressError(f"wrong prefix {got!r} (expected {hrp!r})")
    body = lower[separator + 1 :]
    _require_alphabet(body, bech32.CHARSET, "bech32")
    if len(body) < 7:
        raise AddressError(f"bad length: {len(text)} characters is too short for bech32")
    values = [bech32.CHARSET.find(char) for char in body]
    constant = bech32.bech32_polymod(bech32.bech32_hrp_expand(hrp) + values)
    if constant not in (_BECH32_CONST, _BECH32M_CONST):
        raise AddressError("bad bech32 checksum")
    return values[:-6], constant


def check_segwit(text: str, hrp: str, testnet_hrps: Sequence[str] = ()) -> Verdict:
    """A segwit address: witness v0 in bech32 (BIP-173), v1 and later in bech32m (BIP-350)."""
    if len(text) > 90:
        raise AddressError(f"bad length: {len(text)} characters (segwit addresses have at most 90)")
    values, constant = _bech32_parts(text, hrp, testnet_hrps)
    if not values:
        raise AddressError("bad length: no witness version")
    version, program = values[0], bech32.convertbits(values[1:], 5, 8, False)
    if version > 16:
        raise AddressError(f"bad witness version {version}")
    if program is None or not 2 <= len(program) <= 40:
        raise AddressError("bad length: witness program is not 2 to 40 bytes")
    if version == 0 and len(program) not in (20, 32):
        raise AddressError(f"bad length: witness v0 program of {len(program)} bytes (20 or 32)")
    if version == 0 and constant != _BECH32_CONST:
        raise AddressError("witness v0 address with a bech32m checksum (v0 uses bech32)")
    if version > 0 and constant != _BECH32M_CONST:
        raise AddressError(f"witness v{version} address with a bech32 checksum (BIP-350: bech32m)")
    return True


def check_bech32_payload(text: str, hrp: str, size: int, testnet_hrps: Sequence[str] = ()) -> Verdict:
    """A plain bech32 address whose data is a ``size``-byte payload (BNB Beacon, Zcash Sapling)."""
    values, constant = _bech32_parts(text, hrp, testnet_hrps)
    if constant != _BECH32_CONST:
        raise AddressError("bad bech32 checksum (bech32m where bech32 is expected)")
    payload = bech32.convertbits(values, 5, 8, False)
    if payload is None or len(payload) != size:
        raise AddressError(f"bad length: payload is not {size} bytes")
    return True


# CashAddr (Bitcoin Cash) ---------------------------------------------------------------------

_CASHADDR_GENERATORS = (0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470)
_CASHADDR_KINDS = {0: "P2PKH", 1: "P2SH"}


def _cashaddr_polymod(values: Sequence[int]) -> int:
    checksum = 1
    for value in values:
        top = checksum >> 35
        checksum = ((checksum & 0x07FFFFFFFF) << 5) ^ value
        for bit, generator in enumerate(_CASHADDR_GENERATORS):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum ^ 1


def check_cashaddr(text: str) -> Verdict:
    """``bitcoincash:q…`` / ``p…`` (the prefix may be left out); 160-bit hashes only."""
    if text.lower() != text and text.upper() != text:
        raise AddressError("mixed upper and lower case (CashAddr is one case)")
    prefix, _, body = text.lower().rpartition(":")
    if prefix in ("bchtest", "bchreg"):
        raise AddressError(f"testnet address (prefix {prefix!r})")
    if prefix not in ("", "bitcoincash"):
        raise AddressError(f"wrong prefix {prefix!r} (expected 'bitcoincash')")
    _require_alphabet(body, bech32.CHARSET, "CashAddr base32")
    if len(body) != 42:
        raise AddressError(f"bad length: {len(body)} characters after the prefix (expected 42)")
    values = [bech32.CHARSET.find(char) for char in body]
    if _cashaddr_polymod([ord(char) & 0x1F for char in "bitcoincash"] + [0] + values) != 0:
        raise AddressError("bad CashAddr checksum")
    payload = bech32.convertbits(values[:-8], 5, 8, False)
    if payload is None or len(payload) != 21:
        raise AddressError("bad length: payload is not a version byte and a 20-byte hash")
    if payload[0] >> 3 not in _CASHADDR_KINDS or payload[0] & 0x07 != 0:
        raise AddressError(f"wrong version byte {payload[0]:#04x} (expected 0x00 P2PKH or 0x08 P2SH)")
    return True


# EVM (EIP-55) --------------------------------------------------------------------------------

EVM_CHAINS = frozenset({"ethereum", "ethereum-classic", "arbitrum", "bsc", "polygon"})
_EVM = re.compile(r"^0x[0-9a-fA-F]{40}$")


def check_evm(text: str) -> Verdict:
    """0x + 40 hex digits; a mixed-case address must carry its EIP-55 checksum."""
    if not text.startswith("0x"):
        raise AddressError("does not start with 0x")
    _require_alphabet(text[2:], "0123456789abcdefABCDEF", "hex")
    if not _EVM.match(text):
        raise AddressError(f"bad length: {len(text) - 2} hex digits after 0x (expected 40)")
    body = text[2:]
    if body in (body.lower(), body.upper()):
        return None
    expected = eip55(body)
    if body != expected:
        raise AddressError(f"bad EIP-55 checksum (the checksummed form is 0x{expected})")
    return True


def eip55(hex_digits: str) -> str:
    """The EIP-55 mixed-case form of 40 hex digits (without 0x)."""
    lower = hex_digits.lower()
    digest = keccak(lower.encode("ascii")).hex()
    return "".join(char.upper() if int(digest[i], 16) >= 8 else char for i, char in enumerate(lower))


# format-only families ------------------------------------------------------------------------

_B58 = base58.BITCOIN_ALPHABET.decode("ascii")


def check_monero(text: str) -> Verdict:
    """Format only: 95 (standard, subaddress) or 106 (integrated) base58 characters, mainnet 4 or 8."""
    _require_alphabet(text, _B58, "base58")
    if len(text) not in (95, 106):
        raise AddressError(f"bad length: {len(text)} characters (expected 95 or 106)")
    if text[0] not in "48":
        raise AddressError(f"wrong network prefix {text[0]!r} (mainnet addresses start with 4 or 8)")
    return None


def check_solana(text: str) -> Verdict:
    """Format only: base58 of a 32-byte public key (Solana addresses carry no checksum)."""
    _require_alphabet(text, _B58, "base58")
    size = len(base58.b58decode(text))
    if size != 32:
        raise AddressError(f"bad length: decodes to {size} bytes (expected a 32-byte key)")
    return None


def check_nothing(text: str) -> Verdict:
    return None


# chains --------------------------------------------------------------------------------------

_BITCOIN = Base58Family({b"\x00": "P2PKH", b"\x05": "P2SH"}, frozenset({b"\x6f", b"\xc4"}))
_LITECOIN = Base58Family(
    {b"\x30": "P2PKH", b"\x32": "P2SH", b"\x05": "legacy P2SH"}, frozenset({b"\x6f", b"\x3a", b"\xc4"})
)
_DASH = Base58Family({b"\x4c": "P2PKH", b"\x10": "P2SH"}, frozenset({b"\x8c", b"\x13"}))
_ZCASH = Base58Family(
    {b"\x1c\xb8": "t1 P2PKH", b"\x1c\xbd": "t3 P2SH"}, frozenset({b"\x1d\x25", b"\x1c\xba"})
)
_BITCOIN_GOLD = Base58Family({b"\x26": "P2PKH", b"\x17": "P2SH"}, frozenset({b"\x6f", b"\xc4"}))
_VERGE = Base58Family({b"\x1e": "P2PKH", b"\x21": "P2SH"})
_TRON = Base58Family({b"\x41": "Tron"})
_RIPPLE = Base58Family({b"\x00": "account"}, alphabet=base58.RIPPLE_ALPHABET)


def _bitcoin_like(
    family: Base58Family, hrp: str | None = None, testnet: Sequence[str] = ()
) -> Callable[[str], Verdict]:
    def base58check(text: str) -> Verdict:
        return check_base58(text, family)

    if hrp is None:
        return base58check

    def segwit(text: str) -> Verdict:
        if text.lower().startswith(hrp + "1") or any(text.lower().startswith(t + "1") for t in testnet):
            return check_segwit(text, hrp, testnet)
        return base58check(text)

    return segwit


CHAIN_CHECKS: dict[str, Callable[[str], Verdict]] = {
    "bitcoin": _bitcoin_like(_BITCOIN, "bc", ("tb", "bcrt")),
    "omni": _bitcoin_like(_BITCOIN),
    "bitcoin-sv": _bitcoin_like(_BITCOIN),
    "litecoin": _bitcoin_like(_LITECOIN, "ltc", ("tltc", "rltc")),
    "bitcoin-gold": _bitcoin_like(_BITCOIN_GOLD, "btg", ("tbtg",)),
    "dash": _bitcoin_like(_DASH),
    "verge": _bitcoin_like(_VERGE),
    "tron": lambda text: check_base58(text, _TRON),
    "ripple": lambda text: check_base58(text, _RIPPLE),
    "zcash": lambda text: (
        check_bech32_payload(text, "zs", 43, ("ztestsapling",))
        if text.lower().startswith(("zs1", "ztestsapling1"))
        else check_base58(text, _ZCASH)
    ),
    "bitcoin-cash": lambda text: (
        check_base58(text, _BITCOIN) if text[:1] in ("1", "3", "m", "n", "2") else check_cashaddr(text)
    ),
    "bnb-beacon": lambda text: check_bech32_payload(text, "bnb", 20, ("tbnb",)),
    "monero": check_monero,
    "solana": check_solana,
    "other": check_nothing,
}
CHAIN_CHECKS.update(dict.fromkeys(EVM_CHAINS, check_evm))


def check_address(chain: str, text: str) -> Verdict:
    """Validate ``text`` as an address on ``chain``; unknown chains get no check."""
    return CHAIN_CHECKS.get(chain, check_nothing)(text)
