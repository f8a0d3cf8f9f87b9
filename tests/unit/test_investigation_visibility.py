"""The catalogue refuses a saved investigation that does not keep the viewer's grants, naming the
file and the element; the runner refuses ``grants`` from a caller."""

import pytest

from chokepoint.api.app import create_app
from chokepoint.errors import InvalidInput, InvalidModel
from chokepoint.investigations.catalog import load_catalog, parse_file
from chokepoint.investigations.runner import bind, grant_parameter
from chokepoint.investigations.visibility import problems
from chokepoint.settings import PROJECT_ROOT, Settings

HEADER = "// name: q\n// description: d\n"
NODE = "any(g IN {v}.markings WHERE g IN $grants)"


def checked(*variables):
    return " AND ".join(NODE.format(v=v) for v in variables)


def path_checked(path):
    return (
        f"all(r IN relationships({path}) WHERE {NODE.format(v='r')}) "
        f"AND all(n IN nodes({path}) WHERE {NODE.format(v='n')})"
    )


def write(tmp_path, body, name="q"):
    path = tmp_path / f"{name}.cypher"
    path.write_text(HEADER.replace("q", name, 1) + body)
    return path


GOOD = [
    f"MATCH (a:Person)-[r:MEMBER_OF]->(b) WHERE {checked('a', 'r', 'b')} RETURN a.id AS id",
    f"MATCH p = (a:Person)-[:MEMBER_OF*1..3]-()-[:SUPPLIES]->(b:Organization)\n"
    f"WHERE {checked('a', 'b')}\n  AND {path_checked('p')}\nRETURN [n IN nodes(p) | n.id] AS ids",
    f"MATCH (a:Person) WHERE {checked('a')}\n"
    "MATCH p = shortestPath((a)-[:SENT_FUNDS_TO*..8]-(b:Person))\n"
    f"WHERE {checked('b')} AND {path_checked('p')}\n"
    "RETURN length(p) AS hops",
    f"MATCH (a:CryptoAddress) WHERE {checked('a')} AND COUNT {{\n"
    f"  MATCH (a)-[out:SENT_FUNDS_TO]->(next) WHERE {checked('out', 'next')}\n}} > 2\n"
    "RETURN a.address AS address, a.id AS id  // comments are not read: (x)-[:T]-()\n",
    f"MATCH (a:Organization) WHERE {checked('a')}\n"
    f"MATCH p = (a)(()-[r]-(m) WHERE {checked('r', 'm')}){{1,3}}(b)\nWHERE {checked('b')} RETURN b.id AS id",
]


@pytest.mark.parametrize("body", GOOD)
def test_a_query_that_checks_every_element_passes(tmp_path, body):
    assert problems(body) == []
    assert parse_file(write(tmp_path, body)).name == "q"


BAD = [
    ("MATCH (a:Person) RETURN a.id AS id", r"never uses \$grants"),
    (
        f"MATCH (a:Person)-[r:MEMBER_OF]->(b) WHERE {checked('a', 'b')} RETURN a.id AS id",
        r"relationship r is matched but never checked with any\(g IN r.markings WHERE g IN \$grants\)",
    ),
    (f"MATCH (a:Person)-[r:MEMBER_OF]->(b) WHERE {checked('a', 'r')} RETURN b.id AS id", "node b is matched"),
    (
        f"MATCH (a:Person)-[:MEMBER_OF]->(b) WHERE {checked('a', 'b')} RETURN a.id AS id",
        r"anonymous relationship \[:MEMBER_OF\] is not in a named path",
    ),
    (
        f"MATCH (a:Person)-[r:MEMBER_OF]->(:Organization) WHERE {checked('a', 'r')} RETURN a.id AS id",
        r"anonymous node \(:Organization\) is not in a named path",
    ),
    (
        f"MATCH (a:Person)-[:SUPPLIES*1..3]->(b) WHERE {checked('a', 'b')} RETURN a.id AS id",
        r"variable-length relationship \[:SUPPLIES\*1..3\] is not in a named path",
    ),
    (
        f"MATCH p = (a:Person)-[:SUPPLIES*1..3]->(b) WHERE {checked('a', 'b')}\n"
        f"  AND all(r IN relationships(p) WHERE {NODE.format(v='r')}) RETURN a.id AS id",
        r"path p holds anonymous or variable-length elements but does not check them all",
    ),
    (
        f"MATCH (a:Person) WHERE {checked('a')} AND EXISTS {{ MATCH (a)-[own:SANCTIONED_BY]->(d) }}\n"
        "RETURN a.id AS id",
        "relationship own is matched but never checked",
    ),
    (
        f"MATCH (a:Person) WHERE {checked('a')}\nRETURN COLLECT {{ MATCH (a)-[c:CONTROLS_ADDRESS]->(w) "
        f"WHERE {checked('c')} RETURN w.id }} AS wallets",
        "node w is matched but never checked",
    ),
    (
        f"MATCH p = (a:Person)(()-[r]-() WHERE {checked('r')}){{1,3}}(b) WHERE {checked('a', 'b')} RETURN 1",
        r"path p holds anonymous or variable-length elements",  # the group's end node is not checked
    ),
    (
        f"MATCH p = ((x)-[r]-(m) WHERE {checked('r', 'm')}){{1,3}}(b) WHERE {checked('b')} RETURN 1",
        "node x is matched but never checked",  # no node before the group: its first start is free
    ),
    (
        "MATCH (a:Person)-[r:MEMBER_OF WHERE r.since > 2000]->(b)\n"
        f"WHERE {checked('a', 'r', 'b')} RETURN a.id",
        "relationship pattern at .* cannot be read",
    ),
]


