"""A root type whose fields fail the ways the API's resolvers can, for the error-policy tests."""

from __future__ import annotations

import strawberry

from chokepoint.api.errors import InvalidArgument
from chokepoint.errors import QueryFailed


@strawberry.type
class Boom:
    @strawberry.field
    def crash(self) -> str:
        raise RuntimeError("bolt://10.0.0.1 password=hunter2 stack")

    @strawberry.field
    def database(self) -> str:
        raise QueryFailed("Neo4j said: Invalid input 'X' at line 3")

    @strawberry.field
    def bad(self) -> str:
        raise InvalidArgument("first: 1000 is out of range")
