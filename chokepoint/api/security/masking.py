"""What the caller is told when an operation fails.

Expected errors (the API's :class:`InvalidArgument`, :class:`NotFound`, a read stopped by its
timeout, a GraphQL syntax or validation error, a limit) keep their message and gain a stable
``extensions.code``; an unreachable database gets a fixed message (the driver's names the host).
Anything else is masked as ``"Unexpected error."`` with code ``INTERNAL_SERVER_ERROR``: its details
(including a database error's text) stay in the server log, where
:meth:`ApiSchema.process_errors` has already written them with their traceback.
"""

from __future__ import annotations

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.types import ExecutionResult

from chokepoint.api.errors import InvalidArgument
from chokepoint.api.security.limits import limit_code
from chokepoint.errors import (
    ChokepointError,
    GraphUnavailable,
    InvalidInput,
    NotFound,
    QueryFailed,
    QueryTimedOut,
)

MASKED_MESSAGE = "Unexpected error."
INTERNAL_CODE = "INTERNAL_SERVER_ERROR"
_CODES: tuple[tuple[type[ChokepointError], str], ...] = (
    (InvalidArgument, "BAD_USER_INPUT"),
    (InvalidInput, "BAD_USER_INPUT"),  # InvalidRecord too
    (NotFound, "NOT_FOUND"),
    (GraphUnavailable, "SERVICE_UNAVAILABLE"),
    (QueryTimedOut, "TIMEOUT"),
)
UNAVAILABLE_CODE = "SERVICE_UNAVAILABLE"
# The driver's reasons name hosts and ports; the caller learns only that the database is away.
UNAVAILABLE_MESSAGE = "The database is unavailable; retry shortly."


def is_expected(error: GraphQLError) -> bool:
    """True when the caller may read ``error`` as it is: ours on purpose, or the GraphQL layer's."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return True
    return isinstance(original, ChokepointError) and not isinstance(original, QueryFailed)


def error_code(error: GraphQLError) -> str:
    """The ``extensions.code`` the caller receives for ``error``."""
    original = error.original_error
    if not is_expected(error):
        return INTERNAL_CODE
    for kind, code in _CODES:
        if isinstance(original, kind):
            return code
    if isinstance(original, ChokepointError):
        return "CHOKEPOINT_ERROR"
    if limit := limit_code(error):
        return limit
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


def public_error(error: GraphQLError) -> GraphQLError:
    """``error`` as the caller sees it: coded, and masked when unexpected."""
    code = error_code(error)
    extensions = {**(error.extensions or {}), "code": code}
    message = (
        MASKED_MESSAGE
        if code == INTERNAL_CODE
        else UNAVAILABLE_MESSAGE
        if code == UNAVAILABLE_CODE
        else error.message
    )
    return GraphQLError(message, error.nodes, error.source, error.positions, error.path, None, extensions)


def mask_errors(result: object) -> None:
    """Codes every error of ``result`` and masks the unexpected ones (after execution)."""
    if isinstance(result, ExecutionResult | GraphQLExecutionResult) and result.errors:
        result.errors = [public_error(error) for error in result.errors]
