"""Attribute declarations for the link-chart formats, derived from the schema (declared up front,
so writers can stream), and value rendering."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chokepoint.schema import DomainModel
from chokepoint.schema.model import exposed

_KINDS = {"integer": "integer", "float": "float", "boolean": "boolean"}  # everything else is text


@dataclass(frozen=True)
class Attribute:
    name: str
    kind: str  # "string", "integer", "float" or "boolean"


def node_attributes(model: DomainModel) -> list[Attribute]:
    return _union(exposed(model.node_properties(name)) for name in sorted(model.nodes))


def edge_attributes(model: DomainModel) -> list[Attribute]:
    return _union(exposed(model.relationship_properties(name)) for name in sorted(model.relationships))


def _union(groups: Any) -> list[Attribute]:
    kinds: dict[str, str] = {}
    for properties in groups:
        for name, spec in properties.items():
            kind = _KINDS.get(spec.type, "string")
            kinds[name] = kind if kinds.get(name, kind) == kind else "string"
    return [Attribute(name, kind) for name, kind in kinds.items()]


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
