"""Issue 15, the GraphQL layer, without a database: documents that used to stall validation, prices
that ignored the work a field causes or a variable's coerced value, client mistakes answered 500,
suggestions leaking the schema, persisted queries shared between agencies.

Speed is measured in ``bench/limits.py``; here the exact numbers a memoised walk alone can compute
(2^60 aliases) stand for "linear time".
"""

from __future__ import annotations

import asyncio
import gc
import re
import threading
import time
from typing import Any

import pytest
from graphql import GraphQLError, ValidationRule, parse

from chokepoint.api import operation
from chokepoint.api.arguments import MAX_CURSOR_POSITION, decode_cursor, encode_cursor
from chokepoint.api.errors import InvalidArgument, RequestRejected
from chokepoint.api.internals import graphql_schema
from chokepoint.api.operation import Outcome, run_operation
from chokepoint.api.schema import build_schema
from chokepoint.api.security.config import AccessConfig, Limits
from chokepoint.api.security.cost import WORK, hop_price, operation_cost
from chokepoint.api.security.extension import security_policy
from chokepoint.api.security.limits import CheckedDocuments, LimitChecks, limit_checks
from chokepoint.api.security.persisted import (
    MAX_REGISTERED_BYTES,
    MAX_REGISTERED_TEXT,
    NOT_FOUND_CODE,
    PersistedQueries,
    query_hash,
)
from chokepoint.api.security.shape import operation_shapes
from chokepoint.investigations.catalog import coerce


def doubling(levels: int, leaf: str = "a: __typename") -> str:
    """The issue's attack: each fragment spreads the next twice, 2^levels leaves in all."""
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query B {{ ...F0 }} {fragments} fragment F{levels} on Query {{ {leaf} }}"


@pytest.fixture(scope="module")
def schema(api_registry):
    return graphql_schema(build_schema(api_registry))


def checks(**limits: Any) -> LimitChecks:
    return limit_checks(AccessConfig().limits.model_copy(update=limits), introspection=False)


def codes(errors: list[GraphQLError]) -> set[str]:
    return {str((e.extensions or {}).get("code")) for e in errors}


# --- limits in linear time ------------------------------------------------------------------------


def test_shapes_count_every_expansion_without_making_it():
    (shape,) = operation_shapes(parse(doubling(60)))
    assert (shape.aliases, shape.repeats, shape.depth) == (2**60, 2**60, 0)
    nested_query = "{ a: entity(id: 1) { b: id ...E } } fragment E on Entity { c: id id }"
    (nested,) = operation_shapes(parse(nested_query))
    assert (nested.aliases, nested.repeats, nested.depth) == (3, 1, 1)


def test_the_price_is_memoised_per_fragment(schema):
    document = parse(doubling(60, "__typename"))
    assert operation_cost(schema, document, document.definitions[0], {}) == 2**60  # 1 per leaf


def test_the_doubling_fragments_are_refused_by_the_limits(schema):
    document, errors = checks().check(schema, doubling(20), {})
    assert document is not None
    assert codes(errors) == {"ALIAS_LIMIT_EXCEEDED", "REPEAT_LIMIT_EXCEEDED", "COST_LIMIT_EXCEEDED"}
    assert "1048576 aliases found. Allowed: 15" in {e.message for e in errors}


def test_depth_and_alias_messages_stay_strawberrys(schema):
    deep = "{ entity(id: 1) { neighbors { edges { node { id } } } } }"
    _, errors = checks(max_depth=3).check(schema, deep, {})
    assert [e.message for e in errors] == ["'anonymous' exceeds maximum operation depth of 3"]
    _, errors = checks(max_aliases=1).check(schema, "{ a: entity(id: 1) { id } b: entity(id: 2) { id } }", {})
    assert [(e.message, e.extensions) for e in errors] == [
        ("2 aliases found. Allowed: 1", {"code": "ALIAS_LIMIT_EXCEEDED"})
    ]


