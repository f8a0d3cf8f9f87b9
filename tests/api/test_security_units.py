"""Security pieces without a database: access file, sharing policy, credentials, JWTs, cost, masking,
persisted queries, audit lines and key issuing."""

from __future__ import annotations

import json
import time
from functools import partial
from pathlib import Path

import jwt
import pytest
import strawberry
import yaml
from Crypto.PublicKey import RSA
from graphql import FieldsOnCorrectTypeRule, GraphQLError, KnownArgumentNamesRule, parse, validate
from typer.testing import CliRunner

from chokepoint.api.errors import RequestRejected, Unauthenticated
from chokepoint.api.schema import build_schema
from chokepoint.api.security.audit import REDACTED, AuditEntry, AuditLog, redact, top_level_counts
from chokepoint.api.security.auth import Authenticator
from chokepoint.api.security.config import AccessConfig, load_access_config
from chokepoint.api.security.cost import HOP_COST, WORK, cost_inputs, cost_rule, hop_price
from chokepoint.api.security.credentials import Credential, key_digest, new_api_key, read_credential
from chokepoint.api.security.extension import SecurityPolicy, security_policy
from chokepoint.api.security.keys import add_key
from chokepoint.api.security.limits import CheckedDocuments, limit_checks
from chokepoint.api.security.masking import MASKED_MESSAGE, public_error
from chokepoint.api.security.persisted import (
    MISMATCH_CODE,
    NOT_ALLOWED_CODE,
    NOT_FOUND_CODE,
    PersistedQueries,
    load_allow_list,
    query_hash,
)
from chokepoint.api.security.policy import CAVEATS, grants_for
from chokepoint.api.security.rs256 import ensure_rs256
from chokepoint.api.security.setup import api_security
from chokepoint.cli.main import app
from chokepoint.errors import ConfigurationError
from chokepoint.settings import PROJECT_ROOT, Settings
from tests.api.failing_fields import Boom

SECRET = "s" * 48
SHARING = {"DEA": {"LES": ["HSI"], "SBU": ["*"]}, "FBI": {"FOUO": ["DEA"]}}


def config(**overrides: object) -> AccessConfig:
    raw: dict[str, object] = {"agencies": {"DEA": {}, "HSI": {}, "CBP": {}}, "sharing": SHARING}
    raw.update(overrides)
    return AccessConfig.model_validate(raw)


# --- the sharing policy -------------------------------------------------------------------------


def test_caveats_are_the_schemas_enum(model):
    assert tuple(model.common.provenance["caveat"].enum or ()) == CAVEATS


def test_grants_follow_the_sharing_policy():
    policy = config()
    assert grants_for("DEA", policy) == {"DEA|SBU", "DEA|LES", "DEA|FOUO", "DEA|ORCON", "FBI|FOUO"}
    assert grants_for("HSI", policy) == {"HSI|SBU", "HSI|LES", "HSI|FOUO", "HSI|ORCON", "DEA|LES", "DEA|SBU"}
    assert grants_for("CBP", policy) == {"CBP|SBU", "CBP|LES", "CBP|FOUO", "CBP|ORCON", "DEA|SBU"}


@pytest.mark.parametrize(
    ("sharing", "message"),
    [
        ({"DEA": {"ORCON": ["HSI"]}}, "ORCON is originator-controlled and never shared"),
        ({"DEA": {"PUBLIC": ["HSI"]}}, "PUBLIC is not shareable"),
        ({"DEA": {"LES": ["NSA"]}}, "'NSA' is not an agency in agencies"),
        ({"dea": {"LES": ["HSI"]}}, "'dea' is not an agency name"),
    ],
)
def test_a_bad_sharing_policy_fails_at_load(tmp_path, sharing, message):
    path = tmp_path / "access.yaml"
    path.write_text(yaml.safe_dump({"agencies": {"DEA": {}, "HSI": {}}, "sharing": sharing}))
    with pytest.raises(ConfigurationError, match=message):
        load_access_config(path)


