"""GraphQL object types generated from the domain model at startup.

One object type per node label (implementing ``Entity``) and per relationship type (implementing
``Relationship``), with every typed property of the schema; a type added to ``schema/`` appears in
the API without code changes. :class:`TypeRegistry` turns query rows into these objects.
"""

from __future__ import annotations

import copy
import datetime as dt
import keyword
import types
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import strawberry
from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from chokepoint.api.lucene import tokens
from chokepoint.api.objects import POINTERS, GenericEntity, GenericRelationship, Relationship
from chokepoint.api.objects import Entity as EntityInterface
from chokepoint.deconfliction.pointers import ViewerPointers
from chokepoint.errors import InvalidModel
from chokepoint.markings import with_record_markings
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.log import PROPERTY as VALUE_LOG
from chokepoint.values.log import logged_properties
from chokepoint.values.shown import FLOORS, for_viewer
from chokepoint.values.totals import PROPERTY as TOTALS

Row = Mapping[str, Any]
_SCALARS: dict[str, type] = {
    "string": str,
    "integer": int,
    "float": float,
    "decimal": Decimal,
    "boolean": bool,
    "date": dt.date,
    "datetime": dt.datetime,
}
RELATIONSHIP_SUFFIX = "Relationship"
INTERNAL = frozenset({VALUE_LOG, TOTALS, *FLOORS})  # the engine's own properties: never in an answer


def _interface_fields(interface: type) -> dict[str, str]:
    """GraphQL name → Python attribute of the interface's fields."""
    definition = get_object_definition(interface, strict=True)
    return {
        (field.graphql_name or to_camel_case(field.python_name)): field.python_name
        for field in definition.fields
    }


ENTITY_FIELDS = _interface_fields(EntityInterface)
RELATIONSHIP_FIELDS = _interface_fields(Relationship)


def _annotation(spec: PropertySpec) -> Any:
    scalar = _SCALARS[spec.type.removesuffix("[]")]
    return (list[scalar] if spec.type.endswith("[]") else scalar) | None  # type: ignore[valid-type]


def _python_name(prop: str) -> str:
    return f"{prop}_" if keyword.iskeyword(prop) else prop


def pascal(rel_type: str) -> str:
    """``CONTROLS_ADDRESS`` → ``ControlsAddress``."""
    return "".join(part.capitalize() for part in rel_type.split("_"))


@dataclass(frozen=True)
class _Shape:
    """How a row's properties map onto one generated class's constructor."""

    cls: type
    attributes: Mapping[str, str]  # property name → Python attribute


def _generate(
    name: str, base: type, description: str, properties: Mapping[str, PropertySpec], fields: Mapping[str, str]
) -> _Shape:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    attributes = _shared(fields)
    for prop, spec in properties.items():
        if prop in fields or spec.internal:
            continue  # id and provenance are the interface's fields; the value log is never a field
        attr = _python_name(prop)
        annotations[attr] = _annotation(spec)
        namespace[attr] = strawberry.field(default=None, name=prop, description=spec.description)
        attributes[prop] = attr
    namespace["__annotations__"] = annotations
    cls = types.new_class(name, (base,), {}, lambda ns: ns.update(namespace))
    return _Shape(cls=strawberry.type(cls, description=description), attributes=attributes)


T = TypeVar("T")


