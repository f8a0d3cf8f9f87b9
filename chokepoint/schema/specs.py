"""Typed specs for the schema files: a mistyped key fails at load time, not in production."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PropertyType = Literal[
    "string",
    "integer",
    "float",
    "decimal",
    "boolean",
    "date",
    "datetime",
    "string[]",
    "integer[]",
    "float[]",
]

LABEL_PATTERN = r"^[A-Z][A-Za-z0-9]{1,63}$"  # PascalCase node labels
REL_TYPE_PATTERN = r"^[A-Z][A-Z0-9_]{1,63}$"  # UPPER_SNAKE relationship types
PROPERTY_PATTERN = r"^[a-z][A-Za-z0-9]{0,63}$"  # lowerCamel property names
GROUP_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"  # lower_snake group names, never mistaken for a label
CAVEAT_PATTERN = r"^[A-Z][A-Z0-9-]{1,31}$"
COLOUR_PATTERN = r"^#[0-9a-f]{6}$"
ANY_NODE = "*"
EVENT_DATE_TYPES = ("date", "datetime")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PropertySpec(_Spec):
    """One property: its type, whether it is required, and how it is indexed."""

    type: PropertyType
    description: str = Field(min_length=3)
    required: bool = False
    enum: tuple[str, ...] | None = None
    indexed: bool = False  # a range index, for lookups and ORDER BY
    search: bool = False  # part of the full-text index behind `search`
    internal: bool = False  # kept for the engine (the value log): never an API field or a chart attribute
    merge: Literal["replace", "earliest", "latest", "union"] = Field(
        default="replace",
        description="how a new value combines with the stored one: replace it, keep the earliest / "
        "latest of the two (first-seen and last-seen dates), or add new list items (aliases, assets)",
    )

    @model_validator(mode="after")
    def _enum_only_on_strings(self) -> PropertySpec:
        if self.enum is not None and self.type not in ("string", "string[]"):
            raise ValueError(f"enum is only allowed on string properties, not {self.type}")
        if self.search and self.type not in ("string", "string[]"):
            raise ValueError("search is only allowed on string properties")
        if self.merge in ("earliest", "latest") and self.type.endswith("[]"):
            raise ValueError("earliest/latest merge rules need a scalar property")
        if self.merge == "union" and not self.type.endswith("[]"):
            raise ValueError("the union merge rule needs a list property")
        return self


def _check_property_names(properties: dict[str, PropertySpec]) -> None:
    for name in properties:
        if not re.match(PROPERTY_PATTERN, name):
            raise ValueError(f"property name {name!r} is not lowerCamelCase ({PROPERTY_PATTERN})")


class StyleSpec(_Spec):
    """How a node type is drawn: link-chart exports and the browser workspace read it."""

    icon: str = Field(min_length=1, description="i2 Analyst's Notebook standard icon name (ANX IconFile)")
    colour: str = Field(pattern=COLOUR_PATTERN, description="lower-case #rrggbb")
    size: float = Field(default=10.0, gt=0, le=100, description="drawn size on a chart (GEXF viz:size)")


class PlaceSpec(_Spec):
    """Where a node of the type stands on the workspace's map: its own WGS84 coordinates
    (``latitude`` and ``longitude`` name float properties), or the place a relationship of type ``at``
    leads to (a seizure stands where it was ``SEIZED_AT``). A node without them is not on the map."""

    latitude: str | None = Field(default=None, description="float property holding the WGS84 latitude")
    longitude: str | None = Field(default=None, description="float property holding the WGS84 longitude")
    at: str | None = Field(
        default=None, pattern=REL_TYPE_PATTERN, description="relationship type to a placed node"
    )

    @model_validator(mode="after")
    def _one_way_of_placing(self) -> PlaceSpec:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude are declared together")
        if (self.latitude is None) == (self.at is None):
            raise ValueError("a place is either latitude and longitude or at (a relationship type)")
        return self


class NodeTypeSpec(_Spec):
    """A node type: label, identity keys and properties (provenance is added by the model)."""

    name: str = Field(pattern=LABEL_PATTERN)
    description: str = Field(min_length=3)
    identity: tuple[str, ...] = Field(min_length=1)
    properties: dict[str, PropertySpec]
    display: str = Field(default="name", description="property shown as the node's caption")
    style: StyleSpec | None = None  # optional so a draft type loads; a test requires it of every type
    event_date: str | None = Field(
        default=None, description="date or datetime property that dates the element on a timeline"
    )
    place: PlaceSpec | None = None  # on the workspace's map; None: not drawn there

    @model_validator(mode="after")
    def _identity_is_declared(self) -> NodeTypeSpec:
        _check_property_names(self.properties)
        for key in self.identity:
            if key == "id":  # the common id, declared in common.yaml
                continue
            if key not in self.properties:
                raise ValueError(f"identity key {key!r} is not a declared property")
            if not self.properties[key].required:
                raise ValueError(f"identity key {key!r} must be required")
        if self.display not in self.properties:
            raise ValueError(f"display property {self.display!r} is not a declared property")
        _check_event_date(self.event_date, self.properties)
        if self.place is not None:
            for coordinate in (self.place.latitude, self.place.longitude):
                if coordinate is not None and (
                    coordinate not in self.properties or self.properties[coordinate].type != "float"
                ):
                    raise ValueError(f"place: {coordinate!r} is not a declared float property")
        return self


def _check_event_date(name: str | None, properties: dict[str, PropertySpec]) -> None:
    if name is not None and (name not in properties or properties[name].type not in EVENT_DATE_TYPES):
        raise ValueError(f"event_date {name!r} is not a declared date or datetime property")


class RelationshipTypeSpec(_Spec):
    """A relationship type: direction, allowed endpoints and properties."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(pattern=REL_TYPE_PATTERN)
    description: str = Field(min_length=3)
    source: tuple[str, ...] = Field(alias="from", min_length=1)
    target: tuple[str, ...] = Field(alias="to", min_length=1)
    properties: dict[str, PropertySpec] = Field(default_factory=dict)
    identity: tuple[str, ...] = Field(
        default=(),
        description="keys that tell parallel relationships of this type apart (e.g. txHash)",
    )
    event_date: str | None = Field(
        default=None, description="date or datetime property that dates the element on a timeline"
    )

    @model_validator(mode="after")
    def _identity_is_declared(self) -> RelationshipTypeSpec:
        _check_property_names(self.properties)
        _check_event_date(self.event_date, self.properties)
        for key in self.identity:
            if key not in self.properties or not self.properties[key].required:
                raise ValueError(f"identity key {key!r} must be a declared, required property")
        return self