def test_unknown_keys_and_bad_yaml_fail_clearly(tmp_path):
    path = tmp_path / "access.yaml"
    path.write_text("agencies: {DEA: {}}\nsharring: {}\n")
    with pytest.raises(ConfigurationError, match="sharring: Extra inputs are not permitted"):
        load_access_config(path)
    path.write_text("agencies: [unclosed\n")
    with pytest.raises(ConfigurationError, match="not valid YAML"):
        load_access_config(path)


def test_the_documented_example_loads():
    example = load_access_config(PROJECT_ROOT / "docs" / "api-access.example.yaml")
    assert "DEA" in example.agencies
    assert grants_for("HSI", example) >= {"DEA|LES"}


# --- credentials and authentication ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Authentication required"),
        ({"authorization": "Basic dXNlcjpwYXNz"}, "must be 'Bearer <API key or JWT>'"),
        ({"authorization": "Bearer"}, "must be 'Bearer <API key or JWT>'"),
        ({"authorization": "Bearer   "}, "must be 'Bearer <API key or JWT>'"),
        ({"authorization": "Bearer ключ"}, "printable ASCII"),
        ({"authorization": "Bearer a\x00b"}, "printable ASCII"),
        ({"x-api-key": "x" * 9000}, "longer than 8192"),
        ({"authorization": "Bearer k", "x-api-key": "k"}, "not both"),
    ],
)
def test_garbage_auth_headers_are_refused(headers, message):
    with pytest.raises(Unauthenticated, match=message):
        read_credential(headers)


def test_credentials_are_told_apart():
    assert read_credential({"x-api-key": "cpk_abc"}) == Credential("api_key", "cpk_abc")
    assert read_credential({"authorization": "bearer cpk_abc"}) == Credential("api_key", "cpk_abc")
    assert read_credential({"authorization": "Bearer aa.bb.cc"}) == Credential("jwt", "aa.bb.cc")


def test_api_keys_authenticate_by_their_hash():
    key = new_api_key()
    assert key.startswith("cpk_") and len(key) > 40
    auth = Authenticator(config(agencies={"DEA": {"api_keys": [{"sha256": key_digest(key)}]}}, sharing={}))
    assert auth.viewer(Credential("api_key", key)).agency == "DEA"
    with pytest.raises(Unauthenticated, match="Unknown API key"):
        auth.viewer(Credential("api_key", key + "x"))


def hs_issuer() -> dict[str, object]:
    return {
        "issuer": "hsi-idp",
        "agency": "HSI",
        "audience": "chokepoint",
        "algorithm": "HS256",
        "secret_env": "H5B_TEST_JWT_SECRET",
    }


def claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    week = 7 * 86400  # valid however long the suite runs between collecting and running a case
    base: dict[str, object] = {"iss": "hsi-idp", "aud": "chokepoint", "sub": "analyst-7", "exp": now + week}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture
def hs_auth(monkeypatch):
    monkeypatch.setenv("H5B_TEST_JWT_SECRET", SECRET)
    return Authenticator(config(jwt_issuers=[hs_issuer()]))


def test_a_valid_hs256_token_authenticates_its_issuers_agency(hs_auth):
    token = jwt.encode(claims(), SECRET, algorithm="HS256")
    viewer = hs_auth.viewer(Credential("jwt", token))
    assert viewer.agency == "HSI" and "DEA|LES" in viewer.grants


@pytest.mark.parametrize(
    ("payload", "key", "message"),
    [
        (claims(exp=int(time.time()) - 3600), SECRET, "expired"),
        (claims(nbf=int(time.time()) + 3600), SECRET, "not yet valid"),
        (claims(aud="someone-else"), SECRET, "Audience doesn't match"),
        (claims(exp=None), SECRET, 'missing the "exp" claim'),
        (claims(iss="evil-idp"), SECRET, "issuer .iss. is not configured"),
        (claims(), "t" * 48, "Signature verification failed"),
    ],
)
def test_bad_hs256_tokens_are_refused(hs_auth, payload, key, message):
    token = jwt.encode(payload, key, algorithm="HS256")
    with pytest.raises(Unauthenticated, match=message):
        hs_auth.viewer(Credential("jwt", token))