@pytest.mark.parametrize(("body", "reason"), BAD)
def test_an_unchecked_element_is_refused_naming_the_file_and_the_element(tmp_path, body, reason):
    path = write(tmp_path, body)
    with pytest.raises(InvalidModel, match=reason) as refused:
        parse_file(path)
    assert str(refused.value).startswith(f"{path}: not filtered by the viewer's grants ($grants): ")


@pytest.mark.parametrize("reserved", ["grants", "everything"])
def test_grants_and_everything_are_reserved_in_the_header(tmp_path, reserved):
    body = (
        f"// param: {reserved} string[] = [] -- mine\nMATCH (a:Person) WHERE {checked('a')} RETURN a.id AS id"
    )
    with pytest.raises(InvalidModel, match=f"param {reserved} is reserved"):
        parse_file(write(tmp_path, body))


def test_a_folder_with_an_unfiltered_investigation_does_not_load(tmp_path):
    write(tmp_path, f"MATCH (a:Person) WHERE {checked('a')} RETURN a.id AS id", name="fine")
    write(tmp_path, "MATCH (a:Person)-[r:MEMBER_OF]->(b) RETURN b.id AS id", name="leaky")
    with pytest.raises(InvalidModel, match=r"leaky.cypher: not filtered .* node a is matched"):
        load_catalog(tmp_path)


def test_every_saved_investigation_keeps_the_contract():
    # the computed ones (interdiction_plan) have no Cypher: their use case reads what the viewer sees
    cypher = [i for i in load_catalog(PROJECT_ROOT / "queries").values() if i.computed is None]
    assert len(cypher) >= 10
    for investigation in cypher:
        assert "$grants" in investigation.cypher
        assert problems(investigation.cypher) == [], investigation.name
        assert all(p.name != "grants" for p in investigation.parameters)


def test_a_caller_may_not_give_the_grants():
    chains = load_catalog(PROJECT_ROOT / "queries")["supplier_to_cell_chains"]
    with pytest.raises(InvalidInput, match="parameter grants is reserved"):
        bind(chains, {"grants": ["DEA|LES"]})
    with pytest.raises(InvalidInput, match="parameter everything is reserved"):
        bind(chains, {"everything": True})
    assert "grants" not in bind(chains, {"maxHops": 3})
    assert grant_parameter(["DEA|LES", "HSI|FOUO"]) == ["DEA|LES", "HSI|FOUO", "PUBLIC"]


def test_the_api_does_not_start_with_an_unfiltered_investigation(tmp_path):
    leaky = "MATCH (a:Person)-[r:MEMBER_OF]->(b) WHERE size($grants) > 0 RETURN b.id AS id"
    write(tmp_path, leaky, name="leaky")
    with pytest.raises(InvalidModel, match=r"leaky.cypher: not filtered .* node a is matched"):
        create_app(Settings(queries_dir=tmp_path))