class CaveatSpec(_Spec):
    """A handling caveat. Who may see a record under it is ``sharing``:

    ``public`` every viewer, without a grant; ``owner`` its agency, and the agencies the access file
    shares it with; ``originator`` its agency only (the access file cannot share it).
    """

    name: str = Field(pattern=CAVEAT_PATTERN)
    description: str = Field(min_length=3)
    sharing: Literal["public", "owner", "originator"]


class NodeGroupSpec(_Spec):
    """A named group of node types: code and relationship endpoints name the group, not its members."""

    description: str = Field(min_length=3)
    members: tuple[str, ...] = Field(min_length=1)


class RelationshipGroupSpec(_Spec):
    """A named group of relationship types: code names the group, not its members."""

    description: str = Field(min_length=3)
    members: tuple[str, ...] = Field(min_length=1)


class ValueGroupSpec(_Spec):
    """A named group of the values of one enumerated property (``Organization.kinds``): a query or
    a use case names the group, not its members."""

    description: str = Field(min_length=3)
    property: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$", description="Label.property")
    members: tuple[str, ...] = Field(min_length=1)


class ProgramGroupSpec(_Spec):
    """A named group of sanctions programme codes (``--programs drugs``)."""

    description: str = Field(min_length=3)
    programs: tuple[str, ...] = Field(min_length=1)


class CommonSpec(_Spec):
    """``schema/common.yaml``: the base label, the id every node has, provenance and the vocabulary."""

    base_label: str = Field(pattern=LABEL_PATTERN)
    node_properties: dict[str, PropertySpec]
    provenance: dict[str, PropertySpec]
    caveats: tuple[CaveatSpec, ...] = Field(min_length=1, description="least to most restrictive")
    node_groups: dict[str, NodeGroupSpec] = Field(default_factory=dict)
    relationship_groups: dict[str, RelationshipGroupSpec] = Field(default_factory=dict)
    value_groups: dict[str, ValueGroupSpec] = Field(default_factory=dict)
    program_groups: dict[str, ProgramGroupSpec] = Field(default_factory=dict)
    event_date: tuple[str, ...] = Field(
        min_length=1,
        description="common properties dating an element whose type declares none, or whose own date "
        "it lacks: the first of them it has",
    )

    @model_validator(mode="before")
    @classmethod
    def _caveat_enum_from_caveats(cls, raw: Any) -> Any:
        """``provenance.caveat`` takes its values, in order, from ``caveats``: declared once."""
        try:
            caveat = raw["provenance"]["caveat"]
            names = [item["name"] for item in raw["caveats"]]
        except (KeyError, TypeError):
            return raw  # the field validators name what is missing
        if isinstance(caveat, dict):
            if "enum" in caveat:
                raise ValueError("provenance.caveat: leave out enum, its values come from caveats")
            provenance = {**raw["provenance"], "caveat": {**caveat, "enum": names}}
            return {**raw, "provenance": provenance}
        return raw

    @model_validator(mode="after")
    def _has_id(self) -> CommonSpec:
        _check_property_names(self.node_properties)
        _check_property_names(self.provenance)
        if "id" not in self.node_properties:
            raise ValueError("node_properties must declare 'id'")
        if "caveat" not in self.provenance:
            raise ValueError("provenance must declare 'caveat'")
        for name in self.event_date:
            _check_event_date(name, {**self.node_properties, **self.provenance})
        return self

    @model_validator(mode="after")
    def _vocabulary_is_consistent(self) -> CommonSpec:
        names = [caveat.name for caveat in self.caveats]
        if len(set(names)) != len(names):
            raise ValueError(f"caveats: a caveat is listed twice in {', '.join(names)}")
        if [c.sharing for c in self.caveats].count("public") != 1:
            raise ValueError("caveats: exactly one caveat has sharing: public")
        for group in [*self.node_groups, *self.relationship_groups, *self.value_groups, *self.program_groups]:
            if not re.match(GROUP_PATTERN, group):
                raise ValueError(f"group name {group!r} is not lower_snake_case ({GROUP_PATTERN})")
        return self