def test_unsigned_and_malformed_tokens_are_refused(hs_auth):
    unsigned = jwt.encode(claims(), None, algorithm="none")
    with pytest.raises(Unauthenticated, match="alg value is not allowed"):
        hs_auth.viewer(Credential("jwt", unsigned))
    with pytest.raises(Unauthenticated, match="JWT rejected"):
        hs_auth.viewer(Credential("jwt", "aaaa.bbbb.cccc"))


def test_a_short_hs256_secret_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("H5B_TEST_JWT_SECRET", "short")
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        Authenticator(config(jwt_issuers=[hs_issuer()]))


@pytest.fixture(scope="module")
def rsa_keys():
    private = RSA.generate(2048)
    return private.export_key(), private.public_key().export_key()


def test_rs256_tokens_verify_against_the_issuers_public_key(tmp_path, rsa_keys):
    private_pem, public_pem = rsa_keys
    (tmp_path / "dea.pem").write_bytes(public_pem)
    access = tmp_path / "access.yaml"
    issuer = {
        "issuer": "https://idp.dea.example",
        "agency": "DEA",
        "audience": "chokepoint",
        "algorithm": "RS256",
        "public_key_file": "dea.pem",
    }
    access.write_text(yaml.safe_dump({"agencies": {"DEA": {}}, "jwt_issuers": [issuer]}))
    auth = Authenticator(load_access_config(access))
    ensure_rs256()
    good = jwt.encode(claims(iss="https://idp.dea.example"), private_pem, algorithm="RS256")
    assert auth.viewer(Credential("jwt", good)).agency == "DEA"
    other = RSA.generate(2048).export_key()
    forged = jwt.encode(claims(iss="https://idp.dea.example"), other, algorithm="RS256")
    with pytest.raises(Unauthenticated, match="Signature verification failed"):
        auth.viewer(Credential("jwt", forged))
    # algorithm confusion: an HS256 token keyed with the public key is refused
    confused = jwt.encode(claims(iss="https://idp.dea.example"), "p" * 48, algorithm="HS256")
    with pytest.raises(Unauthenticated, match="alg value is not allowed"):
        auth.viewer(Credential("jwt", confused))


# --- key issuing ---------------------------------------------------------------------------------


def test_add_key_stores_only_the_hash_and_the_key_then_authenticates(tmp_path):
    path = tmp_path / "access.yaml"
    first = add_key(path, "DEA", label="analytics")
    second = add_key(path, "DEA")
    text = path.read_text()
    assert first not in text and second not in text
    assert key_digest(first) in text and key_digest(second) in text
    assert path.stat().st_mode & 0o777 == 0o600
    auth = Authenticator(load_access_config(path))
    assert auth.viewer(Credential("api_key", first)).agency == "DEA"
    assert auth.viewer(Credential("api_key", second)).agency == "DEA"
    with pytest.raises(ConfigurationError, match="not an agency name"):
        add_key(path, "not an agency")


def test_the_add_key_command_prints_the_key_once(tmp_path):
    path = tmp_path / "access.yaml"
    result = CliRunner().invoke(app, ["api", "add-key", "HSI", "--config", str(path)])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    assert Authenticator(load_access_config(path)).viewer(Credential("api_key", key)).agency == "HSI"