class TypeRegistry:
    """The generated types of one model, and the conversion of query rows into them: for every
    viewer (the raw stored provenance), or, through :meth:`for_viewer`, for one viewer."""

    def __init__(self, model: DomainModel, reserved: frozenset[str]) -> None:
        self.model = model
        self._grants: frozenset[str] | None = None
        self._pointers: ViewerPointers | None = None  # deconfliction: owners opted in, for one viewer
        self._nodes: dict[str, _Shape] = {}
        self._relationships: dict[str, _Shape] = {}
        self._logged: dict[str, dict[str, PropertySpec]] = {}  # the value log's properties per type
        self._searchable = model.search_properties()
        for label, spec in model.nodes.items():
            self._logged[label] = logged_properties(spec.properties, spec.identity)
            _check_name(label, reserved)
            _check_collisions(label, model.node_properties(label), ENTITY_FIELDS)
            self._nodes[label] = _generate(
                label, EntityInterface, spec.description, model.node_properties(label), ENTITY_FIELDS
            )
        for rel_type, rel_spec in model.relationships.items():
            self._logged[rel_type] = logged_properties(rel_spec.properties, rel_spec.identity)
            name = pascal(rel_type) + RELATIONSHIP_SUFFIX
            _check_name(name, reserved | frozenset(self._nodes))
            _check_collisions(rel_type, model.relationship_properties(rel_type), RELATIONSHIP_FIELDS)
            self._relationships[rel_type] = _generate(
                name,
                Relationship,
                rel_spec.description,
                model.relationship_properties(rel_type),
                RELATIONSHIP_FIELDS,
            )

    def types(self) -> list[type]:
        """Every generated class (to register with the schema: nothing else refers to them by name)."""
        shapes = [*self._nodes.values(), *self._relationships.values()]
        return [shape.cls for shape in shapes]

    def for_viewer(self, grants: frozenset[str], pointers: ViewerPointers | None = None) -> TypeRegistry:
        """The same types, converting rows with provenance cut to what ``grants`` (PUBLIC included)
        see, and with ``pointers`` on elements that carry records of opted-in owners hidden from the
        viewer: one request's."""
        view = copy.copy(self)
        view._grants = grants
        view._pointers = pointers
        return view

    def _with_pointers(self, element: T, props: Mapping[str, Any]) -> T:
        """``element`` with the deconfliction pointers of its stored ``props``, when there are any."""
        if self._pointers is not None:
            given = self._pointers.of(props)
            if given:
                setattr(element, POINTERS, given)
        return element

    def _props(self, row: Row, kind: str | None) -> dict[str, Any]:
        props = row["props"]
        if self._grants is None:
            return {key: value for key, value in with_record_markings(props).items() if key not in INTERNAL}
        return for_viewer(props, self._grants, self._logged.get(kind) if kind else None)

    @property
    def logged(self) -> Mapping[str, Mapping[str, PropertySpec]]:
        """Each label's and relationship type's logged properties (what its value log replays)."""
        return self._logged

    def search_tokens(self, row: Row) -> set[str]:
        """The word tokens of a node's searchable values as this view shows them."""
        label = next((lb for lb in row["labels"] if lb in self._nodes), None)
        props = self._props(row, label)
        found: set[str] = set()
        for name in self._searchable.get(label or "", ()):
            value = props.get(name)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    found |= tokens(str(item))
        return found

    def shown(self, row: Row) -> dict[str, Any]:
        """The properties of a node (``{id, labels, props}``) or relationship (``{type, …}``) row as
        this view shows them: for use cases that compute on values (the interdiction planner)."""
        if "labels" in row:
            return self._props(row, next((lb for lb in sorted(row["labels"]) if lb in self._nodes), None))
        return self._props(row, str(row["type"]))

    def entity(self, row: Row) -> EntityInterface:
        """An Entity from ``{id, labels, props}``."""
        labels = sorted(row["labels"])
        label = next((lb for lb in labels if lb in self._nodes), None)
        props = self._props(row, label)
        common = {"id": row["id"], "labels": labels, "display_name": _display(self.model, label, props)}
        if label is None:
            return self._with_pointers(
                GenericEntity(**common, **_known(props, _shared(ENTITY_FIELDS))), row["props"]
            )
        shape = self._nodes[label]
        entity: EntityInterface = shape.cls(**common, **_known(props, shape.attributes))
        return self._with_pointers(entity, row["props"])

    def relationship(self, row: Row) -> Relationship:
        """A Relationship from ``{type, startId, endId, props}``."""
        common = {"type": row["type"], "start_id": row["startId"], "end_id": row["endId"]}
        shape = self._relationships.get(str(row["type"]))
        props = self._props(row, str(row["type"]))
        if shape is None:
            generic = GenericRelationship(**common, **_known(props, _shared(RELATIONSHIP_FIELDS)))
            return self._with_pointers(generic, row["props"])
        relationship: Relationship = shape.cls(**common, **_known(props, shape.attributes))
        return self._with_pointers(relationship, row["props"])


_COMPUTED = frozenset(
    {"id", "labels", "displayName", "neighbors", "type", "startId", "endId", "deconfliction"}
)


def _shared(fields: Mapping[str, str]) -> dict[str, str]:
    """Interface fields filled from stored properties (provenance); the others are set explicitly."""
    return {name: attr for name, attr in fields.items() if name not in _COMPUTED}


def _known(props: Mapping[str, Any], attributes: Mapping[str, str]) -> dict[str, Any]:
    return {attributes[key]: value for key, value in props.items() if key in attributes}


def _display(model: DomainModel, label: str | None, props: Mapping[str, Any]) -> str | None:
    if label is not None:
        value = props.get(model.node(label).display)
        if value is not None:
            return str(value)
    return str(props["name"]) if props.get("name") is not None else None


def _check_name(name: str, reserved: frozenset[str]) -> None:
    if name in reserved:
        raise InvalidModel(f"Type {name!r} collides with a type of the GraphQL API; rename it in schema/")


def _check_collisions(owner: str, properties: Mapping[str, PropertySpec], fields: Mapping[str, str]) -> None:
    for computed in _COMPUTED - {"id"}:
        if computed in properties and computed in fields:
            raise InvalidModel(
                f"Property {computed!r} of {owner} collides with the API's field of that name; rename it"
            )
