import re

import pytest

from chokepoint.graph.statements import merge_nodes, merge_relationships, q, schema_statements
from chokepoint.values.log import LOGGED_PROVENANCE


def test_identifiers_are_backticked_and_checked():
    assert q("CryptoAddress") == "`CryptoAddress`"
    for hostile in ("Person` {x:1}) DETACH DELETE n //", "a b", "", "1abc", "`"):
        with pytest.raises(ValueError, match="not a schema identifier"):
            q(hostile)


def test_schema_statements_are_idempotent_and_cover_identity(model):
    statements = schema_statements(model)
    texts = [s.text for s in statements]
    assert all("IF NOT EXISTS" in t for t in texts)
    assert len({s.name for s in statements}) == len(statements)  # names are unique
    assert any("FOR (n:`CryptoAddress`) REQUIRE (n.`chain`, n.`address`) IS UNIQUE" in t for t in texts)
    assert any("FOR (n:`Entity`) REQUIRE (n.`id`) IS UNIQUE" in t for t in texts)
    fulltext = next(t for t in texts if "FULLTEXT" in t)
    assert "`Person`" in fulltext and "n.`aliases`" in fulltext


def test_merge_templates_carry_no_values(model):
    text = merge_nodes(model, "CryptoAddress").text
    assert "MERGE (x:`CryptoAddress` {`chain`: row.props.`chain`, `address`: row.props.`address`})" in text
    rel = merge_relationships(model, "CONTAINED", "Shipment", "Substance").text
    assert "MERGE (a)-[x:`CONTAINED` {`declared`: row.props.`declared`}]->(b)" in rel
    # no quoted literal values: everything comes from parameters. The literals are the sourceRecord
    # separator, the value log's separator, empty date and unknown time, schema property names and the
    # row maps the value log reads them from (props, or the name of the property's merge rule)
    row_maps = {"'props'", "'union'", "'earliest'", "'latest'"}
    declared = row_maps | {
        f"'{name}'"
        for name in [
            *model.node_properties("CryptoAddress"),
            *model.relationship_properties("CONTAINED"),
            *LOGGED_PROVENANCE,
        ]
    }
    for template in (text, rel):
        literals = set(re.findall(r"'[^']*'", template))
        assert "':'" in literals
        assert literals - {"':'", "'\\u001e'", "''", "'0'"} <= declared, literals - declared
        assert literals & (declared - row_maps)  # the value log names what it logs


def test_merge_rules_appear_only_where_declared(model):
    designation = merge_nodes(model, "Designation").text
    assert "row.earliest.`firstSeen` < x.`firstSeen`" in designation
    assert "row.latest.`lastSeen` > x.`lastSeen`" in designation
    assert "row.earliest" not in merge_nodes(model, "Person").text
