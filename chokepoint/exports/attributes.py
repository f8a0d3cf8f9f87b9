"""Attribute declarations for the link-chart formats, derived from the schema (declared up front,
so writers can stream), and value rendering."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chokepoint.schema import DomainModel
from chokepoint.schema.model import exposed

_KINDS = {"integer": "integer", "float": "float", "boolean": "boolean"}  # everything else is text
_ITEMS = {"string[]": "string", "integer[]": "integer", "float[]": "float"}


@dataclass(frozen=True)
class Attribute:
    name: str
    kind: str  # "string", "integer", "float" or "boolean"; a list is "string" (its JSON text)
    item: str | None = None  # a list's item kind, for formats with typed lists (GEXF); None: one value


def node_attributes(model: DomainModel) -> list[Attribute]:
    return _union(exposed(model.node_properties(name)) for name in sorted(model.nodes))


def edge_attributes(model: DomainModel) -> list[Attribute]:
    return _union(exposed(model.relationship_properties(name)) for name in sorted(model.relationships))


def _union(groups: Any) -> list[Attribute]:
    """One attribute per property name; a name typed differently by two types is text."""
    attributes: dict[str, Attribute] = {}
    for properties in groups:
        for name, spec in properties.items():
            attribute = Attribute(name, _KINDS.get(spec.type, "string"), _ITEMS.get(spec.type))
            if attributes.setdefault(name, attribute) != attribute:
                attributes[name] = Attribute(name, "string")
    return list(attributes.values())


_JSON = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per value


def text(value: Any) -> str:
    """A property value as text: lists as JSON, booleans lower-case."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is bool:
        return "true" if value else "false"
    if kind is list or kind is dict:
        return _JSON(value)
    return str(value)
