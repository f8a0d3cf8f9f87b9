"""Transfers a ledger file gives more than once: one transfer, one node, and the user told.

A ledger is checked whole before it is written, so both lines of a conflict can be named and refused
(streaming alone would have written the first before meeting the second). Only each transfer's key,
the first line giving it and a 64-bit digest of its fields are held, not the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from chokepoint.ingest.agency.envelope import RawRecord


def digest(data: object) -> int:
    """A record's fields as a 64-bit number: equal fields, equal digest (order of keys aside)."""
    text = json.dumps(data, sort_keys=True, default=str).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def repeated_transfers(raws: Iterable[RawRecord]) -> dict[str, str]:
    """Where each line to refuse is (``RawRecord.where``) and why: a repeat of an identical transfer
    ("loaded once"), or any line of a transfer the file gives with different fields (all refused,
    naming every line: the file does not say which is right)."""
    first: dict[str, tuple[str, int]] = {}  # transfer key -> (where, digest) of its first line
    lines: dict[str, list[tuple[str, int]]] = {}  # keys given more than once -> every line
    for raw in raws:
        if raw.key is None:
            continue  # no transaction: the model rejects it on its own
        given = (raw.where, digest(raw.data))
        earlier = first.setdefault(raw.key, given)
        if earlier is not given:
            lines.setdefault(raw.key, [earlier]).append(given)
    refused: dict[str, str] = {}
    for key, seen in lines.items():
        if len({fields for _, fields in seen}) == 1:
            for where, _ in seen[1:]:
                refused[where] = f"transfer {key} repeats {seen[0][0]} exactly: loaded once"
            continue
        named = ", ".join(where for where, _ in seen)
        for where, _ in seen:
            refused[where] = f"transfer {key} is given with different fields by {named}: none of them loaded"
    return refused
