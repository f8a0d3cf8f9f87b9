"""The library internals the API relies on, in one place.

Strawberry keeps the graphql-core schema it builds in ``Schema._schema`` (no public accessor) and
adds two validation rules of its own (``strawberry.schema.validation_rules``) that the API's
validation adds too; ``api/execution.py`` subclasses Strawberry's execution context and overrides
graphql-core's ``Executor.collect_subfields`` with its ``CollectedFields`` result. All are known to
work with the versions ``pyproject.toml`` pins (``tests/api/test_pins.py`` checks the installed ones
are within the pins).
"""

from __future__ import annotations

import strawberry
from graphql import ASTValidationRule, GraphQLSchema
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

# The rules Strawberry's own validation adds to graphql-core's (``strawberry.schema.validate_document``).
STRAWBERRY_RULES: tuple[type[ASTValidationRule], ...] = (MaybeNullValidationRule, OneOfInputValidationRule)


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built for ``schema``."""
    built: GraphQLSchema = schema._schema
    return built
