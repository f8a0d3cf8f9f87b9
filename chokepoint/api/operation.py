"""One GraphQL operation of the API over HTTP: checked once, then run directly through graphql-core.

Strawberry's ``Schema.execute`` wraps each operation in its extension machinery (an execution
context, the extension instances and their hook runners, a context manager per stage, result
processing): about 0.1 ms of CPU a request, paid again several times over when the request runs on
caches gone cold during its database wait (``bench/api_paths.py``). With the API's limits, none of
it is needed: ``security.limits.LimitChecks`` parses, validates and prices the text (once per text,
a cache ``SecurityPolicy`` shares); a text that fails answers its coded errors at once, and one that
passes runs through graphql-core's ``execute`` with the schema's execution context, its errors
logged and masked as ``SecurityPolicy`` would. A text longer than ``OFF_LOOP_CHARS`` that is not
already in the cache is checked on a worker thread, so checking a big document never holds the event
loop other agencies' requests share.

Which operation runs is decided here, as GraphQL over HTTP says: the one named ``operationName``, or
the only one. An unknown name, or several operations and no name, is :class:`RequestRejected`, never
"the first one runs". Without limits, or for a mutation, the request goes through ``Schema.execute``;
a subscription is refused here with a coded error: it runs over WebSocket (``websocket.py``).

An :class:`Outcome` says whether the operation ran: a *request error* (syntax, validation, a limit,
variables that do not coerce) stops it before execution, so the answer has no ``data`` and its HTTP
status follows the response media type (``http.py``); a *field error* is part of a response that ran.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    execute,
    parse,
)
from strawberry.execution.is_awaitable import optimized_is_awaitable

from chokepoint.api.errors import RequestRejected
from chokepoint.api.execution import ApiExecutionContext
from chokepoint.api.internals import graphql_schema
from chokepoint.api.security.limits import LimitChecks
from chokepoint.api.security.masking import mask_errors, public_error
from chokepoint.deconfliction.notices import Touches

OFF_LOOP_CHARS = 500  # longer query texts not yet checked are checked on a worker thread
OPERATION_CODE = "BAD_REQUEST"
VARIABLES_CODE = "BAD_USER_INPUT"


@dataclass(frozen=True)
class Outcome:
    """One operation's data and (coded, masked) errors; ``executed`` is False when a request error
    stopped it before execution (its response then has no ``data`` entry)."""

    data: Any
    errors: list[GraphQLError]
    executed: bool = True
    pointers_given: Touches | None = None  # the deconfliction pointers data gives, still to record


async def run_operation(
    schema: strawberry.Schema,
    limits: LimitChecks | None,
    query: str,
    variables: dict[str, Any] | None,
    context: Any,
    operation: str | None,
) -> Outcome:
    """The outcome of one operation of ``query``."""
    if limits is None:
        if _is_subscription(query, operation):
            return Outcome(None, [_over_websocket()], executed=False)
        return await _through_strawberry(schema, query, variables, context, operation)
    core = graphql_schema(schema)
    if len(query) > OFF_LOOP_CHARS and not limits.known(query):
        document, refused = await asyncio.to_thread(limits.check, core, query, variables or {})
    else:
        document, refused = limits.check(core, query, variables or {})
    if document is None or refused:
        return Outcome(None, [public_error(error) for error in refused], executed=False)
    chosen = chosen_operation(document, operation)
    if chosen.operation is OperationType.SUBSCRIPTION:
        return Outcome(None, [_over_websocket()], executed=False)
    if chosen.operation is not OperationType.QUERY:
        return await _through_strawberry(schema, query, variables, context, operation)
    result = execute(
        core,
        document,
        context_value=context,
        variable_values=variables,
        operation_name=operation,
        executor_class=ApiExecutionContext,
        is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]  # Strawberry passes it too
        hide_suggestions=limits.hide_suggestions,  # also in the variables' coercion errors
    )
    if not isinstance(result, ExecutionResult):
        result = await result
    if result.data is None and result.errors and not any(e.path for e in result.errors):
        # graphql-core stopped before executing: the variables do not coerce to their declared types
        return Outcome(None, [_coded(error, VARIABLES_CODE) for error in result.errors], executed=False)
    if result.errors:
        schema.process_errors(result.errors)  # logged as Strawberry would, before masking
        mask_errors(result)
    return Outcome(result.data, list(result.errors or []))


def _over_websocket() -> GraphQLError:
    message = "A subscription runs over WebSocket (graphql-transport-ws) at /graphql, not over POST"
    return GraphQLError(message, extensions={"code": OPERATION_CODE})


def _is_subscription(query: str, operation: str | None) -> bool:
    """Whether ``query`` picks a subscription (a document that does not parse or picks nothing is
    left to Strawberry, which reports it)."""
    try:
        return chosen_operation(parse(query), operation).operation is OperationType.SUBSCRIPTION
    except (GraphQLError, RequestRejected):
        return False


def _coded(error: GraphQLError, code: str) -> GraphQLError:
    extensions = {**(error.extensions or {}), "code": code}
    return GraphQLError(error.message, error.nodes, error.source, error.positions, None, None, extensions)


def chosen_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    """The operation ``name`` picks in ``document``; :class:`RequestRejected` if it picks none."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        for candidate in operations:
            if candidate.name is not None and candidate.name.value == name:
                return candidate
        known = ", ".join(repr(o.name.value) for o in operations if o.name) or "none"
        raise RequestRejected(
            f"operationName: the document has no operation named {name[:64]!r} (named: {known})",
            OPERATION_CODE,
        )
    if len(operations) != 1:
        raise RequestRejected(
            f"operationName: the document has {len(operations)} operations; name the one to run",
            OPERATION_CODE,
        )
    return operations[0]


async def _through_strawberry(
    schema: strawberry.Schema,
    query: str,
    variables: dict[str, Any] | None,
    context: Any,
    operation: str | None,
) -> Outcome:
    answer = await schema.execute(
        query, variable_values=variables, context_value=context, operation_name=operation
    )
    errors = list(answer.errors or [])
    return Outcome(answer.data, errors, executed=answer.data is not None or any(e.path for e in errors))
