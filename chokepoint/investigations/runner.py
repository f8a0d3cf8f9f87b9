"""Run a saved investigation with typed, checked parameters, for one viewer's grants.

``$grants`` is reserved: the runner binds it from the viewer (PUBLIC included) and refuses it from a
caller. The API runs an investigation with its viewer's grants; the CLI, which reads the whole
database anyway, with every grant present in it (the development viewer's view). So is
``$everything``: true for the CLI's view alone, whose checks then read no markings (it may see every
element, whatever the grant catalogue says), false for every viewer the API serves. Element maps in
the rows are shown through the same viewer's view (``elements.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chokepoint.errors import InvalidInput
from chokepoint.graph import CypherQuery, Graph
from chokepoint.investigations.catalog import Investigation, coerce
from chokepoint.investigations.elements import grants_view, rows_shown
from chokepoint.investigations.grant_catalogue import grants_present
from chokepoint.investigations.visibility import EVERYTHING, GRANTS, RESERVED
from chokepoint.markings import PUBLIC


def bind(investigation: Investigation, given: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter: the given value coerced to its type, or the default. (``grants``
    is not among them: see :func:`grant_parameter`.)"""
    for reserved in (name for name in RESERVED if name in given):
        raise InvalidInput(
            f"{investigation.name}: parameter {reserved} is reserved: the runner binds it from the "
            "viewer and it cannot be given"
        )
    for name in given:
        investigation.parameter(name)  # an unknown name fails here
    bound: dict[str, Any] = {}
    for parameter in investigation.parameters:
        if parameter.name in given and given[parameter.name] is None and parameter.optional:
            bound[parameter.name] = None
        elif parameter.name in given:
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


def grant_parameter(grants: Iterable[str]) -> list[str]:
    """``$grants`` for a viewer holding ``grants``: PUBLIC added, sorted (stable parameters)."""
    return sorted(set(grants) | {PUBLIC})


def every_grant(graph: Graph) -> list[str]:
    """Every grant present in the database: the CLI's everything view."""
    return grant_parameter(grants_present(graph))


def run(
    graph: Graph,
    investigation: Investigation,
    given: Mapping[str, Any],
    grants: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of the investigation for a viewer holding ``grants`` (None: every grant in the database,
    the CLI's view); read-only, so it can run on a cluster's followers."""
    if investigation.computed is not None:
        raise InvalidInput(
            f"{investigation.name}: a computed investigation ({investigation.computed}) runs through "
            "the API's use case (chokepoint investigate and runInvestigation do)"
        )
    params = bind(investigation, given)
    held = every_grant(graph) if grants is None else grant_parameter(grants)
    query = CypherQuery(name=f"investigation {investigation.name}", text=investigation.cypher)
    rows = graph.read(query, **params, **{GRANTS: held, EVERYTHING: grants is None})
    return rows_shown(rows, grants_view(held))
