"""Well-formed identifiers: crypto addresses with valid checksums, USCC and RFC numbers, passports.

Each function takes the caller's ``random.Random`` so output depends on the seed only.
"""

from __future__ import annotations

import random

import base58
import bech32

from chokepoint.ingest import address_checks

# GB 32100-2015 (Chinese Unified Social Credit Code) alphabet and weights.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code
# SAT alphabet for the RFC check digit (position = value).
_RFC_VALUES = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
_UPPER = "ABCDEFGHIJKLMNPQRSTUVWXYZ"


def btc_p2pkh(rng: random.Random) -> str:
    """A legacy Bitcoin address (base58check, version 0)."""
    return base58.b58encode_check(b"\x00" + rng.randbytes(20)).decode("ascii")


def btc_bech32(rng: random.Random) -> str:
    """A native SegWit v0 Bitcoin address (bc1q…)."""
    encoded = bech32.encode("bc", 0, list(rng.randbytes(20)))
    assert encoded is not None  # a 20-byte v0 program always encodes
    return str(encoded)


def tron(rng: random.Random) -> str:
    """A TRON address (base58check, prefix 0x41, starts with T)."""
    return base58.b58encode_check(b"\x41" + rng.randbytes(20)).decode("ascii")


def ethereum(rng: random.Random) -> str:
    """An Ethereum address in EIP-55 checksum case."""
    return eip55(rng.randbytes(20).hex())


def eip55(hex40: str) -> str:
    """``0x`` + the checksummed form, by the same code ingest validates with."""
    return "0x" + address_checks.eip55(hex40)


def tx_hash(rng: random.Random, chain: str) -> str:
    text = f"{rng.getrandbits(256):064x}"
    return "0x" + text if chain == "ethereum" else text


def pgp_fingerprint(rng: random.Random) -> str:
    return f"{rng.getrandbits(160):040X}"


def uscc(rng: random.Random, division: str) -> str:
    """A Chinese Unified Social Credit Code for an enterprise registered in ``division`` (6 digits)."""
    org_body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    body = "91" + division + org_body + _org_check(org_body)
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(body, _USCC_WEIGHTS, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


def _org_check(body: str) -> str:
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def rfc_moral(rng: random.Random, name: str, founded: str) -> str:
    """A Mexican RFC of a company (persona moral): 3 letters, YYMMDD founding date, homoclave."""
    letters = [w[0] for w in name.upper().split() if w[0].isalpha() and w not in _RFC_STOPWORDS]
    letters = (letters + list("XXX"))[:3]
    body = "".join(letters) + founded[2:4] + founded[5:7] + founded[8:10]
    body += rng.choice(_UPPER) + rng.choice("123456789")
    padded = " " + body
    total = sum(_RFC_VALUES.index(ch) * (13 - i) for i, ch in enumerate(padded))
    check = (11 - total % 11) % 11
    return body + ("A" if check == 10 else str(check))


_RFC_STOPWORDS = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y", "S.A.", "C.V.", "S", "A", "EL"})


def passport(rng: random.Random, country: str) -> str:
    if country == "CN":
        return "E" + f"{rng.randrange(10**8):08d}"
    if country == "MX":
        return rng.choice("GNP") + f"{rng.randrange(10**8):08d}"
    return f"{rng.randrange(5 * 10**8, 10**9):09d}"


def imei(rng: random.Random) -> str:
    """A 15-digit IMEI with its Luhn check digit."""
    body = "35" + f"{rng.randrange(10**12):012d}"
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)
