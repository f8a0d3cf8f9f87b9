"""The domain model, declared once as YAML in ``schema/`` and loaded into typed specs."""

from chokepoint.schema.loader import load_model
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import NodeTypeSpec, PropertySpec, RelationshipTypeSpec

__all__ = ["DomainModel", "NodeTypeSpec", "PropertySpec", "RelationshipTypeSpec", "load_model"]
