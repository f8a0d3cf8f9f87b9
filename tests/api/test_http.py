"""End to end over HTTP: ``chokepoint serve``'s app on uvicorn, queried with a real GraphQL client."""

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

from chokepoint import composition
from tests.integration.conftest import scalar

pytestmark = pytest.mark.neo4j

INJECTIONS = [
    '"}) MATCH (n) DETACH DELETE n //',
    "' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //",
    "name:* OR id:*",
    "*:*",
    "\\",
    "p:boss` DETACH DELETE n",
]


@pytest.fixture(scope="module")
def client(api_url):
    transport = HTTPXTransport(url=f"{api_url}/graphql", timeout=30)
    with Client(transport=transport, fetch_schema_from_transport=False) as session:
        yield session


def run(client, query, **variables):
    return client.execute(GraphQLRequest(query, variable_values=variables))


def test_entity_and_nested_neighbors_over_http(client):
    result = run(
        client,
        """query ($id: ID!) { entity(id: $id) {
             __typename id ... on Organization { name kinds country }
             neighbors(relTypes: ["MEMBER_OF"], first: 2) { totalCount edges { node { id } } }
           } }""",
        id="org:cartel",
    )
    assert result["entity"]["__typename"] == "Organization"
    assert result["entity"]["name"] == "SINALOA TEST CARTEL"
    assert result["entity"]["kinds"] == ["cartel"]
    # the development viewer holds every grant in the database: the DEA member counts
    assert result["entity"]["neighbors"]["totalCount"] == 5
    assert [e["node"]["id"] for e in result["entity"]["neighbors"]["edges"]] == ["p:boss", "p:informant"]


def test_address_in_checksum_form_over_http(client):
    result = run(
        client,
        """query { address(chain: "ethereum", address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") {
             address holders { edges { node { id } } } } }""",
    )
    assert result["address"] == {
        "address": "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "holders": {"edges": [{"node": {"id": "p:broker"}}]},
    }


def test_bad_input_is_a_clear_graphql_error_over_http(client):
    with pytest.raises(TransportQueryError) as raised:
        run(client, 'query { search(text: "member", first: 1000) { totalCount } }')
    assert raised.value.errors[0]["message"] == "first: 1000 is out of range; ask for 0 to 100 items per page"
    assert raised.value.errors[0]["path"] == ["search"]


def test_non_graphql_requests_get_http_errors(api_url):
    assert httpx.get(f"{api_url}/health").json() == {"status": "ok"}
    assert httpx.get(f"{api_url}/graphql").status_code == 405
    not_json = httpx.post(
        f"{api_url}/graphql", content=b"{query", headers={"content-type": "application/json"}
    )
    assert not_json.status_code == 400
    assert not_json.json()["errors"][0]["message"].startswith("The body is not JSON")
    assert httpx.post(f"{api_url}/graphql", json={"variables": {}}).status_code == 400


ARGUMENT_NAMES = {"id", "text", "types", "after", "chain", "address", "relTypes", "from", "to"}


def sizes(graph):
    return scalar(graph, "MATCH (n) RETURN count(n)"), scalar(graph, "MATCH ()-[r]->() RETURN count(r)")


STRING_ARGUMENTS = [
    ("query ($v: ID!) { entity(id: $v) { id } }", "entity"),
    ("query ($v: String!) { search(text: $v) { totalCount } }", "search"),
    ('query ($v: String!) { search(text: "member", types: [$v]) { totalCount } }', "search"),
    ('query ($v: String!) { search(text: "member", after: $v) { totalCount } }', "search"),
    ('query ($v: String!) { address(chain: $v, address: "x") { address } }', "address"),
    ('query ($v: String!) { address(chain: "bitcoin", address: $v) { address } }', "address"),
    ("query ($v: ID!) { neighbors(id: $v) { totalCount } }", "neighbors"),
    ('query ($v: String!) { neighbors(id: "org:cartel", relTypes: [$v]) { totalCount } }', "neighbors"),
    ('query ($v: String!) { neighbors(id: "org:cartel", after: $v) { totalCount } }', "neighbors"),
    ('query ($v: ID!) { paths(from: $v, to: "p:boss") { totalCount } }', "paths"),
    ('query ($v: ID!) { paths(from: "p:boss", to: $v) { totalCount } }', "paths"),
    ('query ($v: String!) { paths(from: "p:broker", to: "p:boss", relTypes: [$v]) { totalCount } }', "paths"),
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_attempts_in_every_string_argument_change_nothing(client, case_db, payload):
    with composition.connect(case_db) as graph:
        before = sizes(graph)
        for query, field in STRING_ARGUMENTS:
            try:
                result = run(client, query, v=payload)
            except TransportQueryError as exc:  # a clean error: ours, naming the argument
                message = exc.errors[0]["message"]
                assert message.split(":")[0] in ARGUMENT_NAMES, message
                assert "Neo4j" not in message
            else:
                assert result[field] in (None, {"totalCount": 0}), (query, result)
        after = sizes(graph)
    assert after == before
