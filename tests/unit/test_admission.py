"""The per-agency limit on concurrent expensive requests, without a server."""

import pytest

from chokepoint.api.admission import TOO_MANY_REQUESTS, ExpensiveRequests
from chokepoint.api.errors import RequestRejected


@pytest.fixture
def limit() -> ExpensiveRequests:
    return ExpensiveRequests(["runInvestigation", "chokepoints"], per_agency=2)


@pytest.mark.parametrize(
    "query",
    [
        '{ runInvestigation(name: "x") { totalCount } }',
        '{ a: runInvestigation(name: "x") { totalCount } }',  # aliased
        "query { ...F } fragment F on Query { chokepoints(suppliers: []) { totalCount } }",  # in a fragment
    ],
)
def test_a_request_naming_an_expensive_field_is_expensive(limit, query):
    assert limit.expensive(query)


@pytest.mark.parametrize(
    "query", ['{ entity(id: "x") { id } }', "{ runInvestigations }", "{ mychokepoints }"]
)
def test_other_requests_are_not(limit, query):
    assert not limit.expensive(query)


def test_each_agency_gets_its_own_slots_and_a_refusal_takes_none(limit):
    with limit.slot("DEA"), limit.slot("DEA"):
        with pytest.raises(RequestRejected, match="at most 2 running") as refused, limit.slot("DEA"):
            pass
        assert refused.value.code == TOO_MANY_REQUESTS
        assert limit.running("DEA") == 2
        with limit.slot("HSI"):
            assert limit.running("HSI") == 1
    assert limit.running("DEA") == limit.running("HSI") == 0


def test_a_slot_is_released_when_its_request_fails(limit):
    with pytest.raises(ValueError, match="boom"), limit.slot("DEA"):
        raise ValueError("boom")
    assert limit.running("DEA") == 0


def test_the_defaults_count_every_walk_priced_by_graph_size_as_expensive():
    """Each field whose answer walks the graph from the request's seeds (an address's co-spend
    cluster too) holds a slot: a partner cannot run more of them at once than its share."""
    from chokepoint.settings import Settings

    defaults = ExpensiveRequests(Settings().api_expensive_field_names, per_agency=2)
    for query in (
        '{ address(chain: "bitcoin", address: "x") { cluster(maxMembers: 50) { size } } }',
        "{ interdictionPlan(budget: 10) { cost } }",
        '{ temporalMoneyChains(from: ["a"], to: ["b"]) { totalCount } }',
    ):
        assert defaults.expensive(query), query
    assert not defaults.expensive('{ address(chain: "bitcoin", address: "x") { totalReceived } }')
