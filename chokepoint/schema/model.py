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
    StyleSpec,
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

    @property
    def caveats(self) -> tuple[str, ...]:
        """Every handling caveat, from least to most restrictive."""
        return tuple(caveat.name for caveat in self.common.caveats)

    def caveats_with(self, sharing: str) -> tuple[str, ...]:
        """The caveats whose ``sharing`` is ``public``, ``owner`` or ``originator``, in order."""
        return tuple(c.name for c in self.common.caveats if c.sharing == sharing)

    def group(self, name: str) -> tuple[str, ...]:
        """The node types of the named group in ``common.yaml`` (``parties``, ``resolvable`` …)."""
        try:
            return self.common.node_groups[name].members
        except KeyError:
            known = ", ".join(self.common.node_groups)
            raise NotFound(f"Unknown node group {name!r}; known: {known}") from None

    def relationship_group(self, name: str) -> tuple[str, ...]:
        """The relationship types of the named group in ``common.yaml`` (``exposure``)."""
        try:
            return self.common.relationship_groups[name].members
        except KeyError:
            known = ", ".join(self.common.relationship_groups)
            raise NotFound(f"Unknown relationship group {name!r}; known: {known}") from None

    def value_group(self, name: str) -> tuple[str, ...]:
        """The values of the named value group in ``common.yaml`` (``money_brokers``: organisation kinds)."""
        try:
            return self.common.value_groups[name].members
        except KeyError:
            known = ", ".join(self.common.value_groups)
            raise NotFound(f"Unknown value group {name!r}; known: {known}") from None

    def programs(self, group: str) -> tuple[str, ...]:
        """The sanctions programme codes of the named programme group (``drugs``)."""
        try:
            return self.common.program_groups[group].programs
        except KeyError:
            known = ", ".join(self.common.program_groups)
            raise NotFound(f"Unknown programme group {group!r}; known: {known}") from None

    def event_date(self, name: str) -> str:
        """The property that dates a node or relationship of type ``name`` (else the first common one)."""
        return self.event_dates(name)[0]

    def event_dates(self, name: str) -> tuple[str, ...]:
        """The properties that date an element of type ``name``, in order: the first it has a value
        of dates it (its type's own event date, then the common ones)."""
        spec = self.nodes.get(name) or self.relationship(name)
        own = (spec.event_date,) if spec.event_date else ()
        return (*own, *(date for date in self.common.event_date if date not in own))

    def style(self, label: str) -> StyleSpec | None:
        """How nodes of ``label`` are drawn; None for a type that declares no style yet."""
        return self.node(label).style

    def captions(self) -> dict[str, str]:
        """Per node label, the property that names a node of it (its ``display``)."""
        return {label: spec.display for label, spec in self.nodes.items()}

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

    def relationship_identity_keys(self) -> list[str]:
        """Every relationship type's identity keys, sorted: what tells parallel links of one type
        apart in every assertion (a stable order that no viewer's records can change)."""
        return sorted({key for spec in self.relationships.values() for key in spec.identity})

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


def exposed(properties: dict[str, PropertySpec]) -> dict[str, PropertySpec]:
    """``properties`` less the engine's own (``internal``: the value log), for charts and answers."""
    return {name: spec for name, spec in properties.items() if not spec.internal}
