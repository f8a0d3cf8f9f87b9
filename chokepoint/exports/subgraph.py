"""Select a subgraph (seed ids, expanded by hops) and stream its nodes and edges in pages.

Everything (the CLI's view) or one viewer's (:class:`~chokepoint.exports.view.ExportView`, a partner
agency through the API): a viewer's selection starts only from seeds it may see, expands only over
links and nodes it may see, and each element is shown through the viewer's view, as every API answer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from threading import Event
from typing import Any

from chokepoint.deconfliction.notices import link_key
from chokepoint.errors import ChokepointError, InvalidInput
from chokepoint.exports.view import ExportView
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.graph.source_files import HASH_PROPERTY, KEY_PROPERTY
from chokepoint.markings import RECORD_MARKINGS, RECORDS
from chokepoint.schema import DomainModel, PropertySpec
from chokepoint.schema.model import exposed
from chokepoint.values.log import PROPERTY as VALUE_LOG

PAGE = 10_000
# Each page of relationships carries every selected element id (to test targets): few, large pages,
# since sending and hashing that list costs more than the page's own work at 10k nodes a page.
RELATIONSHIP_PAGE = 20_000
AHEAD = 2  # pages fetched ahead of the writer, each on its own session
_TEMPORAL = ("date", "datetime")


class ExportCancelled(ChokepointError):
    """The export was stopped before it was written (its API client went away)."""


@dataclass(frozen=True)
class ExportNode:
    id: str
    label: str
    props: dict[str, Any]

    caption_key: str = "name"  # the property the schema names as the label's ``display``

    @property
    def caption(self) -> str:
        value = self.props.get(self.caption_key)
        return self.id if value is None or value == "" else str(value)


@dataclass(frozen=True)
class ExportEdge:
    id: str
    type: str
    source: str
    target: str
    props: dict[str, Any]


@dataclass(frozen=True)
class Shape:
    """Per node label (or relationship type), the schema's property names in the order an export page
    returns their values: plain ones (text, numbers, booleans, lists of them), then dates and
    date-times, which come as ISO text. Only declared properties are exported: every format declares
    its attributes from the schema up front, and ingest writes no others."""

    plain: dict[str, list[str]]
    temporal: dict[str, list[str]]

    @classmethod
    def of(cls, properties: dict[str, dict[str, PropertySpec]]) -> Shape:
        return cls(
            {
                name: [k for k, spec in specs.items() if spec.type not in _TEMPORAL]
                for name, specs in properties.items()
            },
            {
                name: [k for k, spec in specs.items() if spec.type in _TEMPORAL]
                for name, specs in properties.items()
            },
        )

    def keys(self) -> dict[str, tuple[str, ...]]:
        """Per label or type, the property names of the values, in order."""
        return {name: (*plain, *self.temporal[name]) for name, plain in self.plain.items()}


@dataclass(frozen=True)
class ExportShapes:
    nodes: Shape
    relationships: Shape
    identities: dict[str, tuple[str, ...]]  # per relationship type, what tells parallel links apart
    captions: dict[str, str] = field(default_factory=dict)  # per label, its schema ``display`` property

    @classmethod
    def of(cls, model: DomainModel) -> ExportShapes:
        return cls(
            Shape.of({label: exposed(model.node_properties(label)) for label in model.nodes}),
            Shape.of({rel: exposed(model.relationship_properties(rel)) for rel in model.relationships}),
            {rel: spec.identity for rel, spec in model.relationships.items()},
            model.captions(),
        )


def edge_id(rel_type: str, source: str, target: str, identity: tuple[object, ...] = ()) -> str:
    """A relationship's id in every export: its ends, type and identity values, the same in every
    database holding it (an element id is not, and it would tell how the store was written)."""
    base = f"{source}-[{rel_type}]->{target}"
    return base + "#" + "|".join("" if v is None else str(v) for v in identity) if identity else base


@dataclass(frozen=True)
class Subgraph:
    """The node ids of a subgraph; nodes and edges are fetched page by page when written (which
    needs the schema's ``shapes``)."""

    graph: Graph
    ids: tuple[str, ...]
    shapes: ExportShapes | None = None
    view: ExportView | None = None
    stop: Event | None = None  # set (the API's client went away): the next element raises ExportCancelled
    # elements computed for the viewer, not stored (wallet clusters: exports.wallet_clusters), written last
    computed_nodes: tuple[ExportNode, ...] = ()
    computed_edges: tuple[ExportEdge, ...] = ()
    computed_cut: bool = False  # some were not computed (a cap was reached)

    def nodes(self) -> Iterator[ExportNode]:
        shapes, view = self._shapes(), self.view
        shape, captions = shapes.nodes, shapes.captions
        keys_of = shape.keys()
        query = load_query("fetch_nodes_by_id" if view is None else "api_export_nodes")
        grants = {} if view is None else {"grants": view.grants}
        pages = _prefetched(
            lambda page: _single(
                self.graph, query, 0, ids=page, plain=shape.plain, temporal=shape.temporal, **grants
            ),
            self.ids,
        )
        for rows in pages:
            for node_id, label, values, shared, file_hash, *internal in self._with_hashes(rows, 2):
                self._go_on()
                props = _listed(_present(keys_of.get(label, ()), values), shared)
                _file(props, file_hash)
                yield ExportNode(
                    node_id,
                    label,
                    props if view is None else view.show(label, props, internal, node_id),
                    captions.get(label, "name"),
                )
        yield from self.computed_nodes

    def edges(self) -> Iterator[ExportEdge]:
        shape, view = self._shapes().relationships, self.view
        keys_of, identities = shape.keys(), self._shapes().identities
        query = load_query("fetch_edges_among" if view is None else "api_export_edges")
        grants = {} if view is None else {"grants": view.grants}
        members = self._element_ids()
        pages = _prefetched(
            lambda page: _single(
                self.graph,
                query,
                0,
                page=page,
                members=members,
                plain=shape.plain,
                temporal=shape.temporal,
                **grants,
            ),
            tuple(members),
            RELATIONSHIP_PAGE,
        )
        for rows in pages:
            for rel_type, source, target, values, shared, file_hash, *internal in self._with_hashes(rows, 3):
                self._go_on()
                props = _listed(_present(keys_of.get(rel_type, ()), values), shared)
                _file(props, file_hash)
                if view is not None:
                    props = view.show(rel_type, props, internal, link_key(source, rel_type, target))
                identity = tuple(props.get(key) for key in identities.get(rel_type, ()))
                yield ExportEdge(edge_id(rel_type, source, target, identity), rel_type, source, target, props)
        yield from self.computed_edges

    def _with_hashes(self, rows: list[Any], values_at: int) -> list[Any]:
        """A page's rows with each file key (after the shared marking, at ``values_at + 2``) and the
        value log's keys (just after it) replaced by the file's hash: pages bring values by position,
        so the read adapter's own replacement (of property maps) does not reach them."""
        at = values_at + 2
        maps = [
            {KEY_PROPERTY: row[at], **({VALUE_LOG: row[at + 1]} if len(row) > at + 1 and row[at + 1] else {})}
            for row in rows
        ]
        self.graph.with_file_hashes(maps)
        for row, found in zip(rows, maps, strict=True):
            row[at] = found.get(HASH_PROPERTY, "" if row[at] is not None else None)  # "": no such file
            if VALUE_LOG in found:
                row[at + 1] = found[VALUE_LOG]
        return rows

    def _go_on(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise ExportCancelled("export stopped")

    def _shapes(self) -> ExportShapes:
        if self.shapes is None:
            raise ValueError("this subgraph was selected without the schema's shapes: it lists ids only")
        return self.shapes

    def _element_ids(self) -> list[str]:
        found, grants = _finder(self.view)
        return [
            element_id
            for page in _pages(self.ids)
            for element_id in _single(self.graph, found, 1, ids=page, **grants)
        ]


def select(
    graph: Graph,
    seeds: list[str],
    hops: int = 0,
    max_nodes: int = 100_000,
    shapes: ExportShapes | None = None,
    view: ExportView | None = None,
) -> Subgraph:
    """The seeds and everything within ``hops`` of them, at most ``max_nodes`` nodes; with a
    ``view``, only what that viewer may see (a seed it may not see is not found, like a missing
    one). Each hop adds its new nodes in id order, so the same graph gives the same selection."""
    if not seeds:
        raise InvalidInput(
            "an export needs at least one seed id (--ids, or an investigation that returns ids)"
        )
    found_query, grants = _finder(view)
    found = [
        node_id
        for page in _pages(tuple(seeds))
        for node_id in _single(graph, found_query, 0, ids=page, **grants)
    ]
    missing = sorted(set(seeds) - set(found))
    if missing:
        raise InvalidInput(f"no node with id {', '.join(map(repr, missing[:5]))}")
    members = dict.fromkeys(found)
    frontier = list(members)
    expand = load_query("expand_neighbourhood" if view is None else "api_export_expand")
    for _ in range(hops):
        if not frontier or len(members) >= max_nodes:
            break
        reached = {
            row["id"]
            for page in _pages(tuple(frontier))
            for row in graph.read(expand, frontier=page, **grants)
        }
        frontier = sorted(reached.difference(members))[: max_nodes - len(members)]
        members.update(dict.fromkeys(frontier))
    return Subgraph(graph, tuple(members), shapes, view)


def _finder(view: ExportView | None) -> tuple[CypherQuery, dict[str, Any]]:
    """The query that finds nodes by id (with their element ids), and its grants parameter."""
    if view is None:
        return load_query("find_nodes_by_id"), {}
    return load_query("api_export_find_nodes"), {"grants": view.grants}


def whole_graph(graph: Graph, shapes: ExportShapes | None = None, limit: int = 2**62) -> Subgraph:
    """Every node of the database (the first ``limit`` of them, in storage order)."""
    return Subgraph(graph, tuple(graph.read(load_query("list_all_ids"), limit=limit)[0]["ids"]), shapes)


def _single(graph: Graph, query: CypherQuery, column: int, **params: Any) -> list[Any]:
    """The one list a collecting query returns in ``column``."""
    rows = graph.read_values(query, **params)
    return list(rows[0][column]) if rows else []


def _present(keys: tuple[str, ...], values: list[Any]) -> dict[str, Any]:
    """The property map of the values a page returned in ``keys`` order, absent (null) ones left out."""
    return {key: value for key, value in zip(keys, values, strict=True) if value is not None}


def _file(props: dict[str, Any], sha256: str | None) -> None:
    """The element's file hash, from its key (None: no key, an element written before keys keeps the
    hash it stores; "": a key no file node holds, so no hash, as the read adapters show it)."""
    if sha256:
        props[HASH_PROPERTY] = sha256
    elif sha256 == "":
        props.pop(HASH_PROPERTY, None)


def _listed(props: dict[str, Any], shared: str | None) -> dict[str, Any]:
    """``props`` with the one marking every record shares listed per record, as answers show it."""
    if shared is not None and RECORD_MARKINGS not in props:
        props[RECORD_MARKINGS] = [shared] * len(props.get(RECORDS) or ())
    return props


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
