"""The caller's credential, read from the request headers (no checking of its value here).

``Authorization: Bearer <token>`` carries an API key or a JWT (three dot-separated base64url
parts); ``X-API-Key: <key>`` carries an API key. Exactly one credential must be sent.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from chokepoint.api.errors import Unauthenticated

API_KEY_PREFIX = "cpk_"
MAX_CREDENTIAL_LENGTH = 8_192
_JWT_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_PRINTABLE = re.compile(r"^[\x21-\x7e]+$")


@dataclass(frozen=True)
class Credential:
    kind: Literal["api_key", "jwt"]
    value: str


def read_credential(headers: Mapping[str, str]) -> Credential:
    """The one credential in ``headers`` (lower-case names); :class:`Unauthenticated` otherwise."""
    authorization = headers.get("authorization")
    api_key = headers.get("x-api-key")
    if authorization is not None and api_key is not None:
        raise Unauthenticated("Send one credential: either Authorization or X-API-Key, not both")
    if api_key is not None:
        return Credential("api_key", _checked(api_key.strip(), "X-API-Key"))
    if authorization is None:
        raise Unauthenticated(
            "Authentication required: send 'Authorization: Bearer <API key or JWT>' or 'X-API-Key: <key>'"
        )
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("The Authorization header must be 'Bearer <API key or JWT>'")
    token = _checked(token.strip(), "Bearer token")
    return Credential("jwt" if _JWT_SHAPE.match(token) else "api_key", token)


def _checked(value: str, where: str) -> str:
    if len(value) > MAX_CREDENTIAL_LENGTH:
        raise Unauthenticated(f"The {where} is longer than {MAX_CREDENTIAL_LENGTH} characters")
    if not _PRINTABLE.match(value):
        raise Unauthenticated(f"The {where} must be printable ASCII without spaces")
    return value


def key_digest(key: str) -> str:
    """What the access file stores for an API key: its SHA-256, in hex."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_api_key() -> str:
    """A fresh API key with 256 bits of randomness (so a plain SHA-256 of it cannot be brute-forced)."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)
