"""Driver records as plain rows, quickly.

``Record.data()`` walks every value with ``isinstance`` checks against abstract collection classes;
on wide rows (exports, API pages) that walk cost several times the decoding itself. Here plain values
are recognised by their exact type first, and only graph values (nodes, relationships, paths) are
rebuilt, the way ``Record.data()`` rebuilds them. Only the graph adapters import this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from neo4j import Record
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

_PLAIN = frozenset({str, int, float, bool, type(None), bytes})


def plain(value: Any) -> Any:
    """A value as ``Record.data()`` gives it: nodes as property maps, relationships as
    (start, type, end), paths as alternating node maps and type names; everything else unchanged."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:  # scalars tested inline: a call per list item was the largest cost
        return [item if type(item) in _PLAIN else plain(item) for item in value]
    if kind is dict:
        return {key: item if type(item) in _PLAIN else plain(item) for key, item in value.items()}
    return _graph_value(value, plain)


def native(value: Any) -> Any:
    """As :func:`plain`, with driver dates and date-times as ``datetime.date`` / ``datetime.datetime``."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [item if type(item) in _PLAIN else native(item) for item in value]
    if kind is dict:
        return {key: item if type(item) in _PLAIN else native(item) for key, item in value.items()}
    if isinstance(value, Date | DateTime):
        return value.to_native()
    return _graph_value(value, native)


def row(record: Record, convert: Callable[[Any], Any] = plain) -> dict[str, Any]:
    return dict(zip(record.keys(), map(convert, record.values()), strict=True))


def _graph_value(value: Any, convert: Callable[[Any], Any]) -> Any:
    if isinstance(value, Node):
        return {key: convert(item) for key, item in value.items()}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return (
            convert(dict(start)) if start is not None else None,
            type(value).__name__,
            convert(dict(end)) if end is not None else None,
        )
    if isinstance(value, Path):
        hops: list[Any] = [convert(value.start_node)]
        for relationship, node in zip(value.relationships, value.nodes[1:], strict=True):
            hops += [type(relationship).__name__, convert(node)]
        return hops
    return value