def test_a_field_repeated_past_the_limit_is_refused_before_the_graphql_rules(schema, monkeypatch):
    ran: list[object] = []
    monkeypatch.setattr("chokepoint.api.security.limits.validate", lambda *args, **kw: ran.append(args) or [])
    _, errors = checks().check(schema, "{" + ' entity(id: "x") { id }' * 21 + "}", {})
    assert codes(errors) == {"REPEAT_LIMIT_EXCEEDED"} and ran == []
    _, errors = checks().check(schema, "{" + ' entity(id: "x") { id }' * 20 + "}", {})
    assert errors == [] and len(ran) == 1


def test_overlapping_selections_are_bounded_by_the_comparisons_they_cost(schema, monkeypatch):
    twenty = "{" + (' entity(id: "x") {' + " neighbors { totalCount }" * 20 + " }") * 20 + " }"
    (shape,) = operation_shapes(parse(twenty))
    # 20 entity fields of size 1 + 20 * 2 = 41: 820^2; inside each, 20 neighbors of size 2: 40^2
    assert shape.overlap == 820**2 + 20 * 40**2 and shape.repeats == 20
    ran: list[object] = []
    monkeypatch.setattr("chokepoint.api.security.limits.validate", lambda *args, **kw: ran.append(args) or [])
    _, errors = checks().check(schema, twenty, {})
    assert codes(errors) == {"OVERLAP_LIMIT_EXCEEDED"} and ran == []
    one = "{" + ' entity(id: "x") {' + " neighbors { totalCount }" * 20 + " } }"
    assert checks().check(schema, one, {})[1] == [] and len(ran) == 1
    distinct = '{ entity(id: "x") { id displayName neighbors { totalCount } } search(text: "x") { id } }'
    assert operation_shapes(parse(distinct))[0].overlap == 0  # nothing to merge


def test_validation_has_a_time_budget(schema):
    query = '{ search(text: "x") { totalCount } }'
    _, errors = checks(max_validation_ms=0).check(schema, query, {})
    assert codes(errors) == {"VALIDATION_TIME_LIMIT_EXCEEDED"}
    assert checks().check(schema, query, {})[1] == []


def _spend(seconds: float) -> None:
    """Run this thread for ``seconds`` of its own time."""
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def _rule_on_first_node(act: Any) -> type[ValidationRule]:
    class Act(ValidationRule):
        def __init__(self, context: Any) -> None:
            super().__init__(context)
            self._done = False

        def enter(self, *_args: Any) -> None:
            if not self._done:
                self._done = True
                act()

    return Act


