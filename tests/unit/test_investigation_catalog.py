import pytest

from chokepoint.api.computed_report import computed_reports
from chokepoint.errors import InvalidInput, InvalidModel, NotFound
from chokepoint.investigations.catalog import find, load_catalog, parse_file
from chokepoint.investigations.computed import COMPUTED, GUIDED
from chokepoint.investigations.runner import bind, run
from chokepoint.settings import PROJECT_ROOT

QUERIES = PROJECT_ROOT / "queries"


def write(tmp_path, name, text):
    path = tmp_path / f"{name}.cypher"
    path.write_text(text)
    return path


def test_every_saved_investigation_parses_with_typed_parameters():
    catalog = load_catalog(QUERIES)
    assert len(catalog) >= 10
    chains = catalog["supplier_to_cell_chains"]
    assert chains.parameter("maxHops").type == "integer" and chains.parameter("maxHops").default == 6
    assert catalog["broker_fan_in"].parameter("cartelIds").default == ["ofac:11440", "ofac:17671"]
    assert catalog["address_sanctions_exposure"].parameter("address").required


def test_parameters_are_coerced_and_checked():
    exposure = find(QUERIES, "address_sanctions_exposure")
    assert bind(exposure, {"chain": "bitcoin", "address": "1abc", "maxHops": "3"})["maxHops"] == 3
    with pytest.raises(InvalidInput, match=r"parameter address .* is required"):
        bind(exposure, {"chain": "bitcoin"})
    with pytest.raises(InvalidInput, match="maxHops: expected an integer, got 'three'"):
        bind(exposure, {"chain": "bitcoin", "address": "1", "maxHops": "three"})
    with pytest.raises(NotFound, match="has no parameter 'depth'"):
        bind(exposure, {"chain": "bitcoin", "address": "1", "depth": "2"})
    fan_in = find(QUERIES, "broker_fan_in")
    assert bind(fan_in, {"cartelIds": "ofac:1,ofac:2"})["cartelIds"] == ["ofac:1", "ofac:2"]
    assert bind(fan_in, {"cartelIds": '["ofac:3"]'})["cartelIds"] == ["ofac:3"]


def test_unknown_investigation_is_named():
    with pytest.raises(NotFound, match="No saved investigation 'nope'"):
        find(QUERIES, "nope")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("// description: d\nRETURN 1", "header lacks '// name"),
        ("// name: other\n// description: d\nRETURN 1", "must be snake_case and match the file name"),
        ("// name: q\n// description: d\nRETURN $x", r"uses undeclared parameter\(s\) x"),
        (
            "// name: q\n// description: d\n// param: x integer = 1\nRETURN 1",
            r"declares unused parameter\(s\) x",
        ),
        ("// name: q\n// description: d\n// param: x colour = red\nRETURN $x", "unknown type 'colour'"),
        ("// name: q\n// description: d\n// param: x integer = many\nRETURN $x", "default 'many'"),
        ("// name: q\n// description: d\n", "no Cypher after the header"),
    ],
)
def test_bad_headers_fail_loudly_naming_the_file(tmp_path, text, reason):
    path = write(tmp_path, "q", text)
    with pytest.raises(InvalidModel, match=reason):
        parse_file(path)


def test_every_computed_use_case_has_a_saved_file_and_a_report():
    saved = {i.computed for i in load_catalog(QUERIES).values() if i.computed is not None}
    assert saved == set(COMPUTED) == set(computed_reports())


def test_wallet_clusters_is_a_computed_investigation_with_typed_parameters():
    clusters = find(QUERIES, "wallet_clusters")
    assert clusters.computed == "wallet_clusters" and clusters.cypher == ""
    assert bind(clusters, {}) == {"addresses": [], "maxMembers": 2000}
    assert bind(clusters, {"addresses": "1A,bc1q", "maxMembers": "5"}) == {
        "addresses": ["1A", "bc1q"],
        "maxMembers": 5,
    }
    with pytest.raises(InvalidInput, match="parameter maxMembers: expected an integer"):
        bind(clusters, {"maxMembers": "many"})


