"""Issuing API keys: a new random key is shown once; only its SHA-256 goes into the access file.

Why a plain SHA-256 and not a slow password hash: a key carries 256 bits from ``secrets``, so no one
can guess it from its hash, however fast the hash; slow hashes (bcrypt, argon2) defend guessable
passwords, and would cost every request tens of milliseconds. A stolen access file grants nothing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from chokepoint.api.security.config import AccessConfig, load_access_config
from chokepoint.api.security.credentials import key_digest, new_api_key
from chokepoint.errors import ConfigurationError


def add_key(path: Path, agency: str, label: str | None = None, today: date | None = None) -> str:
    """Add a new key for ``agency`` (created with the file when absent); the key, to show once.

    The file is rewritten from its data: YAML comments in it are not kept.
    """
    raw = _read(path)
    key = new_api_key()
    entry: dict[str, Any] = {"sha256": key_digest(key), "created": (today or date.today()).isoformat()}
    if label:
        entry["label"] = label
    agencies = raw.setdefault("agencies", {}) or {}
    raw["agencies"] = agencies
    agency_spec = agencies.get(agency) or {}
    agency_spec.setdefault("api_keys", []).append(entry)
    agencies[agency] = agency_spec
    _check(raw, path)
    _write(path, raw)
    load_access_config(path)  # the file as written must load
    return key


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    load_access_config(path)  # refuse to edit a file that is already invalid
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ConfigurationError(f"The API access file {path} must be a YAML mapping")
    return raw


def _check(raw: dict[str, Any], path: Path) -> None:
    try:
        AccessConfig.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(f"Cannot add the key to {path}: {where}: {first['msg']}") from exc


def _write(path: Path, raw: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        yaml.safe_dump(raw, out, sort_keys=False, allow_unicode=True)
    temporary.replace(path)
