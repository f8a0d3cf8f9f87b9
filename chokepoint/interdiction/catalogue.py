"""The interdiction actions of ``schema/interdiction.yaml``, loaded and checked against the schema.

An action says which elements it applies to (a :class:`Rule`: a label, property values and linked
neighbours), what it costs on the file's relative scale, and which agencies can take it. Every name a
rule uses (label, property, enum value, relationship type and direction) must exist in the domain
model, so a typo fails at start with the entry named, not as a plan that silently matches nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chokepoint.errors import InvalidModel
from chokepoint.schema.loader import read_yaml, validated_spec
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import ANY_NODE

FILE_NAME = "interdiction.yaml"
Value = str | int | float | bool


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Near(_Spec):
    """A neighbour the element must have: linked over ``relationship`` (``in``: the neighbour is the
    link's start), with ``label`` and, optionally, property values."""

    relationship: str
    direction: Literal["in", "out", "both"] = "both"
    label: str
    where: dict[str, tuple[Value, ...]] = Field(default_factory=dict)


class Rule(_Spec):
    """Which elements: a node label, property values each property must hold one of (a list
    property: share one), values it must not hold (an absent value holds none), and neighbours it
    must have."""

    label: str
    where: dict[str, tuple[Value, ...]] = Field(default_factory=dict)
    where_not: dict[str, tuple[Value, ...]] = Field(default_factory=dict)  # none of these values
    near: tuple[Near, ...] = ()


class LinkRule(_Spec):
    """Which relationships: a type, and optionally what its start and end nodes must be."""

    type: str
    start: Rule | None = None
    end: Rule | None = None


class Status(_Spec):
    description: str = Field(min_length=3)
    any: tuple[Rule, ...] = Field(min_length=1)


class Action(_Spec):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")
    title: str = Field(min_length=3)
    description: str = ""
    match: Rule | None = None  # an action on a node …
    link: LinkRule | None = None  # … or on a relationship (a supply route), never both
    unless: tuple[str, ...] = ()  # statuses under which the action is not offered (nodes only)
    cost: float = Field(gt=0)
    agencies: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_target(self) -> Action:
        if (self.match is None) == (self.link is None):
            raise ValueError("give either match (a node rule) or link (a relationship rule)")
        if self.link is not None and self.unless:
            raise ValueError("unless applies to node actions only")
        return self


class Catalogue(_Spec):
    """The whole file."""

    cost_scale: dict[float, str] = Field(min_length=1)
    agencies: dict[str, str] = Field(min_length=1)
    statuses: dict[str, Status] = Field(default_factory=dict)
    actions: tuple[Action, ...] = Field(min_length=1)
    not_cuttable: tuple[Rule, ...] = ()

    def link_types(self) -> list[str]:
        """The relationship types some action cuts."""
        return sorted({a.link.type for a in self.actions if a.link is not None})

    def link_ends(self, types: list[str], model: DomainModel) -> set[str]:
        """Node labels a link action over ``types`` may have at either end."""
        labels: set[str] = set()
        for action in self.actions:
            rule = action.link
            if rule is None or rule.type not in types:
                continue
            spec = model.relationship(rule.type)
            for end, allowed in ((rule.start, spec.source), (rule.end, spec.target)):
                if end is not None:
                    labels.add(end.label)
                elif ANY_NODE in allowed:
                    labels |= set(model.nodes)
                else:
                    labels |= set(allowed)
        return labels

    def neighbourhood_types(self) -> list[str]:
        """The relationship types any rule looks across (what the planner reads around each node)."""
        rules = [a.match for a in self.actions if a.match is not None] + list(self.not_cuttable)
        rules += [
            rule for a in self.actions if a.link is not None for rule in (a.link.start, a.link.end) if rule
        ]
        rules += [rule for status in self.statuses.values() for rule in status.any]
        return sorted({near.relationship for rule in rules for near in rule.near})


def load_catalogue(schema_dir: Path, model: DomainModel) -> Catalogue:
    """Read ``schema_dir/interdiction.yaml`` and check every name it uses against ``model``."""
    path = schema_dir / FILE_NAME
    return parse_catalogue(read_yaml(path, "the interdiction actions"), model, str(path))


def parse_catalogue(raw: Any, model: DomainModel, where: str = FILE_NAME) -> Catalogue:
    """:func:`load_catalogue` on an already parsed document (``where`` names it in errors)."""
    catalogue = validated_spec(raw, Catalogue, where)
    _check(catalogue, model, where)
    return catalogue


def _check(catalogue: Catalogue, model: DomainModel, where: str) -> None:
    names = [action.name for action in catalogue.actions]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidModel(f"{where}: actions: {', '.join(duplicates)} declared twice")
    for name, status in catalogue.statuses.items():
        for i, rule in enumerate(status.any):
            _check_rule(rule, model, f"{where}: statuses.{name}.any.{i}")
    for action in catalogue.actions:
        at = f"{where}: actions.{action.name}"
        if action.match is not None:
            _check_rule(action.match, model, f"{at}.match")
        if action.link is not None:
            _check_link(action.link, model, f"{at}.link")
        unknown = [a for a in action.agencies if a not in catalogue.agencies]
        if unknown:
            raise InvalidModel(f"{at}.agencies: {', '.join(unknown)} not among the file's agencies")
        unknown = [s for s in action.unless if s not in catalogue.statuses]
        if unknown:
            raise InvalidModel(f"{at}.unless: {', '.join(unknown)} not among the file's statuses")
    for i, rule in enumerate(catalogue.not_cuttable):
        _check_rule(rule, model, f"{where}: not_cuttable.{i}")


def _check_rule(rule: Rule, model: DomainModel, at: str) -> None:
    _check_values(rule.label, rule.where, model, at)
    _check_values(rule.label, rule.where_not, model, at, "where_not")
    for i, near in enumerate(rule.near):
        near_at = f"{at}.near.{i}"
        if near.relationship not in model.relationships:
            raise InvalidModel(f"{near_at}.relationship: {near.relationship!r} is not a relationship type")
        start, end = (near.label, rule.label) if near.direction == "in" else (rule.label, near.label)
        allowed = model.allows(near.relationship, start, end)
        if near.direction == "both":
            allowed = allowed or model.allows(near.relationship, end, start)
        if not allowed:
            raise InvalidModel(
                f"{near_at}: the schema has no {near.relationship} link between {rule.label} and "
                f"{near.label} pointing {near.direction}"
            )
        _check_values(near.label, near.where, model, near_at)


def _check_link(link: LinkRule, model: DomainModel, at: str) -> None:
    if link.type not in model.relationships:
        raise InvalidModel(f"{at}.type: {link.type!r} is not a relationship type")
    spec = model.relationship(link.type)
    for end, rule, allowed in (("start", link.start, spec.source), ("end", link.end, spec.target)):
        if rule is None:
            continue
        _check_rule(rule, model, f"{at}.{end}")
        if rule.label not in allowed and ANY_NODE not in allowed:
            raise InvalidModel(f"{at}.{end}.label: a {link.type} link never has a {rule.label} at its {end}")


def _check_values(
    label: str, where: dict[str, tuple[Value, ...]], model: DomainModel, at: str, key: str = "where"
) -> None:
    if label not in model.nodes:
        raise InvalidModel(f"{at}.label: {label!r} is not a node label")
    properties = model.node_properties(label)
    for prop, values in where.items():
        spec = properties.get(prop)
        if spec is None:
            raise InvalidModel(f"{at}.{key}: {label} has no property {prop!r}")
        if not values:
            raise InvalidModel(f"{at}.{key}.{prop}: list at least one value")
        if spec.enum is not None:
            unknown = [str(v) for v in values if v not in spec.enum]
            if unknown:
                raise InvalidModel(
                    f"{at}.{key}.{prop}: {', '.join(unknown)} not among {label}.{prop}'s values"
                )
        wanted = bool if spec.type == "boolean" else str if spec.type.startswith("string") else None
        if wanted is not None and not all(type(v) is wanted for v in values):
            raise InvalidModel(f"{at}.{key}.{prop}: {label}.{prop} holds {spec.type} values")


_LOADED: dict[Path, Catalogue] = {}


def catalogue_of(model: DomainModel) -> Catalogue:
    """The actions file beside ``model``'s schema (``schema/interdiction.yaml``), read once per process."""
    folder = model.source_dir
    if folder is None:
        raise InvalidModel("The domain model was built in memory: it has no interdiction actions file")
    if folder not in _LOADED:
        _LOADED[folder] = load_catalogue(folder, model)
    return _LOADED[folder]
