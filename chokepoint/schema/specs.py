"""Typed specs for the schema files: a mistyped key fails at load time, not in production."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PropertyType = Literal[
    "string",
    "integer",
    "float",
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
ANY_NODE = "*"


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
    import re

    for name in properties:
        if not re.match(PROPERTY_PATTERN, name):
            raise ValueError(f"property name {name!r} is not lowerCamelCase ({PROPERTY_PATTERN})")


class NodeTypeSpec(_Spec):
    """A node type: label, identity keys and properties (provenance is added by the model)."""

    name: str = Field(pattern=LABEL_PATTERN)
    description: str = Field(min_length=3)
    identity: tuple[str, ...] = Field(min_length=1)
    properties: dict[str, PropertySpec]
    display: str = Field(default="name", description="property shown as the node's caption")

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
        return self


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

    @model_validator(mode="after")
    def _identity_is_declared(self) -> RelationshipTypeSpec:
        _check_property_names(self.properties)
        for key in self.identity:
            if key not in self.properties or not self.properties[key].required:
                raise ValueError(f"identity key {key!r} must be a declared, required property")
        return self


class CommonSpec(_Spec):
    """``schema/common.yaml``: the base label, the id every node has, and provenance."""

    base_label: str = Field(pattern=LABEL_PATTERN)
    node_properties: dict[str, PropertySpec]
    provenance: dict[str, PropertySpec]

    @model_validator(mode="after")
    def _has_id(self) -> CommonSpec:
        _check_property_names(self.node_properties)
        _check_property_names(self.provenance)
        if "id" not in self.node_properties:
            raise ValueError("node_properties must declare 'id'")
        return self
