"""The library internals the API relies on, in one place.

Strawberry keeps the graphql-core schema it builds in ``Schema._schema`` (no public accessor), and
``api/execution.py`` overrides graphql-core's ``ExecutionContext.collect_subfields`` with its
``CollectedFields`` result. Both are known to work with the versions ``pyproject.toml`` pins
(``tests/api/test_pins.py`` checks the installed ones are within the pins).
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built for ``schema``."""
    built: GraphQLSchema = schema._schema
    return built