def test_the_interdiction_plan_is_a_computed_investigation_with_typed_parameters():
    plan = find(QUERIES, "interdiction_plan")
    assert plan.computed == "interdiction_plan" and plan.cypher == ""
    budget = plan.parameter("budget")
    assert budget.type == "float" and budget.default is None and not budget.required
    bound = bind(plan, {"budget": "60", "suppliers": "a,b", "temporal": "true"})
    assert bound["budget"] == 60.0 and bound["suppliers"] == ["a", "b"] and bound["temporal"] is True
    assert bind(plan, {})["budget"] is None and bind(plan, {"budget": None})["budget"] is None
    assert bind(plan, {})["maxHops"] == 10 and bind(plan, {})["cells"] == []
    with pytest.raises(InvalidInput, match="parameter budget: expected a number, got 'lots'"):
        bind(plan, {"budget": "lots"})
    with pytest.raises(InvalidInput, match="a computed investigation"):
        run(None, plan, {})  # type: ignore[arg-type]  # refused before any read


HEADER = "// name: q\n// description: d\n"
PLAN_PARAMS = "".join(
    f"// param: {name} {kind} = {default}\n"
    for name, kind, default in (
        ("suppliers", "string[]", "[]"),
        ("cells", "string[]", "[]"),
        ("maxHops", "integer", "10"),
        ("relTypes", "string[]", "[]"),
        ("budget", "float", "null"),
        ("taken", "string[]", "[]"),
        ("temporal", "boolean", "false"),
        ("samplePaths", "integer", "1"),
    )
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (HEADER + "// computed: nothing_known\n" + PLAN_PARAMS, "computed 'nothing_known' is unknown"),
        (HEADER + "// computed: interdiction_plan\n", "takes exactly these parameters: suppliers string"),
        (
            HEADER
            + "// computed: interdiction_plan\n"
            + PLAN_PARAMS.replace("maxHops integer", "maxHops float"),
            "takes exactly these parameters",
        ),
        (
            HEADER + "// computed: interdiction_plan\n" + PLAN_PARAMS + "// param: extra string = x\n",
            "takes exactly these parameters",
        ),
        (HEADER + "// computed: interdiction_plan\n" + PLAN_PARAMS + "RETURN 1", "has no body"),
        (HEADER + PLAN_PARAMS, "with '// computed: …'"),
    ],
)
def test_bad_computed_investigations_fail_loudly_naming_the_file(tmp_path, text, reason):
    path = tmp_path / "q.computed"
    path.write_text(text)
    with pytest.raises(InvalidModel, match=reason) as failure:
        parse_file(path)
    assert str(path) in str(failure.value)
    good = tmp_path / "q2.computed"
    good.write_text(HEADER.replace("name: q", "name: q2") + "// computed: interdiction_plan\n" + PLAN_PARAMS)
    assert parse_file(good).computed == "interdiction_plan"


def test_a_guided_investigation_names_a_known_search_and_declares_its_parameters(tmp_path):
    chains = find(QUERIES, "supply_and_money_chains")
    assert chains.guided == "shortest_chains" and chains.cypher and chains.computed is None
    saved = {i.guided for i in load_catalog(QUERIES).values() if i.guided is not None}
    assert saved == set(GUIDED)
    body = chains.path.read_text().replace("// name: supply_and_money_chains", "// name: q")
    path = write(tmp_path, "q", body.replace("// guided: shortest_chains", "// guided: nearest_chains"))
    with pytest.raises(InvalidModel, match="guided 'nearest_chains' is unknown"):
        parse_file(path)
    path = write(tmp_path, "q", body.replace("// param: limit integer = 25", "// param: limit float = 25"))
    with pytest.raises(InvalidModel, match="guided 'shortest_chains' takes exactly these parameters"):
        parse_file(path)
    assert parse_file(write(tmp_path, "q", body)).guided == "shortest_chains"
