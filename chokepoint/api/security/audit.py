"""The audit log: one JSON line per request to ``/graphql``, accepted or rejected.

Each line: ``timestamp`` (UTC), ``agency`` (null when authentication failed), ``client``,
``operation``, ``queryHash`` (SHA-256 of the query text, as in the persisted-query allow-list),
``variables`` (secrets redacted, long strings cut), ``status`` (HTTP), ``resultBytes``,
``counts`` (per root field: its ``totalCount``, the length of its list, 1 for an object, 0 for
null), ``durationMs``, ``outcome`` with ``errors`` (the codes), and ``deconfliction``: each pointer
the answer gave, as ``OWNER element`` (the owner is told in a notice too). The outcome is ``ok``, ``error``,
``rejected`` (refused before it ran: a 4xx, a limit, ``TOO_MANY_REQUESTS``), ``timeout`` (a read was
stopped by its transaction timeout: ``TIMEOUT``), ``unavailable`` (503: the database could not be
reached) or ``cancelled`` (status 499: the client went away and the request was stopped).
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chokepoint.api import json_bytes
from chokepoint.deconfliction.notices import Touches

REDACTED = "[REDACTED]"
MAX_LOGGED_STRING = 256
_SECRET_NAME = re.compile(r"pass(word|phrase)?|secret|token|credential|auth|api[_-]?key|private", re.I)
REJECTION_CODES = frozenset(
    {"UNAUTHENTICATED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_ALLOWED", "TOO_MANY_REQUESTS"}
)
# Outcomes named by one code, whatever the status (checked before the rejection rules).
_OUTCOME_CODES = (
    ("CLIENT_CLOSED_REQUEST", "cancelled"),
    ("SERVICE_UNAVAILABLE", "unavailable"),
    ("TIMEOUT", "timeout"),
)


def redact(value: Any, name: str = "") -> Any:
    """``value`` with every entry whose name looks secret replaced, and long strings shortened."""
    if name and _SECRET_NAME.search(name):
        return REDACTED
    if isinstance(value, dict):
        return {key: redact(item, str(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str) and len(value) > MAX_LOGGED_STRING:
        return value[:MAX_LOGGED_STRING] + f"…(+{len(value) - MAX_LOGGED_STRING})"
    return value


def top_level_counts(data: Any) -> dict[str, int]:
    """How much each root field returned."""
    if not isinstance(data, dict):
        return {}
    return {name: _count(value) for name, value in data.items()}


def _count(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        if isinstance(value.get("totalCount"), int):
            return int(value["totalCount"])
        if isinstance(value.get("edges"), list):
            return len(value["edges"])
    return 1


@dataclass
class AuditEntry:
    """Filled in while a request is answered; :meth:`AuditLog.write` closes it."""

    client: str | None
    started: float = field(default_factory=time.perf_counter)
    agency: str | None = None
    operation: str | None = None
    query_hash: str | None = None
    variables: dict[str, Any] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    pointers_given: Touches | None = None  # deconfliction: the pointers the answer gave

    def outcome(self, status: int) -> str:
        for code, outcome in _OUTCOME_CODES:
            if code in self.errors:
                return outcome
        if (
            status >= 400
            or REJECTION_CODES.intersection(self.errors)
            or any(code.endswith("_LIMIT_EXCEEDED") for code in self.errors)
        ):
            return "rejected"
        return "error" if self.errors else "ok"

    def line(self, status: int, result_bytes: int) -> dict[str, Any]:
        return {
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "agency": self.agency,
            "client": self.client,
            "operation": self.operation,
            "queryHash": self.query_hash,
            "variables": redact(self.variables) if self.variables else None,
            "status": status,
            "resultBytes": result_bytes,
            "counts": self.counts,
            "durationMs": round((time.perf_counter() - self.started) * 1000, 2),
            "outcome": self.outcome(status),
            "errors": sorted(set(self.errors)),
            "deconfliction": self.pointers_given.lines() if self.pointers_given else [],
        }


class AuditLog:
    """Appends lines to one file (mode 600: variables may name cases); safe across threads.

    Each line is one ``O_APPEND`` write of a file opened for it (a rotated or removed file is
    simply created again); the folder is made on the first write, and again if it disappears.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, entry: AuditEntry, status: int, result_bytes: int) -> None:
        data = json_bytes.dumps(entry.line(status, result_bytes)) + b"\n"
        with self._lock:
            try:
                descriptor = self._open()
            except FileNotFoundError:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                descriptor = self._open()
            try:
                written = 0
                while written < len(data):  # a regular file takes it in one write, short ones aside
                    written += os.write(descriptor, data[written:])
            finally:
                os.close(descriptor)

    def _open(self) -> int:
        return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
