"""The Maltego icon of each node type, from ``schema/maltego.yaml``, checked against the schema.

Every node type must be listed and nothing else may be, so a new type (or a typo) fails the export
with the file and key named, never a chart whose entities Maltego draws with no icon."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, Field

from chokepoint.errors import InvalidModel
from chokepoint.schema.loader import read_yaml, validated_spec
from chokepoint.schema.model import DomainModel

FILE_NAME = "maltego.yaml"
# A Maltego icon resource: a name, or a folder of Maltego's icon set and a name (General/Clock)
ICON_PATTERN = r"^[A-Za-z][A-Za-z0-9]*(/[A-Za-z][A-Za-z0-9]*)*$"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntitySpec(_Spec):
    icon: str = Field(pattern=ICON_PATTERN, description="Maltego standard icon resource name")


class MaltegoSpec(_Spec):
    entities: dict[str, EntitySpec]


def load_icons(path: Path, model: DomainModel) -> Mapping[str, str]:
    """``path`` (a ``maltego.yaml``) as each node type's icon; an InvalidModel naming the file and the
    key at fault (a malformed entry, a type the schema does not declare, a type left out)."""
    spec = validated_spec(read_yaml(path, "the Maltego entity icons"), MaltegoSpec, str(path))
    for label in spec.entities:
        if label not in model.nodes:
            raise InvalidModel(f"{path}: entities.{label}: not a node type of the schema")
    for label in sorted(model.nodes):
        if label not in spec.entities:
            raise InvalidModel(f"{path}: entities.{label}: missing (every node type needs a Maltego icon)")
    return MappingProxyType({label: spec.entities[label].icon for label in sorted(spec.entities)})


_LOADED: dict[tuple[Path, frozenset[str]], Mapping[str, str]] = {}


def icons_of(model: DomainModel) -> Mapping[str, str]:
    """The icons file beside ``model``'s schema, read once per process (and per set of node types)."""
    folder = model.source_dir
    if folder is None:
        raise InvalidModel("The domain model was built in memory: it has no Maltego icons file")
    key = (folder, frozenset(model.nodes))
    if key not in _LOADED:
        _LOADED[key] = load_icons(folder / FILE_NAME, model)
    return _LOADED[key]
