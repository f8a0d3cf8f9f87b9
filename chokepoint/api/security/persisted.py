"""Persisted queries: an allow-list of query SHA-256 hashes, and Apollo-style automatic persisting.

A request may send ``extensions.persistedQuery.sha256Hash`` (the hex SHA-256 of the query text)
with or without the query. Without it, the text comes from the allow-list file or from a query an
earlier request registered (Apollo APQ: hash and text together). With ``only`` (production), every
query must be in the allow-list, sent by hash or in full; nothing is registered.

Registrations are private to the agency that made them: a hash another agency registered is
unknown to this one, so no agency can learn whether another sent a given text. Each agency's
registrations are bounded in count and in bytes (the least recently used go first), and a text
longer than ``MAX_REGISTERED_TEXT`` bytes runs but is not kept.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from chokepoint.api.errors import RequestRejected
from chokepoint.errors import ConfigurationError

NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
NOT_ALLOWED_CODE = "PERSISTED_QUERY_NOT_ALLOWED"
MISMATCH_CODE = "PERSISTED_QUERY_HASH_MISMATCH"
MAX_REGISTERED = 1_000  # texts kept per agency
MAX_REGISTERED_BYTES = 2_000_000  # UTF-8 bytes of the texts kept per agency
MAX_REGISTERED_TEXT = 20_000  # bytes; a longer text is not registered (as limits.MAX_CACHED_TEXT)


def query_hash(query: str) -> str:
    """The SHA-256 of a query's text, in hex (the Apollo APQ hash and the audit log's queryHash)."""
    return hashlib.sha256(query.encode()).hexdigest()


def load_allow_list(path: Path) -> dict[str, str]:
    """The allow-list file: a JSON object ``{sha256: query}``; every hash must match its query."""
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"Cannot read the persisted queries file {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"The persisted queries file {path} is not JSON: {exc}") from exc
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ConfigurationError(f"The persisted queries file {path} must be a JSON object {{sha256: query}}")
    for digest, query in raw.items():
        if query_hash(query) != digest:
            raise ConfigurationError(
                f"The persisted queries file {path}: {digest[:16]}… is not the SHA-256 of its query"
            )
    return dict(raw)


class _Registry:
    """One agency's registered texts, least recently used first, with their total size in bytes."""

    def __init__(self) -> None:
        self.texts: OrderedDict[str, str] = OrderedDict()
        self.size = 0

    def get(self, digest: str) -> str | None:
        found = self.texts.get(digest)
        if found is not None:
            self.texts.move_to_end(digest)
        return found

    def add(self, digest: str, query: str) -> None:
        size = len(query.encode())
        if size > MAX_REGISTERED_TEXT or digest in self.texts:
            self.get(digest)
            return
        self.texts[digest] = query
        self.size += size
        while len(self.texts) > MAX_REGISTERED or self.size > MAX_REGISTERED_BYTES:
            _, dropped = self.texts.popitem(last=False)
            self.size -= len(dropped.encode())


class PersistedQueries:
    """Resolves a request's query text; one instance per app (the APQ registries are in memory,
    one per agency)."""

    def __init__(self, allowed: dict[str, str] | None = None, only: bool = False) -> None:
        self._allowed = dict(allowed or {})
        self._only = only
        self._registered: dict[str, _Registry] = {}
        self._lock = threading.Lock()

    def resolve(self, query: str | None, sha256: str | None, agency: str = "") -> str:
        """The query ``agency`` asks to run, or :class:`RequestRejected` (unknown hash, mismatch,
        not allowed)."""
        if query is None:
            return self._by_hash(sha256 or "", agency)
        digest = query_hash(query)
        if sha256 is not None and sha256.lower() != digest:
            raise RequestRejected(
                f"persistedQuery.sha256Hash {sha256[:64]!r} is not the SHA-256 of the query sent",
                MISMATCH_CODE,
            )
        if self._only and digest not in self._allowed:
            raise RequestRejected(
                f"Query rejected: only persisted queries are accepted, and {digest} is not in the allow-list",
                NOT_ALLOWED_CODE,
            )
        if sha256 is not None and not self._only and digest not in self._allowed:
            with self._lock:
                self._registered.setdefault(agency, _Registry()).add(digest, query)
        return query

    def registered_bytes(self, agency: str) -> int:
        """The UTF-8 size of the texts ``agency`` has registered and that are still kept."""
        with self._lock:
            found = self._registered.get(agency)
            return found.size if found is not None else 0

    def _by_hash(self, sha256: str, agency: str) -> str:
        digest = sha256.lower()
        found = self._allowed.get(digest)
        if found is None:
            with self._lock:
                registry = self._registered.get(agency)
                found = registry.get(digest) if registry is not None else None
        if found is None:
            hint = "it is not in the allow-list" if self._only else "send the query with its hash once"
            raise RequestRejected(
                f"PersistedQueryNotFound: no query has sha256Hash {sha256[:64]!r}; {hint}", NOT_FOUND_CODE
            )
        return found