def test_production_needs_the_access_file_and_development_says_so(tmp_path, caplog):
    with pytest.raises(ConfigurationError, match="production needs the access file"):
        api_security(Settings(api_production=True, api_config=None))
    development = api_security(Settings(api_config=None, api_audit_log=tmp_path / "a.jsonl"))
    assert development.development and development.introspection
    assert "DEVELOPMENT MODE" in caplog.text
    path = tmp_path / "access.yaml"
    add_key(path, "DEA")
    production = api_security(Settings(api_config=path, api_production=True))
    assert not production.development and not production.introspection


# --- cost ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graphql_schema(api_registry):
    return build_schema(api_registry)._schema


def cost_errors(schema, query: str, max_cost: int, **variables: object) -> list[GraphQLError]:
    return validate(schema, parse(query), [cost_rule(max_cost, variables)])


def test_cost_grows_with_pages_and_hops(graphql_schema):
    flat = '{ search(text: "x", first: 10) { totalCount edges { node { id } } } }'
    # search 1 + 10 * (totalCount 1 + edges (1 + node (1 + id 1))) = 1 + 10 * 4 = 41
    assert not cost_errors(graphql_schema, flat, 41)
    assert cost_errors(graphql_schema, flat, 40)[0].extensions == {
        "code": "COST_LIMIT_EXCEEDED",
        "cost": 41,
        "maxCost": 40,
    }
    nested = """query ($n: Int!) { search(text: "x", first: $n) { edges { node {
        neighbors(first: $n) { edges { node { id } } } } } } }"""
    small = cost_errors(graphql_schema, nested, 10**9 - 1, n=1)
    assert not small
    ten = validate(graphql_schema, parse(nested), [cost_rule(0, {"n": 10})])[0].extensions["cost"]
    hundred = validate(graphql_schema, parse(nested), [cost_rule(0, {"n": 100})])[0].extensions["cost"]
    assert hundred > 90 * ten  # nested pages multiply
    paths = '{ paths(from: "a", to: "b", maxHops: 8, first: 1) { totalCount } }'
    shallow = '{ paths(from: "a", to: "b", maxHops: 2, first: 1) { totalCount } }'
    deep_cost = validate(graphql_schema, parse(paths), [cost_rule(0, {})])[0].extensions["cost"]
    shallow_cost = validate(graphql_schema, parse(shallow), [cost_rule(0, {})])[0].extensions["cost"]
    # each further hop costs more than the one before: 10 * (1 + ... + 8) - 10 * (1 + 2)
    assert deep_cost - shallow_cost == hop_price(8) - hop_price(2) == (36 - 3) * HOP_COST


def test_cost_uses_defaults_and_fragments(graphql_schema):
    # search's default page is 20; the fragment is priced where it is spread
    query = (
        """{ search(text: "x") { ...page } } fragment page on EntityConnection { edges { node { id } } }"""
    )
    cost = validate(graphql_schema, parse(query), [cost_rule(0, {})])[0].extensions["cost"]
    assert cost == 1 + 20 * 3


def test_a_temporal_rule_prices_supply_chains_as_the_temporal_search_it_adds(graphql_schema):
    """supplyChains(temporal:) first runs the temporal money-chain search at its maxHops: it costs what
    temporalMoneyChains' work costs at those hops on top of the call without it, given as a literal
    or a variable; a null rule costs nothing more."""

    def price(query: str, **variables: object) -> int:
        return validate(graphql_schema, parse(query), [cost_rule(0, variables)])[0].extensions["cost"]

    plain = "{ supplyChains(maxHops: 7, first: 1) { totalCount } }"
    literal = "{ supplyChains(maxHops: 7, first: 1, temporal: {minShare: 0.5}) { totalCount } }"
    variable = """query ($t: TemporalRuleInput) { supplyChains(maxHops: 7, first: 1, temporal: $t) {
        totalCount } }"""
    assert WORK[("Query", "temporalMoneyChains")] == WORK[("Query", "supplyChains")].given[0][1]
    search = 100 + 2 * hop_price(7)  # temporalMoneyChains' work at 7 hops
    assert price(literal) - price(plain) == search
    assert price(variable, t={}) - price(plain) == search
    assert price(variable, t=None) == price(variable) == price(plain)
    deeper = "{ supplyChains(maxHops: 9, first: 1, temporal: {}) { totalCount } }"
    # two hops more: the chains' own walk (1x) and the temporal search's (2x)
    assert price(deeper) - price(literal) == (1 + 2) * (hop_price(9) - hop_price(7))


