"""Authentication of partner agencies: an API key (looked up by its SHA-256) or a signed JWT.

:class:`Authenticator` is the ``authenticate`` hook of :class:`chokepoint.api.http.GraphQLApp`: it
maps a request to a :class:`Viewer` holding the agency's grants, or raises :class:`Unauthenticated`
(answered with HTTP 401 before any GraphQL runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from chokepoint.api.errors import Unauthenticated
from chokepoint.api.http import HttpRequest
from chokepoint.api.security.config import AccessConfig, JwtIssuer, issuer_key
from chokepoint.api.security.credentials import Credential, key_digest, read_credential
from chokepoint.api.security.policy import viewer_for
from chokepoint.api.security.rs256 import ensure_rs256
from chokepoint.api.viewer import Viewer
from chokepoint.graph.async_adapter import AsyncGraph

REQUIRED_CLAIMS = ["exp", "iss", "aud"]


@dataclass(frozen=True)
class _Issuer:
    config: JwtIssuer
    key: str | bytes


class Authenticator:
    """Built once from the access file; holds no per-request state."""

    def __init__(self, config: AccessConfig) -> None:
        self._viewers = {agency: viewer_for(agency, config) for agency in config.agencies}
        self._agency_by_digest = {
            key.sha256: agency for agency, spec in config.agencies.items() for key in spec.api_keys
        }
        if any(issuer.algorithm == "RS256" for issuer in config.jwt_issuers):
            ensure_rs256()
        self._issuers = {issuer.issuer: _Issuer(issuer, issuer_key(issuer)) for issuer in config.jwt_issuers}

    async def __call__(self, request: HttpRequest, graph: AsyncGraph) -> Viewer:
        return self.viewer(read_credential(request.headers))

    def viewer(self, credential: Credential) -> Viewer:
        """The viewer a credential authenticates, or :class:`Unauthenticated`."""
        agency = (
            self._jwt_agency(credential.value)
            if credential.kind == "jwt"
            else self._key_agency(credential.value)
        )
        return self._viewers[agency]

    def _key_agency(self, key: str) -> str:
        agency = self._agency_by_digest.get(key_digest(key))
        if agency is None:
            raise Unauthenticated("Unknown API key")
        return agency

    def _jwt_agency(self, token: str) -> str:
        issuer = self._issuers.get(_unverified_issuer(token))
        if issuer is None:
            raise Unauthenticated("JWT rejected: its issuer (iss) is not configured")
        spec = issuer.config
        try:
            jwt.decode(
                token,
                issuer.key,
                algorithms=[spec.algorithm],
                audience=spec.audience,
                issuer=spec.issuer,
                leeway=spec.leeway_s,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"JWT rejected: {exc}") from None
        return spec.agency


def _unverified_issuer(token: str) -> Any:
    """``iss`` before verification, only to choose the key; the verified decode checks it again."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthenticated(f"JWT rejected: {exc}") from None
    issuer = claims.get("iss")
    if not isinstance(issuer, str):
        raise Unauthenticated("JWT rejected: it names no issuer (iss)")
    return issuer
