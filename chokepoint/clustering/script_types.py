"""The script type of a Bitcoin mainnet address, read from its form (no checksum check: ingest did it).

``p2pkh`` starts with 1, ``p2sh`` with 3, native segwit v0 with ``bc1q`` (42 characters: ``p2wpkh``,
a 20-byte key hash; 62: ``p2wsh``, a 32-byte script hash) and taproot with ``bc1p``. Anything else
(other chains, testnet, unknown forms) has no type, and the rules that compare types do not apply.
"""

from __future__ import annotations

P2WPKH_LENGTH = 42
P2WSH_LENGTH = 62


def script_type(address: str) -> str | None:
    """``p2pkh``, ``p2sh``, ``p2wpkh``, ``p2wsh``, ``p2tr`` or None."""
    if address.startswith("1"):
        return "p2pkh"
    if address.startswith("3"):
        return "p2sh"
    lowered = address.lower()
    if lowered.startswith("bc1q"):
        return {P2WPKH_LENGTH: "p2wpkh", P2WSH_LENGTH: "p2wsh"}.get(len(lowered))
    if lowered.startswith("bc1p"):
        return "p2tr"
    return None
