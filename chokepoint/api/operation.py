"""One GraphQL operation of the API over HTTP: a query that already passed every check runs directly.

Strawberry's ``Schema.execute`` wraps each operation in its extension machinery (an execution
context, the extension instances and their hook runners, a context manager per stage, result
processing): about 0.1 ms of CPU a request, paid again several times over when the request runs on
caches gone cold during its database wait (``bench/api_paths.py``). A query text the API has already
parsed, validated and priced (``security.limits.LimitChecks``, whose cache ``SecurityPolicy`` shares)
needs none of it: its operation runs through graphql-core's ``execute`` with the schema's execution
context, and its errors are logged and masked as ``SecurityPolicy`` would. Anything else (a text
that does not parse or fails a check, an operation name the document lacks, no limits configured)
goes through ``Schema.execute``, which reports it.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast
from strawberry.execution.is_awaitable import optimized_is_awaitable

from chokepoint.api.execution import ApiExecutionContext
from chokepoint.api.security.limits import LimitChecks
from chokepoint.api.security.masking import mask_errors


async def run_operation(
    schema: strawberry.Schema,
    limits: LimitChecks | None,
    query: str,
    variables: dict[str, Any] | None,
    context: Any,
    operation: str | None,
) -> tuple[Any, list[GraphQLError]]:
    """The data and the (coded, masked) errors of one operation of ``query``."""
    document = limits.passed(schema._schema, query, variables or {}) if limits is not None else None
    chosen = get_operation_ast(document, operation) if document is not None else None
    if document is None or chosen is None or chosen.operation is not OperationType.QUERY:
        answer = await schema.execute(
            query, variable_values=variables, context_value=context, operation_name=operation
        )
        return answer.data, list(answer.errors or [])
    result = execute(
        schema._schema,
        document,
        context_value=context,
        variable_values=variables,
        operation_name=operation,
        executor_class=ApiExecutionContext,
        is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]  # Strawberry passes it too
    )
    if not isinstance(result, ExecutionResult):
        result = await result
    if result.errors:
        schema.process_errors(result.errors)  # logged as Strawberry would, before masking
        mask_errors(result)
    return result.data, list(result.errors or [])
