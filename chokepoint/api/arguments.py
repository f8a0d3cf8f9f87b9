"""Validation of query arguments: ids, page sizes, cursors, type names, chains and addresses.

Every check raises :class:`InvalidArgument` with a message that names the argument and what is
allowed, so a caller can fix the request without reading the server's logs.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chokepoint.analysis.exposure_floor import FLOOR_HOPS
from chokepoint.api.errors import InvalidArgument
from chokepoint.errors import InvalidRecord
from chokepoint.ingest import crypto
from chokepoint.schema.model import DomainModel

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_ID_LENGTH = 512
MAX_ENTITY_IDS = MAX_PAGE_SIZE  # ids one entities(ids:) field may ask for
MAX_HOPS = 8  # the paths query's pattern allows at most this many hops
MAX_EXPOSURE_HOPS = FLOOR_HOPS  # the exposure query's pattern allows at most this many hops
MAX_CURSOR_POSITION = 2_000_000_000  # Cypher indexes lists with 32-bit integers: position + page fit
_CURSOR_PREFIX = "cp1:"


@dataclass(frozen=True)
class Page:
    """A validated page request: how many items, after which absolute position."""

    first: int
    offset: int


def entity_id(value: str, argument: str = "id") -> str:
    """A global node id: non-empty, at most MAX_ID_LENGTH characters, no control characters."""
    if not value or len(value) > MAX_ID_LENGTH or any(ord(ch) < 32 for ch in value):
        raise InvalidArgument(
            f"{argument}: {value[:40]!r} is not a valid id (1 to {MAX_ID_LENGTH} printable characters)"
        )
    return value


def entity_ids(values: list[str], argument: str = "ids") -> list[str]:
    """At most ``MAX_ENTITY_IDS`` global node ids, each checked as :func:`entity_id` (named by its
    position)."""
    if len(values) > MAX_ENTITY_IDS:
        raise InvalidArgument(f"{argument}: at most {MAX_ENTITY_IDS} ids per field, not {len(values)}")
    return [entity_id(value, f"{argument}[{i}]") for i, value in enumerate(values)]


def page(first: int, after: str | None, limit: int = MAX_PAGE_SIZE) -> Page:
    """``first`` within 0..limit and the position after the ``after`` cursor."""
    if first < 0 or first > limit:
        raise InvalidArgument(f"first: {first} is out of range; ask for 0 to {limit} items per page")
    return Page(first=first, offset=0 if after is None else decode_cursor(after) + 1)


def encode_cursor(position: int) -> str:
    """An opaque cursor for the item at ``position`` (0-based) of a list."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        position = int(text.removeprefix(_CURSOR_PREFIX))
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidArgument(f"after: {cursor[:40]!r} is not a cursor this API returned") from None
    if position < 0:
        raise InvalidArgument(f"after: {cursor[:40]!r} is not a cursor this API returned")
    if position > MAX_CURSOR_POSITION:
        raise InvalidArgument(
            f"after: {cursor[:40]!r} is out of range; cursors name positions 0 to {MAX_CURSOR_POSITION}"
        )
    return position


def hops(value: int, limit: int, argument: str = "maxHops") -> int:
    if value < 1 or value > limit:
        raise InvalidArgument(f"{argument}: {value} is out of range; allowed 1 to {limit}")
    return value


def relationship_types(model: DomainModel, names: Iterable[str] | None) -> list[str]:
    """Relationship type names from the schema's allow-list (empty or None: every type)."""
    return _allowed(names, model.relationships, "relTypes", "relationship types")


def node_types(model: DomainModel, names: Iterable[str] | None) -> list[str]:
    """Node labels from the schema's allow-list (empty or None: every type)."""
    return _allowed(names, model.nodes, "types", "node types")


def _allowed(names: Iterable[str] | None, known: Mapping[str, object], argument: str, what: str) -> list[str]:
    chosen = list(dict.fromkeys(names or ()))
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise InvalidArgument(
            f"{argument}: unknown {what} {', '.join(repr(n[:64]) for n in unknown)}; "
            f"allowed: {', '.join(sorted(known))}"
        )
    return chosen


def chain(model: DomainModel, value: str) -> str:
    """A chain named by the CryptoAddress schema's enum (e.g. bitcoin, ethereum, tron)."""
    chains = model.node("CryptoAddress").properties["chain"].enum or ()
    if value not in chains:
        raise InvalidArgument(f"chain: unknown chain {value[:40]!r}; allowed: {', '.join(chains)}")
    return value


def address(chain_name: str, value: str) -> str:
    """The normalised form of an address on ``chain_name`` (EVM: lower-case of any valid form)."""
    if len(value) > MAX_ID_LENGTH:
        raise InvalidArgument(f"address: longer than {MAX_ID_LENGTH} characters")
    try:
        return crypto.normalise(chain_name, value, chain_name).address
    except InvalidRecord as exc:
        raise InvalidArgument(f"address: {exc}") from None
