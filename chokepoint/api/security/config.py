"""The access file (``CHOKEPOINT_API_CONFIG``): agencies and their hashed API keys, JWT issuers, the
sharing policy, limits and persisted queries. Typed with pydantic, so a mistyped key fails at start-up.

See ``docs/api-access.example.yaml`` for a commented example.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from chokepoint.errors import ConfigurationError
from chokepoint.schema.vocabulary import ORIGINATOR_CAVEATS, SHAREABLE_CAVEATS

MIN_WEBHOOK_SECRET = 32  # characters of a webhook signing secret

SHA256_HEX = r"^[0-9a-f]{64}$"
AGENCY_NAME = r"^[A-Z][A-Z0-9_-]{0,31}$"
EVERY_AGENCY = "*"
MIN_HMAC_SECRET_BYTES = 32


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApiKey(_Strict):
    """One API key, stored as the SHA-256 of the key (the key itself is shown once, never stored)."""

    sha256: str = Field(pattern=SHA256_HEX)
    label: str | None = None
    created: date | None = None


class Agency(_Strict):
    api_keys: list[ApiKey] = Field(default_factory=list)


class JwtIssuer(_Strict):
    """A partner's identity provider: tokens it signs authenticate as ``agency``."""

    issuer: str = Field(min_length=1)
    agency: str = Field(pattern=AGENCY_NAME)
    audience: str = Field(min_length=1)
    algorithm: Literal["HS256", "RS256"]
    secret_env: str | None = None  # HS256: name of the environment variable holding the secret
    public_key_file: Path | None = None  # RS256: PEM public key, relative to the access file
    leeway_s: int = Field(default=30, ge=0, le=300)

    @model_validator(mode="after")
    def _key_for_algorithm(self) -> JwtIssuer:
        if self.algorithm == "HS256" and (self.secret_env is None or self.public_key_file is not None):
            raise ValueError(f"issuer {self.issuer!r}: HS256 needs secret_env (and no public_key_file)")
        if self.algorithm == "RS256" and (self.public_key_file is None or self.secret_env is not None):
            raise ValueError(f"issuer {self.issuer!r}: RS256 needs public_key_file (and no secret_env)")
        return self


class Limits(_Strict):
    """What one operation may ask for; see ``docs/api.md`` for how cost is counted."""

    max_depth: int = Field(default=12, ge=1)
    max_aliases: int = Field(default=15, ge=0)
    max_tokens: int = Field(default=2_000, ge=10)
    max_cost: int = Field(default=10_000, ge=1)
    max_repeats: int = Field(default=20, ge=1)  # fields sharing one response name in one selection
    max_overlap: int = Field(default=2_000, ge=1)  # field comparisons of overlapping selections (shape.py)
    max_validation_ms: int = Field(default=250, ge=0)  # budget of the GraphQL rules (thread time less GC)


class PersistedQueriesConfig(_Strict):
    file: Path  # JSON object {sha256: query}, relative to the access file
    only: bool = False  # True: reject every query that is not in the file


class Contact(_Strict):
    """Whom another agency should call about an element: at least one way to reach the owner."""

    desk: str | None = Field(default=None, min_length=1, max_length=200)
    phone: str | None = Field(default=None, min_length=3, max_length=50)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if self.desk is None and self.phone is None and self.email is None:
            raise ValueError("a contact needs a desk, a phone or an email")
        return self


class DeconflictionOptIn(_Strict):
    """An owner agency's consent to deconfliction pointers: when another agency's answer holds an
    element that also carries the owner's records hidden from it, at one of ``caveats``, the answer
    names the owner and ``contact`` (nothing else of those records), and the owner gets a notice.
    ORCON records give pointers only when ``caveats`` lists ORCON *and* ``originator_controlled``."""

    contact: Contact
    caveats: list[str] = Field(min_length=1)
    originator_controlled: bool = False
    notice_window_minutes: int = Field(default=60, ge=0, le=525_600)  # one notice per agency, element, window

    @model_validator(mode="after")
    def _known_caveats(self) -> DeconflictionOptIn:
        for caveat in self.caveats:
            if caveat not in SHAREABLE_CAVEATS and caveat not in ORIGINATOR_CAVEATS:
                allowed = ", ".join((*SHAREABLE_CAVEATS, *ORIGINATOR_CAVEATS))
                raise ValueError(f"caveat {caveat!r} gives no pointers (public or unknown); name {allowed}")
        originator = [c for c in self.caveats if c in ORIGINATOR_CAVEATS]
        if originator and not self.originator_controlled:
            raise ValueError(
                f"{originator[0]} records are originator controlled: pointers to them need "
                "originator_controlled: true as well"
            )
        if self.originator_controlled and not originator:
            raise ValueError(
                "originator_controlled is true but caveats lists no originator-controlled caveat"
            )
        return self


class Webhook(_Strict):
    """Where an agency's alerts are also POSTed (``chokepoint/alerts/webhooks.py``), signed with the
    secret held in the environment variable ``secret_env`` (never in this file)."""

    url: str = Field(pattern=r"^https?://[^\s/]+(/\S*)?$", max_length=2000)
    secret_env: str = Field(pattern=r"^[A-Z_][A-Z0-9_]*$", max_length=100)

    def secret(self) -> bytes:
        """The signing secret; a :class:`ValueError` naming the variable when it is unset or short."""
        value = os.environ.get(self.secret_env, "")
        if len(value) < MIN_WEBHOOK_SECRET:
            raise ValueError(
                f"the environment variable {self.secret_env} must hold the webhook's signing secret "
                f"(at least {MIN_WEBHOOK_SECRET} characters)"
            )
        return value.encode("utf-8")


