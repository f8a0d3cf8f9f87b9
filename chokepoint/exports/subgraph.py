"""Select a subgraph (seed ids, expanded by hops) and stream its nodes and edges in pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.schema import DomainModel

PAGE = 5000


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
        for page in _pages(self.ids):
            for row in self.graph.read(
                load_query("fetch_nodes_by_id"), ids=page, temporal=list(self.temporal)
            ):
                yield ExportNode(row["id"], row["label"], plain(dict(row["pairs"])))

    def edges(self) -> Iterator[ExportEdge]:
        members = set(self.ids)  # a set here: a 100k-item list parameter is scanned per row by Cypher
        for page in _pages(self.ids):
            rows = self.graph.read(load_query("fetch_edges_among"), ids=page, temporal=list(self.temporal))
            for row in rows:
                if row["target"] in members:
                    props = plain(dict(row["pairs"]))
                    yield ExportEdge(row["id"], row["type"], row["source"], row["target"], props)


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
        row["id"]
        for page in _pages(tuple(seeds))
        for row in graph.read(load_query("fetch_nodes_by_id"), ids=page, temporal=[])
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


def whole_graph(graph: Graph, temporal: tuple[str, ...] = ()) -> Subgraph:
    """Every node of the database."""
    return Subgraph(graph, tuple(row["id"] for row in graph.read(load_query("list_all_ids"))), temporal)


def plain(props: dict[str, Any]) -> dict[str, Any]:
    """Driver values as plain Python: temporal values become ISO strings."""
    return {key: _plain(value) for key, value in props.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _pages(ids: tuple[str, ...]) -> Iterator[list[str]]:
    for start in range(0, len(ids), PAGE):
        yield list(ids[start : start + PAGE])
