"""Each source file's SHA-256 stored once: elements keep a short key, reads put the hash back.

An element written from a file used to carry the file's 64-character hash, a dynamic string record
of its own for every element (12 % of the OFAC store). Now the writer MERGEs one
``(:SourceFile {key, sha256})`` per file before its batches and stamps elements with ``sourceFile``:
the hash's first 60 bits as an integer, which Neo4j keeps inline in the property record.

The read adapters give every property map a read returns its ``sourceFileSha256`` back, and rewrite
the value log's ``sourceFile`` statements the same way, so nothing above the graph package sees a key:
answers, exports, saved investigations and the per-viewer replay read the hash as before. Elements
written by an older version store the hash itself and pass through unchanged (a key, when an element
has both, wins: it names the latest write).

The catalogue (key → hash) is per database and process, and is read whole, one row per file, only
when a read meets a key it does not hold: files are few and a file's key never changes meaning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from chokepoint.errors import InvalidInput
from chokepoint.values.log import PROPERTY as VALUE_LOG
from chokepoint.values.log import SEPARATOR as _LOG_SEPARATOR

SOURCE_FILE_LABEL = "SourceFile"  # also written in the merge_/list_source_file(s) and constraint Cypher
KEY_PROPERTY = "sourceFile"
HASH_PROPERTY = "sourceFileSha256"
_KEY_DIGITS = 15  # 60 bits: always a positive Neo4j integer
_KEY_STATEMENT = f"{_LOG_SEPARATOR}{KEY_PROPERTY}{_LOG_SEPARATOR}"
_CONTAINERS = frozenset({dict, list, tuple})

log = logging.getLogger(__name__)


def file_key(sha256: str) -> int:
    """The key elements store for a file: the first 60 bits of its SHA-256."""
    if len(sha256) != 64:
        raise InvalidInput(f"not a SHA-256 in hexadecimal: {sha256[:80]!r}")
    try:
        return int(sha256[:_KEY_DIGITS], 16)
    except ValueError:
        raise InvalidInput(f"not a SHA-256 in hexadecimal: {sha256[:80]!r}") from None


def stored_form(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` as the store keeps them: a hash replaced by its key (for writers given a hash, such
    as an RDF restore). The hash's ``SourceFile`` node must be written too: :func:`files_named`."""
    sha256 = props.get(HASH_PROPERTY)
    if not isinstance(sha256, str):
        return props
    stored = {k: v for k, v in props.items() if k != HASH_PROPERTY}
    stored[KEY_PROPERTY] = file_key(sha256)
    return stored


def files_named(rows: Iterable[dict[str, Any]]) -> dict[int, str]:
    """The ``{key: sha256}`` of the hashes that property maps carry."""
    found = {}
    for props in rows:
        sha256 = props.get(HASH_PROPERTY)
        if isinstance(sha256, str):
            found[file_key(sha256)] = sha256
    return found


class SourceFiles:
    """The key → hash catalogue of one database, filled from its ``SourceFile`` nodes on demand."""

    def __init__(self) -> None:
        self._hashes: dict[int, str] = {}
        self._absent: set[int] = set()  # keys no SourceFile node had at the last reading

    def stamped(self, rows: Iterable[Any]) -> list[dict[str, Any]]:
        """The property maps among ``rows`` (at any depth) that name a file by key or hold a value log."""
        found: list[dict[str, Any]] = []
        for value in rows:
            _collect(value, found)
        return found

    def lacks_any(self, stamped: list[dict[str, Any]]) -> bool:
        """Whether some map names a key the catalogue has not read yet."""
        known = self._hashes.keys() | self._absent
        return any(key not in known for props in stamped for key in _keys_of(props))

    def load(self, rows: Iterable[dict[str, Any]], wanted: list[dict[str, Any]]) -> None:
        """Take ``{key, sha256}`` rows (every file); keys still unknown are reported once."""
        self._hashes.update((int(row["key"]), str(row["sha256"])) for row in rows)
        for props in wanted:
            for key in _keys_of(props):
                if key not in self._hashes and key not in self._absent:
                    self._absent.add(key)
                    log.warning("No SourceFile node has key %d: elements naming it show no file hash", key)

    def dereference(self, stamped: list[dict[str, Any]]) -> None:
        """Put each map's file hash in place of its key, in its values and in its value log."""
        hashes = self._hashes
        for props in stamped:
            key = props.pop(KEY_PROPERTY, None)
            if key is not None:
                sha256 = hashes.get(key)
                if sha256 is None:
                    props.pop(HASH_PROPERTY, None)  # an older write's hash would name the wrong file
                else:
                    props[HASH_PROPERTY] = sha256
            statements = props.get(VALUE_LOG)
            if statements and any(_KEY_STATEMENT in s for s in statements):
                props[VALUE_LOG] = [_statement_with_hash(s, hashes) for s in statements]

    def read_with(
        self, stamped: list[dict[str, Any]], read_all: Callable[[], Iterable[dict[str, Any]]]
    ) -> None:
        """:meth:`dereference`, reading the catalogue first (``read_all``) when it lacks a key."""
        if self.lacks_any(stamped):
            self.load(read_all(), stamped)
        self.dereference(stamped)


def _collect(value: Any, found: list[dict[str, Any]]) -> None:
    kind = type(value)
    if kind is dict:
        if KEY_PROPERTY in value or VALUE_LOG in value:
            found.append(value)  # an element's properties: scalars and lists of them, no deeper maps
            return
        items: Iterable[Any] = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return
    for item in items:
        if type(item) in _CONTAINERS:
            _collect(item, found)


def _keys_of(props: dict[str, Any]) -> Iterable[int]:
    key = props.get(KEY_PROPERTY)
    if isinstance(key, int):
        yield key
    for statement in props.get(VALUE_LOG) or ():
        if _KEY_STATEMENT in statement:
            value = statement.rpartition(_LOG_SEPARATOR)[2]
            if value.isdigit():
                yield int(value)


def _statement_with_hash(statement: str, hashes: dict[int, str]) -> str:
    """``GRANT␟SEQ␟PUBLISHED␟sourceFile␟KEY`` as ``…␟sourceFileSha256␟HASH`` (unchanged otherwise;
    a key without a node keeps the statement, which the replay then ignores: no such property)."""
    if _KEY_STATEMENT not in statement:
        return statement
    head, _, value = statement.rpartition(_LOG_SEPARATOR)
    sha256 = hashes.get(int(value)) if value.isdigit() else None
    if sha256 is None:
        return statement
    return head.removesuffix(KEY_PROPERTY) + HASH_PROPERTY + _LOG_SEPARATOR + sha256