def test_cost_depends_only_on_the_page_and_hop_variables():
    query = """query ($s: String!, $n: Int, $h: Int) { search(text: $s, first: $n) { totalCount }
        paths(from: $s, to: "b", maxHops: $h) { totalCount } }"""
    assert cost_inputs(parse(query)) == {"n", "h"}


def test_checked_documents_parse_and_validate_once_and_price_each_request(graphql_schema):
    checked = CheckedDocuments(size=2)
    query = """query ($n: Int!) { search(text: "x", first: $n) { edges { node { id } } } }"""
    document = checked.document(query, {"max_tokens": 100})
    assert document is not None and checked.document(query, {"max_tokens": 100}) is document
    assert checked.document("{ search(", {}) is None  # not cached: Strawberry reports the error
    rules = (KnownArgumentNamesRule,)
    assert checked.errors(graphql_schema, query, {"max_tokens": 100}, document, rules) == []
    price = partial(checked.cost_errors, graphql_schema, query, {"max_tokens": 100}, document, 100)
    assert price({"n": 10}) == []  # 1 + 10 * 3
    assert price({"n": 100})[0].extensions["cost"] == 301
    assert price({"n": 10}) == []  # the price follows the variables, cached or not
    assert price({"n": 100.0})[0].extensions["cost"] == 301  # coerced to its declared Int: 100
    bad = '{ search(text: "x") { nope } }'
    bad_document = checked.document(bad, {})
    assert bad_document is not None
    first = checked.errors(graphql_schema, bad, {}, bad_document, (FieldsOnCorrectTypeRule,))
    assert [e.message for e in first] == ["Cannot query field 'nope' on type 'EntityConnection'."]
    assert checked.errors(graphql_schema, bad, {}, bad_document, (FieldsOnCorrectTypeRule,)) is first
    checked.document('{ a: search(text: "y") { totalCount } }', {})  # a third text evicts the first
    assert checked.document(query, {"max_tokens": 100}) is not document


# --- masking -------------------------------------------------------------------------------------


def test_unexpected_errors_are_masked_and_expected_ones_kept():
    schema = strawberry.Schema(query=Boom, extensions=[SecurityPolicy])
    result = schema.execute_sync("{ crash }")
    assert [(e.message, e.extensions) for e in result.errors] == [
        (MASKED_MESSAGE, {"code": "INTERNAL_SERVER_ERROR"})
    ]
    assert schema.execute_sync("{ database }").errors[0].message == MASKED_MESSAGE
    bad = schema.execute_sync("{ bad }").errors[0]
    assert (bad.message, bad.extensions) == ("first: 1000 is out of range", {"code": "BAD_USER_INPUT"})
    unknown = schema.execute_sync("{ nope }").errors[0]
    assert unknown.extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert schema.execute_sync("{ crash ").errors[0].extensions == {"code": "GRAPHQL_PARSE_FAILED"}


@strawberry.type
class Tree:
    name: str = "n"

    @strawberry.field
    def child(self) -> Tree:
        return Tree()


@strawberry.type
class Root:
    @strawberry.field
    def tree(self) -> Tree:
        return Tree()


