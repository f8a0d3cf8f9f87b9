"""Load ``schema/`` (common.yaml, nodes/*.yaml, relationships/*.yaml) into a DomainModel.

Every problem is an InvalidModel naming the file and the key: unknown keys, wrong types,
dangling endpoint references, duplicate names, or a file name that does not match its type.
Relationship endpoints may name a node group of ``common.yaml`` (``from: [parties]``); the model
holds them expanded into labels, so nothing downstream needs to know groups exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from chokepoint.errors import InvalidModel
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import (
    ANY_NODE,
    GROUP_PATTERN,
    CommonSpec,
    NodeTypeSpec,
    RelationshipTypeSpec,
)

SpecT = TypeVar("SpecT", bound=BaseModel)
TypeSpecT = TypeVar("TypeSpecT", NodeTypeSpec, RelationshipTypeSpec)
TypeSpec = NodeTypeSpec | RelationshipTypeSpec


def load_model(schema_dir: Path) -> DomainModel:
    """Read and validate every schema file under ``schema_dir``."""
    if not schema_dir.is_dir():
        raise InvalidModel(f"Schema directory {schema_dir} does not exist")
    common = _load_spec(schema_dir / "common.yaml", CommonSpec)
    nodes = _load_all(schema_dir / "nodes", NodeTypeSpec)
    relationships = _load_all(schema_dir / "relationships", RelationshipTypeSpec)
    _check_unique_names(nodes, relationships)
    _check_groups(schema_dir / "common.yaml", common, nodes, relationships)
    relationships = [(_expand_groups(spec, common), path) for spec, path in relationships]
    _check_endpoints(nodes, relationships)
    _check_places(nodes, relationships)
    _check_no_shadowing(common, nodes, relationships)
    return DomainModel(
        common=common,
        nodes={spec.name: spec for spec, _ in nodes},
        relationships={spec.name: spec for spec, _ in relationships},
        source_dir=schema_dir,
    )


def _load_all(folder: Path, spec_type: type[TypeSpecT]) -> list[tuple[TypeSpecT, Path]]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise InvalidModel(f"{folder}: no *.yaml schema files")
    loaded = []
    for path in files:
        spec = _load_spec(path, spec_type)
        expected_stem = _snake(spec.name)
        if path.stem != expected_stem:
            raise InvalidModel(f"{path}: name: {spec.name!r} must live in {expected_stem}.yaml")
        loaded.append((spec, path))
    return loaded


def _load_spec(path: Path, spec_type: type[SpecT]) -> SpecT:
    return validated_spec(read_yaml(path, "schema file"), spec_type, str(path))


def read_yaml(path: Path, what: str) -> Any:
    """A YAML file of the schema folder; an InvalidModel naming the file when it cannot be read."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidModel(f"{path}: cannot read {what}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InvalidModel(f"{path}: not valid YAML: {exc}") from exc


def validated_spec(raw: Any, spec_type: type[SpecT], where: str) -> SpecT:
    """``raw`` as a ``spec_type``; an InvalidModel naming ``where`` and the first key at fault."""
    if not isinstance(raw, dict):
        raise InvalidModel(f"{where}: expected a mapping at the top level")
    try:
        return spec_type.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise InvalidModel(f"{where}: {key}: {first['msg']}") from exc


def _snake(name: str) -> str:
    if name.isupper() or "_" in name:
        return name.lower()
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _check_unique_names(
    nodes: list[tuple[NodeTypeSpec, Path]], rels: list[tuple[RelationshipTypeSpec, Path]]
) -> None:
    seen: dict[str, Path] = {}
    named: list[tuple[TypeSpec, Path]] = [*nodes, *rels]
    for spec, path in named:
        key = spec.name.lower()
        if key in seen:
            raise InvalidModel(f"{path}: name: {spec.name!r} is already declared in {seen[key]}")
        seen[key] = path