class AccessConfig(_Strict):
    agencies: dict[str, Agency] = Field(default_factory=dict)
    jwt_issuers: list[JwtIssuer] = Field(default_factory=list)
    sharing: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    limits: Limits = Field(default_factory=Limits)
    introspection: bool | None = None  # None: on in development, off in production
    persisted_queries: PersistedQueriesConfig | None = None
    deconfliction: dict[str, DeconflictionOptIn] = Field(default_factory=dict)
    webhooks: dict[str, Webhook] = Field(default_factory=dict)

    @field_validator("agencies")
    @classmethod
    def _agency_names(cls, agencies: dict[str, Agency]) -> dict[str, Agency]:
        for name in agencies:
            _check_agency_name(name, "agencies")
        return agencies

    @model_validator(mode="after")
    def _cross_checks(self) -> AccessConfig:
        self._check_unique_keys()
        for issuer in self.jwt_issuers:
            if issuer.agency not in self.agencies:
                raise ValueError(
                    f"jwt issuer {issuer.issuer!r} names agency {issuer.agency!r}, not in agencies"
                )
        for owner, by_caveat in self.sharing.items():
            _check_agency_name(owner, "sharing")
            for caveat, readers in by_caveat.items():
                self._check_share(owner, caveat, readers)
        for owner in self.deconfliction:
            _check_agency_name(owner, "deconfliction")
            if owner not in self.agencies:  # its notices are read through the API, as itself
                raise ValueError(f"deconfliction: {owner!r} opts in but is not an agency in agencies")
        for agency, hook in self.webhooks.items():
            if agency not in self.agencies:
                raise ValueError(f"webhooks: {agency!r} is not an agency in agencies")
            try:
                hook.secret()
            except ValueError as exc:
                raise ValueError(f"webhooks.{agency}: {exc}") from None
        return self

    def _check_unique_keys(self) -> None:
        seen: dict[str, str] = {}
        for name, agency in self.agencies.items():
            for key in agency.api_keys:
                if key.sha256 in seen:
                    raise ValueError(f"an API key hash is listed for both {seen[key.sha256]} and {name}")
                seen[key.sha256] = name

    def _check_share(self, owner: str, caveat: str, readers: list[str]) -> None:
        if caveat not in SHAREABLE_CAVEATS:
            never = caveat in ORIGINATOR_CAVEATS
            why = "is originator-controlled and never shared" if never else "is not shareable"
            allowed = ", ".join(SHAREABLE_CAVEATS)
            raise ValueError(f"sharing.{owner}.{caveat}: {caveat} {why}; share one of {allowed}")
        for reader in readers:
            if reader != EVERY_AGENCY and reader not in self.agencies:
                raise ValueError(
                    f"sharing.{owner}.{caveat}: {reader!r} is not an agency in agencies (or '*')"
                )


def _check_agency_name(name: str, where: str) -> None:
    if not re.fullmatch(AGENCY_NAME, name):
        raise ValueError(f"{where}: {name!r} is not an agency name (upper-case letters, digits, - or _)")


def load_access_config(path: Path) -> AccessConfig:
    """Read and check the access file; relative file paths in it are made relative to its folder."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigurationError(f"Cannot read the API access file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"The API access file {path} is not valid YAML: {exc}") from exc
    try:
        config = AccessConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigurationError(f"The API access file {path} is invalid: {problems}") from exc
    return _resolve_paths(config, path.parent)


def _resolve_paths(config: AccessConfig, base: Path) -> AccessConfig:
    issuers = [
        issuer.model_copy(update={"public_key_file": base / issuer.public_key_file})
        if issuer.public_key_file is not None
        else issuer
        for issuer in config.jwt_issuers
    ]
    persisted = config.persisted_queries
    if persisted is not None:
        persisted = persisted.model_copy(update={"file": base / persisted.file})
    return config.model_copy(update={"jwt_issuers": issuers, "persisted_queries": persisted})


def issuer_key(issuer: JwtIssuer) -> str | bytes:
    """The verification key of an issuer: the HS256 secret (from its variable) or the RS256 PEM."""
    if issuer.algorithm == "HS256":
        assert issuer.secret_env is not None  # checked by the model
        secret = os.environ.get(issuer.secret_env, "")
        if len(secret.encode()) < MIN_HMAC_SECRET_BYTES:
            raise ConfigurationError(
                f"JWT issuer {issuer.issuer!r}: set {issuer.secret_env} to a secret of at least "
                f"{MIN_HMAC_SECRET_BYTES} bytes"
            )
        return secret.encode()
    assert issuer.public_key_file is not None
    try:
        return issuer.public_key_file.read_bytes()
    except OSError as exc:
        raise ConfigurationError(
            f"JWT issuer {issuer.issuer!r}: cannot read {issuer.public_key_file}: {exc.strerror}"
        ) from exc