def test_the_limits_report_stable_codes():
    limits = AccessConfig().limits.model_copy(update={"max_depth": 3, "max_aliases": 2, "max_tokens": 40})
    schema = strawberry.Schema(query=Root, extensions=[security_policy(limit_checks(limits, False))])

    def code(query: str) -> object:
        return schema.execute_sync(query).errors[0].extensions["code"]

    assert code("{ tree { child { child { child { name } } } } }") == "DEPTH_LIMIT_EXCEEDED"
    assert code("{ a: tree { name } b: tree { name } c: tree { name } }") == "ALIAS_LIMIT_EXCEEDED"
    assert code("{ tree { " + "name " * 50 + "} }") == "TOKEN_LIMIT_EXCEEDED"
    assert code("{ __schema { types { name } } }") == "INTROSPECTION_DISABLED"
    assert schema.execute_sync("{ __typename tree { name } }").errors is None


def test_public_error_keeps_position_and_path():
    error = GraphQLError("x", path=["a", 0], original_error=KeyError("internal"))
    masked = public_error(error)
    assert (masked.message, masked.path, masked.original_error) == (MASKED_MESSAGE, ["a", 0], None)


# --- persisted queries ---------------------------------------------------------------------------

QUERY = '{ entity(id: "p:boss") { id } }'


def test_persisted_queries_resolve_by_hash_and_register_like_apollo():
    store = PersistedQueries()
    digest = query_hash(QUERY)
    with pytest.raises(RequestRejected) as missing:
        store.resolve(None, digest)
    assert missing.value.code == NOT_FOUND_CODE
    assert store.resolve(QUERY, digest) == QUERY  # registers
    assert store.resolve(None, digest.upper()) == QUERY
    with pytest.raises(RequestRejected) as mismatch:
        store.resolve(QUERY + " ", digest)
    assert mismatch.value.code == MISMATCH_CODE


def test_only_allow_listed_queries_in_strict_mode(tmp_path):
    path = tmp_path / "persisted.json"
    path.write_text(json.dumps({query_hash(QUERY): QUERY}))
    store = PersistedQueries(load_allow_list(path), only=True)
    assert store.resolve(None, query_hash(QUERY)) == QUERY
    assert store.resolve(QUERY, None) == QUERY
    with pytest.raises(RequestRejected) as refused:
        store.resolve('{ search(text: "x") { totalCount } }', None)
    assert refused.value.code == NOT_ALLOWED_CODE
    path.write_text(json.dumps({"0" * 64: QUERY}))
    with pytest.raises(ConfigurationError, match="is not the SHA-256 of its query"):
        load_allow_list(path)


# --- audit ---------------------------------------------------------------------------------------


def test_variables_are_redacted_and_cut():
    variables = {
        "id": "p:boss",
        "apiToken": "abc",
        "auth": {"password": "x"},
        "note": "n" * 300,
        "nested": [{"secretKey": 1}],
    }
    cleaned = redact(variables)
    assert cleaned["id"] == "p:boss" and cleaned["apiToken"] == REDACTED and cleaned["auth"] == REDACTED
    assert cleaned["nested"] == [{"secretKey": REDACTED}]
    assert cleaned["note"].startswith("n" * 256) and cleaned["note"].endswith("(+44)")


def test_counts_and_one_line_per_write(tmp_path: Path):
    data = {"search": {"totalCount": 7, "edges": []}, "entity": None, "neighbors": {"edges": [1, 2]}}
    assert top_level_counts(data) == {"search": 7, "entity": 0, "neighbors": 2}
    log = AuditLog(tmp_path / "audit" / "api.jsonl")
    entry = AuditEntry(
        client="127.0.0.1:1", agency="DEA", variables={"token": "t"}, errors=["BAD_USER_INPUT"]
    )
    log.write(entry, 200, 123)
    log.write(AuditEntry(client=None, errors=["UNAUTHENTICATED"]), 401, 80)
    lines = [json.loads(line) for line in log.path.read_text().splitlines()]
    assert [(x["agency"], x["outcome"], x["status"]) for x in lines] == [
        ("DEA", "error", 200),
        (None, "rejected", 401),
    ]
    assert lines[0]["variables"] == {"token": REDACTED} and lines[0]["resultBytes"] == 123
    assert log.path.stat().st_mode & 0o777 == 0o600
