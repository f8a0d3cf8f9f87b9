"""RS256 for PyJWT without the ``cryptography`` package: PKCS#1 v1.5 over SHA-256 with pycryptodome.

PyJWT verifies RSA signatures only when ``cryptography`` is installed; Chokepoint already ships
pycryptodome (through ``eth-hash[pycryptodome]``), so :func:`ensure_rs256` registers this algorithm
when PyJWT has none. With ``cryptography`` present, PyJWT's own implementation is used.
"""

from __future__ import annotations

from typing import Any

import jwt
from Crypto.Hash import SHA256
from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15
from jwt.algorithms import Algorithm

NAME = "RS256"


class PycryptodomeRS256(Algorithm):
    """RSASSA-PKCS1-v1_5 with SHA-256 (JWA ``RS256``); keys are PEM text or bytes."""

    def prepare_key(self, key: Any) -> RSA.RsaKey:
        pem = key.encode() if isinstance(key, str) else key
        try:
            return RSA.import_key(pem)
        except (ValueError, IndexError, TypeError) as exc:
            raise jwt.InvalidKeyError(f"not an RSA key in PEM form: {exc}") from exc

    def sign(self, msg: bytes, key: RSA.RsaKey) -> bytes:
        return bytes(pkcs1_15.new(key).sign(SHA256.new(msg)))

    def verify(self, msg: bytes, key: RSA.RsaKey, sig: bytes) -> bool:
        try:
            pkcs1_15.new(key).verify(SHA256.new(msg), sig)
        except (ValueError, TypeError):
            return False
        return True

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        raise NotImplementedError("JWK export is not supported")

    @staticmethod
    def from_jwk(jwk: str | dict[str, Any]) -> Any:
        raise NotImplementedError("JWK import is not supported")


def ensure_rs256() -> None:
    """Make ``RS256`` available to PyJWT's module-level ``decode`` and ``encode`` (idempotent)."""
    try:
        jwt.get_algorithm_by_name(NAME)
    except NotImplementedError:
        jwt.register_algorithm(NAME, PycryptodomeRS256())