def _check_groups(
    path: Path,
    common: CommonSpec,
    nodes: list[tuple[NodeTypeSpec, Path]],
    rels: list[tuple[RelationshipTypeSpec, Path]],
) -> None:
    labels = {spec.name for spec, _ in nodes}
    for name, group in common.node_groups.items():
        for member in group.members:
            if member not in labels:
                raise InvalidModel(f"{path}: node_groups.{name}: unknown node type {member!r}")
    types = {spec.name for spec, _ in rels}
    for name, rel_group in common.relationship_groups.items():
        for member in rel_group.members:
            if member not in types:
                raise InvalidModel(
                    f"{path}: relationship_groups.{name}: unknown relationship type {member!r}"
                )
    specs = {spec.name: spec for spec, _ in nodes}
    for name, value_group in common.value_groups.items():
        label, _, prop = value_group.property.partition(".")
        declared = specs[label].properties.get(prop) if label in specs else None
        if declared is None or declared.enum is None:
            raise InvalidModel(
                f"{path}: value_groups.{name}: {value_group.property} is not an enumerated node property"
            )
        for member in value_group.members:
            if member not in declared.enum:
                raise InvalidModel(
                    f"{path}: value_groups.{name}: {member!r} is not a value of {value_group.property}"
                )


def _expand_groups(spec: RelationshipTypeSpec, common: CommonSpec) -> RelationshipTypeSpec:
    """The spec with every group name in ``from``/``to`` replaced by its members, in order."""

    def expand(endpoints: tuple[str, ...]) -> tuple[str, ...]:
        labels: list[str] = []
        for endpoint in endpoints:
            group = common.node_groups.get(endpoint)
            labels += group.members if group is not None else [endpoint]
        return tuple(dict.fromkeys(labels))

    return spec.model_copy(update={"source": expand(spec.source), "target": expand(spec.target)})


def _check_endpoints(
    nodes: list[tuple[NodeTypeSpec, Path]], rels: list[tuple[RelationshipTypeSpec, Path]]
) -> None:
    labels = {spec.name for spec, _ in nodes}
    for spec, path in rels:
        for key, endpoints in (("from", spec.source), ("to", spec.target)):
            for label in endpoints:
                if re.match(GROUP_PATTERN, label):
                    raise InvalidModel(f"{path}: {key}: unknown node group {label!r} (see common.yaml)")
                if label != ANY_NODE and label not in labels:
                    raise InvalidModel(f"{path}: {key}: unknown node type {label!r}")


def _check_places(
    nodes: list[tuple[NodeTypeSpec, Path]], rels: list[tuple[RelationshipTypeSpec, Path]]
) -> None:
    """A type placed ``at`` a relationship: the type leaves from this one and every type it leads to
    has coordinates of its own (the map places one hop away, never a chain of hops)."""
    by_label = {spec.name: spec for spec, _ in nodes}
    by_type = {spec.name: spec for spec, _ in rels}
    for spec, path in nodes:
        if spec.place is None or spec.place.at is None:
            continue
        link = by_type.get(spec.place.at)
        if link is None or spec.name not in link.source:
            raise InvalidModel(f"{path}: place.at: {spec.place.at!r} is not a relationship from {spec.name}")
        for label in link.target:
            target = by_label.get(label)
            if target is None or target.place is None or target.place.latitude is None:
                raise InvalidModel(
                    f"{path}: place.at: {spec.place.at!r} leads to {label}, which has no place.latitude "
                    "and place.longitude"
                )


def _check_no_shadowing(
    common: CommonSpec,
    nodes: list[tuple[NodeTypeSpec, Path]],
    rels: list[tuple[RelationshipTypeSpec, Path]],
) -> None:
    reserved = set(common.node_properties) | set(common.provenance)
    named: list[tuple[TypeSpec, Path]] = [*nodes, *rels]
    for spec, path in named:
        for prop in spec.properties:
            if prop in reserved:
                raise InvalidModel(f"{path}: properties.{prop}: shadows a common property from common.yaml")