def test_a_garbage_collection_during_validation_is_not_charged_to_the_document(schema):
    """A collection of a large heap can fall due on the validating thread and outlast the whole
    budget; the document is not refused for it (nor the refusal kept as its answer). The same time
    spent by a rule itself is still refused, so the clock still counts the document's work."""
    limits = AccessConfig().limits.model_copy(update={"max_validation_ms": 50})
    query = '{ search(text: "x") { totalCount } }'

    def slow_collector(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            _spend(0.2)

    gc.callbacks.append(slow_collector)
    try:
        collecting = LimitChecks(CheckedDocuments(), limits, (_rule_on_first_node(gc.collect),))
        assert collecting.check(schema, query, {})[1] == []
    finally:
        gc.callbacks.remove(slow_collector)
    working = LimitChecks(CheckedDocuments(), limits, (_rule_on_first_node(lambda: _spend(0.2)),))
    assert codes(working.check(schema, query, {})[1]) == {"VALIDATION_TIME_LIMIT_EXCEEDED"}


def test_a_big_text_is_checked_off_the_event_loop(schema, api_registry, monkeypatch):
    limits = checks()
    threads: list[str] = []
    original = limits.check

    def check(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(limits, "check", check)
    strawberry_schema = build_schema(api_registry, extensions=[security_policy(limits)])
    small = "{ __typename }"
    big = "{ __typename " + " " * operation.OFF_LOOP_CHARS + "}"
    for query in (small, big, big):
        outcome = asyncio.run(run_operation(strawberry_schema, limits, query, None, None, None))
        assert outcome == Outcome({"__typename": "Query"}, [])
    here = threading.current_thread().name
    assert threads[0] == here != threads[1]  # the big text, unknown: on a worker thread
    assert threads[2] == here  # known: its checks are cache lookups


# --- prices ---------------------------------------------------------------------------------------


def price(schema, query: str, **variables: Any) -> int:
    document = parse(query)
    return operation_cost(schema, document, document.definitions[0], variables)


def test_variables_are_priced_after_coercion(schema):
    query = """query ($f: Int) { a: neighbors(id: "x", first: $f) { edges { node {
        neighbors(first: $f) { totalCount } } } } }"""
    assert price(schema, query, f=100.0) == price(schema, query, f=100) == 1 + 100 * (1 + 1 + (1 + 100))
    assert price(schema, query, f="many") == price(schema, query)  # does not coerce: priced as absent
    defaulted = 'query ($f: Int = 50) { search(text: "x", first: $f) { totalCount } }'
    assert price(schema, defaulted) == 1 + 50


def test_chokepoints_are_priced_by_the_work_they_cause(schema):
    one = "chokepoints(maxHops: 12, top: 100, samplePaths: 10) { edges { node { rank } } }"
    work = WORK[("Query", "chokepoints")]
    assert price(schema, f"{{ {one} }}") == 1 + work.base + 2 * hop_price(12) + 100 * (3 + 10 * 5)
    fifteen = "{ " + " ".join(f"c{i}: {one}" for i in range(15)) + " }"
    _, errors = checks().check(schema, fifteen, {})
    assert codes(errors) == {"COST_LIMIT_EXCEEDED"}
    assert checks().check(schema, "{ chokepoints { totalCount edges { node { rank } } } }", {})[1] == []


def test_a_list_of_entities_is_priced_once_per_id(schema):
    """``entities(ids:)`` is a page whose size is the list's length, given inline or as a variable."""
    query = "query ($ids: [ID!]!) { entities(ids: $ids) { id neighbors(first: 100) { totalCount } } }"
    ids = [f"p:{i}" for i in range(100)]
    assert price(schema, query, ids=ids) == 1 + 100 * (1 + 1 + 100 * 1)
    assert price(schema, '{ entities(ids: ["a", "b", "c"]) { id } }') == 1 + 3 * 1
    assert codes(checks().check(schema, query, {"ids": ids})[1]) == {"COST_LIMIT_EXCEEDED"}
    assert checks().check(schema, query, {"ids": ids[:50]})[1] == []


def test_saved_investigations_and_deep_walks_are_priced_high(schema):
    run = '{ runInvestigation(name: "x", params: {maxHops: 8}, first: 1000) { edges { node } } }'
    assert price(schema, run) == 1 + 2_000 + 5 * hop_price(8) + 1000 * 2
    by_variable = 'query ($p: JSON) { runInvestigation(name: "x", params: $p) { totalCount } }'
    assert price(schema, by_variable, p={"maxHops": 8}) - price(schema, by_variable) == 5 * hop_price(8)
    five = "{ " + " ".join(f'r{i}: runInvestigation(name: "x") {{ totalCount }}' for i in range(5)) + " }"
    assert codes(checks().check(schema, five, {})[1]) == {"COST_LIMIT_EXCEEDED"}
    deep = '{ paths(from: "a", to: "b", maxHops: 8) { totalCount } }'
    assert price(schema, deep) == 1 + hop_price(8) + 10 * 1


# --- client mistakes --------------------------------------------------------------------------------


def run(
    api_registry, query: str, name: str | None = None, introspection: bool = False, **variables: Any
) -> Outcome:
    limits = limit_checks(Limits(), introspection)
    schema = build_schema(api_registry, extensions=[security_policy(limits)])
    return asyncio.run(run_operation(schema, limits, query, variables or None, None, name))


def test_an_unknown_fragment_is_a_validation_error(api_registry):
    outcome = run(api_registry, "{ ...Missing }")
    assert not outcome.executed and outcome.data is None
    assert [(e.message, codes([e])) for e in outcome.errors] == [
        ("Unknown fragment 'Missing'.", {"GRAPHQL_VALIDATION_FAILED"})
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"f": 2**31}, "Int cannot represent non 32-bit signed integer value: 2147483648"),
        ({"f": "ten"}, "Int cannot represent non-integer value: 'ten'"),
        ({"f": 1.5}, "Int cannot represent non-integer value: 1.5"),
    ],
)
def test_variables_that_do_not_coerce_stop_the_operation_before_it_runs(api_registry, variables, message):
    query = 'query ($f: Int) { search(text: "x", first: $f) { totalCount } }'
    outcome = run(api_registry, query, **variables)
    assert not outcome.executed and outcome.data is None
    assert codes(outcome.errors) == {"BAD_USER_INPUT"} and message in outcome.errors[0].message
    assert [e.path for e in outcome.errors] == [None]


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("query A { __typename }", "Nope", "has no operation named 'Nope' (named: 'A')"),
        ("query A { __typename } query B { __typename }", None, "has 2 operations; name the one to run"),
    ],
)
def test_an_operation_name_that_picks_no_operation_is_refused(api_registry, query, name, message):
    with pytest.raises(RequestRejected, match=re.escape(message)) as refused:
        run(api_registry, query, name)
    assert refused.value.code == "BAD_REQUEST"
    assert run(api_registry, query, "A") == Outcome({"__typename": "Query"}, [])


