"""The module that owns the Neo4j driver (with its async twin and ``rows.py``).

Sessions, managed transactions (the driver retries only errors it marks retryable), batched
``UNWIND $rows`` writes, and translation of driver errors into Chokepoint's error tree.
Works with ``bolt://`` and routing ``neo4j://`` URIs alike: reads go through ``execute_read`` so a
cluster can route them to followers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from chokepoint.errors import GraphUnavailable, InvalidInput, QueryFailed
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.rows import row
from chokepoint.graph.source_files import SourceFiles, file_key

Row = dict[str, Any]
Work = TypeVar("Work", bound=Callable[..., Any])


@dataclass
class WriteCounts:
    """What a batched MERGE did: created, updated, unchanged, and rows whose endpoints were absent;
    ``asserted``, the numbers (``n``) of the rows that newly asserted their element, when rows carry one."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: int = 0
    asserted: list[int] = field(default_factory=list)

    def add(self, other: WriteCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.unmatched += other.unmatched
        self.asserted.extend(other.asserted)


@dataclass(frozen=True)
class ServerInfo:
    address: str
    version: str
    edition: str


class Graph:
    """A connection to one Neo4j database. Build it with :meth:`connect`; close it when done.

    With ``read_timeout_s``, every :meth:`read` and :meth:`read_values` transaction carries that
    timeout (``neo4j.unit_of_work``), which the server enforces: a stuck saved investigation run from
    the CLI ends instead of holding a core. Writes are never bounded (a big batch may take long)."""

    def __init__(self, driver: neo4j.Driver, database: str, read_timeout_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._read_timeout_s = read_timeout_s
        self._files = SourceFiles()

    @classmethod
    def connect(
        cls, uri: str, user: str, password: str, database: str = "neo4j", read_timeout_s: float | None = None
    ) -> Graph:
        """Open a driver and check that the server answers and accepts the credentials."""
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
        graph = cls(driver, database, read_timeout_s)
        try:
            with _translated(f"connect to {uri}"):
                driver.verify_connectivity()
        except GraphUnavailable:
            driver.close()
            raise
        return graph

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def database(self) -> str:
        return self._database

    def read(self, query: CypherQuery, **params: Any) -> list[Row]:
        """Run a read query in a managed (retried, routable) transaction."""
        with _translated(query.name), self._session() as session:
            rows = session.execute_read(self._bounded(_collect), query, params)
        self.with_file_hashes(rows)
        return rows

    def read_values(self, query: CypherQuery, **params: Any) -> list[list[Any]]:
        """Rows as lists of values exactly as decoded, unconverted: only for queries that return
        properties and lists of them (no nodes, relationships or paths), such as the export pages,
        whose values are too many to walk twice."""
        with _translated(query.name), self._session() as session:
            rows = session.execute_read(self._bounded(_values), query, params)
        self.with_file_hashes(rows)
        return rows

    def with_file_hashes(self, rows: list[Any]) -> None:
        """Put each file's hash in place of the key elements store, in every property map of ``rows``
        (:mod:`.source_files`): what every read returns, and the maps a caller assembles itself from
        values a read returned by position (export pages)."""
        stamped = self._files.stamped(rows)
        if stamped:  # the catalogue's own rows hold no key: reading it never recurses further
            self._files.read_with(stamped, lambda: self.read(load_query("list_source_files")))

    def record_source_file(self, sha256: str) -> None:
        """Write the file's ``SourceFile`` node, which holds the hash its elements name by key."""
        key = file_key(sha256)
        stored = self.write(load_query("merge_source_file"), key=key, sha256=sha256)
        if stored and stored[0]["sha256"] != sha256:
            raise InvalidInput(
                f"files {stored[0]['sha256']} and {sha256} share the key {key} (the first 60 bits of "
                "their SHA-256): the second cannot be recorded"
            )

    def write(self, query: CypherQuery, **params: Any) -> list[Row]:
        """Run a write query in a managed (retried) transaction, which also counts one more write in
        ``GraphState`` when it changed anything (what tells the exposure floors they may be out of
        date: a write can only be seen together with its count)."""
        with _translated(query.name), self._session() as session:
            return session.execute_write(_collect_counted, query, params)

    def write_derived(self, query: CypherQuery, **params: Any) -> list[Row]:
        """:meth:`write` for data derived from the graph (the exposure floors), not counted as a
        write: deriving must not make what it derived out of date."""
        with _translated(query.name), self._session() as session:
            return session.execute_write(_collect, query, params)

    def plan_operators(self, query: CypherQuery, **params: Any) -> list[str]:
        """The operators of ``query``'s plan, root first (``EXPLAIN``: nothing runs). Lets a test
        hold a query to the plan it was written for, e.g. a shortest-path search, never an
        exhaustive variable-length expansion."""
        with _translated(query.name), self._session() as session:
            plan = session.run(f"EXPLAIN {_text(query)}", params).consume().plan or {}
        found: list[str] = []
        pending = [plan]
        while pending:
            step = pending.pop(0)
            if "operatorType" in step:
                found.append(str(step["operatorType"]).split("@")[0])
            pending.extend(step.get("children") or [])
        return found

    def run_autocommit(self, query: CypherQuery, **params: Any) -> list[Row]:
        """Run in an auto-commit transaction: needed for schema DDL and ``CALL … IN TRANSACTIONS``."""
        with _translated(query.name), self._session() as session:
            result = session.run(_text(query), params)
            return [row(record) for record in result]

    def write_batches(
        self, query: CypherQuery, rows: Iterable[Row], batch_size: int = 5000, **params: Any
    ) -> Iterator[tuple[int, WriteCounts]]:
        """Send ``rows`` as ``$rows`` in batches (with ``params`` alongside), one managed transaction each.

        The query returns one row with ``created``, ``updated`` and ``unchanged``; rows it could not
        match are counted as ``unmatched``. Yields (rows sent, counts) per batch so callers can
        show progress.
        """
        iterator = iter(rows)
        while batch := list(islice(iterator, batch_size)):
            records = self.write(query, rows=batch, **params)
            first = records[0] if records else {}
            counts = WriteCounts(
                created=int(first.get("created") or 0),
                updated=int(first.get("updated") or 0),
                unchanged=int(first.get("unchanged") or 0),
            )
            counts.unmatched = len(batch) - counts.created - counts.updated - counts.unchanged
            counts.asserted = [int(n) for n in first.get("asserted") or ()]
            yield len(batch), counts

    def server_info(self) -> ServerInfo:
        from chokepoint.graph.queries import load_query

        row = self.read(load_query("show_server"))[0]
        with _translated("server address"):
            address = f"{self._driver.get_server_info().address}"
        return ServerInfo(address=address, version=row["version"], edition=row["edition"])

    def _bounded(self, work: Work) -> Work:
        """``work`` as a transaction function with the read timeout, when one is set."""
        if self._read_timeout_s is None:
            return work
        return neo4j.unit_of_work(timeout=self._read_timeout_s)(work)

    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        with self._driver.session(database=self._database) as session:
            yield session


def _text(query: CypherQuery) -> LiteralString:
    # Query text comes from .cypher files or schema-derived statements, never from input.
    # (mypy treats LiteralString as str; the annotation documents the contract for readers.)
    return query.text


def _collect(tx: neo4j.ManagedTransaction, query: CypherQuery, params: Mapping[str, Any]) -> list[Row]:
    result = tx.run(_text(query), dict(params))
    return [row(record) for record in result]


def _collect_counted(
    tx: neo4j.ManagedTransaction, query: CypherQuery, params: Mapping[str, Any]
) -> list[Row]:
    result = tx.run(_text(query), dict(params))
    rows = [row(record) for record in result]
    if result.consume().counters.contains_updates:  # a write that changed nothing voids nothing
        tx.run(_text(load_query("count_graph_write"))).consume()
    return rows


def _values(tx: neo4j.ManagedTransaction, query: CypherQuery, params: Mapping[str, Any]) -> list[list[Any]]:
    return [record.values() for record in tx.run(_text(query), dict(params))]


@contextmanager
def _translated(what: str) -> Iterator[None]:
    """Turn driver errors into GraphUnavailable / QueryFailed with a one-line reason."""
    try:
        yield
    except neo4j_errors.AuthError as exc:
        raise GraphUnavailable(
            f"Neo4j refused the credentials ({what}): {exc.message}. Check CHOKEPOINT_NEO4J_USER "
            "and CHOKEPOINT_NEO4J_PASSWORD, or the embedded server's password file."
        ) from exc
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
        raise GraphUnavailable(
            f"Neo4j is not reachable ({what}): {exc}. Start the embedded server with "
            "`chokepoint db start`, or check CHOKEPOINT_NEO4J_URI."
        ) from exc
    except neo4j_errors.Neo4jError as exc:
        raise QueryFailed(f"Neo4j rejected {what}: {exc.code}: {exc.message}") from exc
    except neo4j_errors.DriverError as exc:
        raise GraphUnavailable(f"Neo4j driver error ({what}): {exc}") from exc
