"""The loaded domain model: the one allow-list of labels, types and properties."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chokepoint.errors import NotFound
from chokepoint.schema.specs import (
    ANY_NODE,
    CommonSpec,
    NodeTypeSpec,
    PropertySpec,
    RelationshipTypeSpec,
)

ID_SEPARATOR = "|"


@dataclass(frozen=True)
class DomainModel:
    """Node and relationship types, keyed by label / relationship type."""

    common: CommonSpec
    nodes: Mapping[str, NodeTypeSpec]
    relationships: Mapping[str, RelationshipTypeSpec]
    source_dir: Path | None = None  # where it was loaded from (worker processes load it again)

    @property
    def base_label(self) -> str:
        return self.common.base_label

    def node(self, name: str) -> NodeTypeSpec:
        try:
            return self.nodes[name]
        except KeyError:
            raise NotFound(f"Unknown node type {name!r}; known: {', '.join(self.nodes)}") from None

    def relationship(self, name: str) -> RelationshipTypeSpec:
        try:
            return self.relationships[name]
        except KeyError:
            known = ", ".join(self.relationships)
            raise NotFound(f"Unknown relationship type {name!r}; known: {known}") from None

    def node_properties(self, name: str) -> dict[str, PropertySpec]:
        """Every property a node of this type may carry: id, its own, then provenance."""
        spec = self.node(name)
        return {**self.common.node_properties, **spec.properties, **self.common.provenance}

    def relationship_properties(self, name: str) -> dict[str, PropertySpec]:
        return {**self.relationship(name).properties, **self.common.provenance}

    def allows(self, rel_type: str, source: str, target: str) -> bool:
        """True when the schema lets ``rel_type`` run from a ``source`` node to a ``target``."""
        spec = self.relationship(rel_type)
        return (ANY_NODE in spec.source or source in spec.source) and (
            ANY_NODE in spec.target or target in spec.target
        )

    def node_id(self, name: str, identity: Mapping[str, Any]) -> str:
        """The global id of a node: ``Label:key1|key2`` over its identity keys, in order.

        Types whose identity is their own ``id`` keep it as given.
        """
        spec = self.node(name)
        if spec.identity == ("id",):
            return str(identity["id"])
        return f"{name}:" + ID_SEPARATOR.join(str(identity[key]) for key in spec.identity)

    def search_properties(self) -> dict[str, tuple[str, ...]]:
        """Labels and the string properties of theirs that feed the full-text index."""
        return {
            name: tuple(p for p, prop in spec.properties.items() if prop.search)
            for name, spec in self.nodes.items()
            if any(prop.search for prop in spec.properties.values())
        }