def test_no_field_suggestions_when_introspection_is_off(api_registry):
    hidden = run(api_registry, '{ entity(id: "x") { displayNam } }').errors
    shown = run(api_registry, '{ entity(id: "x") { displayNam } }', introspection=True).errors
    assert "Did you mean" in shown[0].message
    assert hidden[0].message == "Cannot query field 'displayNam' on type 'Entity'."
    query = 'query ($d: Direction!) { neighbors(id: "x", direction: $d) { totalCount } }'
    hidden = run(api_registry, query, d="BOTHH").errors
    shown = run(api_registry, query, introspection=True, d="BOTHH").errors
    assert "Did you mean" in shown[0].message and "BOTH" in shown[0].message
    assert "Did you mean" not in hidden[0].message and "BOTH'" not in hidden[0].message


def test_oversized_integers_are_validation_errors(api_registry):
    errors = run(api_registry, '{ search(text: "x", first: 99999999999) { totalCount } }').errors
    assert codes(errors) == {"GRAPHQL_VALIDATION_FAILED"} and "32-bit" in errors[0].message
    with pytest.raises(ValueError, match="out of range"):
        coerce("integer", 2**70)
    assert coerce("integer", 2**63 - 1) == 2**63 - 1


def test_cursors_beyond_any_list_are_refused():
    assert decode_cursor(encode_cursor(MAX_CURSOR_POSITION)) == MAX_CURSOR_POSITION
    with pytest.raises(InvalidArgument, match="out of range"):
        decode_cursor(encode_cursor(2_147_483_648))


# --- persisted queries ------------------------------------------------------------------------------


def test_registrations_are_private_to_each_agency():
    store = PersistedQueries()
    query = '{ entity(id: "p:boss") { id } }'
    digest = query_hash(query)
    assert store.resolve(query, digest, "DEA") == query
    assert store.resolve(None, digest, "DEA") == query
    with pytest.raises(RequestRejected) as other:
        store.resolve(None, digest, "HSI")
    assert other.value.code == NOT_FOUND_CODE


def test_registrations_are_bounded_in_bytes():
    store = PersistedQueries()
    text = "{ __typename }" + " " * (MAX_REGISTERED_TEXT - 100)
    kept = []
    for i in range(2 * MAX_REGISTERED_BYTES // len(text)):
        query = f"# {i:06}\n{text}"
        store.resolve(query, query_hash(query), "DEA")
        kept.append(query)
    assert MAX_REGISTERED_BYTES - len(text) < store.registered_bytes("DEA") <= MAX_REGISTERED_BYTES
    assert store.resolve(None, query_hash(kept[-1]), "DEA") == kept[-1]  # the newest stay
    with pytest.raises(RequestRejected):
        store.resolve(None, query_hash(kept[0]), "DEA")  # the oldest went
    huge = "{ __typename }" + " " * MAX_REGISTERED_TEXT
    assert store.resolve(huge, query_hash(huge), "CBP") == huge  # runs, but is not kept
    assert store.registered_bytes("CBP") == 0
