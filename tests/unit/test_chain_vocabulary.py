"""The saved chain investigations follow schema/common.yaml's chain groups and broker kinds: Cypher
cannot read the schema, so their literal lists are checked against it here."""

import re

from chokepoint import composition
from chokepoint.api.chains import CO_SPEND, SUPPLY_CHAIN, chain_types
from chokepoint.settings import PROJECT_ROOT, Settings

MODEL = composition.model_of(Settings())


def test_the_chain_investigation_follows_the_schema_groups():
    text = (PROJECT_ROOT / "queries" / "supply_and_money_chains.cypher").read_text()
    [listed] = re.findall(r"shortestPath\(\(supplier\)-\[:([A-Z_|]+)\*", text)
    expected = {*MODEL.relationship_group(SUPPLY_CHAIN), *MODEL.relationship_group(CO_SPEND)}
    assert set(listed.split("|")) == expected


def test_the_api_defaults_are_the_groups_and_named_types_replace_them():
    assert chain_types(MODEL, None) == [*MODEL.relationship_group(SUPPLY_CHAIN), "SPENT_IN"]
    assert chain_types(MODEL, ["SHIPPED"]) == ["SHIPPED"]


def test_money_chains_reach_the_kinds_of_the_broker_group():
    text = (PROJECT_ROOT / "queries" / "money_chains.cypher").read_text()
    lists = re.findall(r"IN \[('[a-z_]+'(?:, '[a-z_]+')*)\]", text)
    assert len(lists) == 2, lists  # the stored kinds, and the value log's
    for listed in lists:
        assert tuple(kind.strip("'") for kind in listed.split(", ")) == MODEL.value_group("money_brokers")
