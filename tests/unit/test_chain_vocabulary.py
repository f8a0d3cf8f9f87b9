"""The saved chain investigation follows the links of schema/common.yaml's chain groups: Cypher
cannot read the schema, so its literal list is checked against it here."""

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
