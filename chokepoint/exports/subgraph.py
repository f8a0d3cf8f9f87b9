"""Select a subgraph (seed ids, expanded by hops) and stream its nodes and edges in pages."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.schema import DomainModel

PAGE = 10_000
# Each page of relationships carries every selected element id (to test targets): few, large pages,
# since sending and hashing that list costs more than the page's own work at 10k nodes a page.
RELATIONSHIP_PAGE = 20_000
AHEAD = 2  # pages fetched ahead of the writer, each on its own session
_TEXT_OR_NUMBER = frozenset({str, int, float, bool, type(None)})


@dataclass(frozen=True)
class ExportNode:
    id: str
    label: str
    props: dict[str, Any]

    @property
    def caption(self) -> str:
        for key in ("name", "address", "caseNumber", "billOfLading", "handle", "number", "code", "title"):
            if self.props.get(key):
                return str(self.props[key])
        return self.id


@dataclass(frozen=True)
class ExportEdge:
    id: str
    type: str
    source: str
    target: str
    props: dict[str, Any]


@dataclass(frozen=True)
class Subgraph:
    """The node ids of a subgraph; nodes and edges are fetched page by page when written."""

    graph: Graph
    ids: tuple[str, ...]
    temporal: tuple[str, ...] = ()  # date/datetime property names, fetched as ISO text (much faster)

    def nodes(self) -> Iterator[ExportNode]:
        query, temporal, properties = load_query("fetch_nodes_by_id"), list(self.temporal), self._properties()
        pages = _prefetched(lambda page: _single(self.graph, query, 0, ids=page, temporal=temporal), self.ids)
        for rows in pages:
            for node_id, label, keys, values in rows:
                yield ExportNode(node_id, label, properties(keys, values))

    def edges(self) -> Iterator[ExportEdge]:
        query, temporal, properties = load_query("fetch_edges_among"), list(self.temporal), self._properties()
        members = self._element_ids()
        pages = _prefetched(
            lambda page: _single(self.graph, query, 0, page=page, members=members, temporal=temporal),
            tuple(members),
            RELATIONSHIP_PAGE,
        )
        for rows in pages:
            for edge_id, rel_type, source, target, keys, values in rows:
                yield ExportEdge(edge_id, rel_type, source, target, properties(keys, values))

    def _properties(self) -> Callable[[list[str], list[Any]], dict[str, Any]]:
        """Keys and values as a property map. When the schema's temporal properties came as text
        (the schema has no lists of dates), every value is already plain and a zip suffices."""
        return _zipped if self.temporal else _properties

    def _element_ids(self) -> list[str]:
        found = load_query("find_nodes_by_id")
        return [
            element_id for page in _pages(self.ids) for element_id in _single(self.graph, found, 1, ids=page)
        ]


def temporal_properties(model: DomainModel) -> tuple[str, ...]:
    """Every date or date-time property name in the schema."""
    names = set()
    for label in model.nodes:
        names |= {n for n, spec in model.node_properties(label).items() if spec.type in ("date", "datetime")}
    for rel_type in model.relationships:
        names |= {
            n
            for n, spec in model.relationship_properties(rel_type).items()
            if spec.type in ("date", "datetime")
        }
    return tuple(sorted(names))


def select(
    graph: Graph, seeds: list[str], hops: int = 0, max_nodes: int = 100_000, temporal: tuple[str, ...] = ()
) -> Subgraph:
    """The seeds and everything within ``hops`` of them, at most ``max_nodes`` nodes."""
    if not seeds:
        raise InvalidRecord(
            "an export needs at least one seed id (--ids, or an investigation that returns ids)"
        )
    found = [
        node_id
        for page in _pages(tuple(seeds))
        for node_id in _single(graph, load_query("find_nodes_by_id"), 0, ids=page)
    ]
    missing = sorted(set(seeds) - set(found))
    if missing:
        raise InvalidRecord(f"no node with id {', '.join(map(repr, missing[:5]))}")
    members = dict.fromkeys(found)
    frontier = list(members)
    for _ in range(hops):
        if not frontier or len(members) >= max_nodes:
            break
        reached = [
            row["id"]
            for page in _pages(tuple(frontier))
            for row in graph.read(load_query("expand_neighbourhood"), frontier=page)
        ]
        frontier = [node for node in reached if node not in members][: max_nodes - len(members)]
        members.update(dict.fromkeys(frontier))
    return Subgraph(graph, tuple(members), temporal)


def whole_graph(graph: Graph, temporal: tuple[str, ...] = (), limit: int = 2**62) -> Subgraph:
    """Every node of the database (the first ``limit`` of them, in storage order)."""
    return Subgraph(graph, tuple(graph.read(load_query("list_all_ids"), limit=limit)[0]["ids"]), temporal)


def _single(graph: Graph, query: CypherQuery, column: int, **params: Any) -> list[Any]:
    """The one list a collecting query returns in ``column``."""
    rows = graph.read_values(query, **params)
    return list(rows[0][column]) if rows else []


def _zipped(keys: list[str], values: list[Any]) -> dict[str, Any]:
    return dict(zip(keys, values, strict=True))


def _properties(keys: list[str], values: list[Any]) -> dict[str, Any]:
    return {
        key: value if type(value) in _TEXT_OR_NUMBER else _plain(value)
        for key, value in zip(keys, values, strict=True)
    }


def _plain(value: Any) -> Any:
    if type(value) in _TEXT_OR_NUMBER:
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _prefetched(
    fetch: Callable[[list[str]], list[Any]], ids: tuple[str, ...], size: int = PAGE
) -> Iterator[list[Any]]:
    """``fetch`` of each page of ``ids``, in order, with the next ``AHEAD`` pages already in flight
    while the caller writes this one: the database (on its own threads) and the writer then work at
    the same time, and the driver waits on its socket without holding the GIL."""
    with ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="export-fetch") as pool:
        in_flight: deque[Future[list[Any]]] = deque()
        try:
            for page in _pages(ids, size):
                in_flight.append(pool.submit(fetch, page))
                if len(in_flight) > AHEAD:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()
        finally:
            pool.shutdown(cancel_futures=True)


def _pages(ids: tuple[str, ...], size: int = PAGE) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
