"""Run a saved investigation with typed, checked parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chokepoint.errors import InvalidInput
from chokepoint.graph import CypherQuery, Graph
from chokepoint.investigations.catalog import Investigation, coerce


def bind(investigation: Investigation, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter: the given value coerced to its type, or the default."""
    for name in given:
        investigation.parameter(name)  # an unknown name fails here
    bound: dict[str, Any] = {}
    for parameter in investigation.parameters:
        if parameter.name in given:
            try:
                bound[parameter.name] = coerce(parameter.type, given[parameter.name])
            except ValueError as exc:
                raise InvalidInput(f"{investigation.name}: parameter {parameter.name}: {exc}") from None
        elif parameter.required:
            raise InvalidInput(
                f"{investigation.name}: parameter {parameter.name} ({parameter.type}) is required"
            )
        else:
            bound[parameter.name] = parameter.default
    return bound


def run(graph: Graph, investigation: Investigation, given: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows of the investigation; read-only, so it can run on a cluster's followers."""
    query = CypherQuery(name=f"investigation {investigation.name}", text=investigation.cypher)
    return graph.read(query, **bind(investigation, given))
