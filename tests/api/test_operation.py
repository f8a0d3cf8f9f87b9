"""run_operation: checked queries skip Strawberry's per-operation machinery, with the same answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import strawberry

from chokepoint.api.operation import run_operation
from chokepoint.api.security.config import AccessConfig
from chokepoint.api.security.extension import security_policy
from chokepoint.api.security.limits import LimitChecks, limit_checks
from chokepoint.api.security.masking import MASKED_MESSAGE
from tests.api.failing_fields import Boom


@strawberry.type
class Root(Boom):
    @strawberry.field
    def hello(self, name: str) -> str:
        return f"hello {name}"


def make_schema() -> tuple[strawberry.Schema, LimitChecks]:
    limits = limit_checks(AccessConfig().limits.model_copy(update={"max_depth": 3}), introspection=False)
    return strawberry.Schema(query=Root, extensions=[security_policy(limits)]), limits


def run(
    schema: strawberry.Schema, limits: LimitChecks, query: str, **variables: Any
) -> tuple[Any, list, bool]:
    """Data, (message, code) of each error, and whether the operation ran (False: a request error)."""
    outcome = asyncio.run(run_operation(schema, limits, query, variables or None, None, None))
    return (
        outcome.data,
        [(e.message, (e.extensions or {}).get("code")) for e in outcome.errors],
        outcome.executed,
    )


@pytest.fixture
def strawberry_calls(monkeypatch) -> list[str]:
    calls: list[str] = []
    original = strawberry.Schema.execute

    async def counted(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(query)
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(strawberry.Schema, "execute", counted)
    return calls


def test_a_checked_query_runs_without_strawberry_and_answers_the_same(strawberry_calls):
    schema, limits = make_schema()
    query = "query Q($n: String!) { hello(name: $n) }"
    expected = asyncio.run(schema.execute(query, variable_values={"n": "x"})).data
    strawberry_calls.clear()
    assert run(schema, limits, query, n="x") == (expected, [], True) == ({"hello": "hello x"}, [], True)
    assert strawberry_calls == []


def test_errors_of_a_checked_query_are_coded_and_masked(strawberry_calls):
    schema, limits = make_schema()
    # field errors: the operation ran (a non-null root field's error nulls ``data``)
    assert run(schema, limits, "{ bad }") == (None, [("first: 1000 is out of range", "BAD_USER_INPUT")], True)
    assert run(schema, limits, "{ crash }") == (None, [(MASKED_MESSAGE, "INTERNAL_SERVER_ERROR")], True)
    assert strawberry_calls == []


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ hello(name: ", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ __schema { types { name } } }", "INTROSPECTION_DISABLED"),
    ],
)
def test_a_query_failing_a_check_answers_its_coded_errors_without_strawberry(strawberry_calls, query, code):
    schema, limits = make_schema()
    data, errors, executed = run(schema, limits, query)
    assert data is None and not executed and {c for _, c in errors} == {code}
    assert strawberry_calls == []
    assert asyncio.run(schema.execute(query)).errors[0].extensions["code"] == code  # as Strawberry says


def test_without_limits_every_query_goes_through_strawberry(strawberry_calls):
    schema, _ = make_schema()
    outcome = asyncio.run(run_operation(schema, None, '{ hello(name: "y") }', None, None, None))
    assert (outcome.data, outcome.errors, outcome.executed) == ({"hello": "hello y"}, [], True)
    refused = asyncio.run(run_operation(schema, None, "{ nope }", None, None, None))
    assert refused.data is None and not refused.executed
    assert strawberry_calls == ['{ hello(name: "y") }', "{ nope }"]
