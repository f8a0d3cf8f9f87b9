"""Guards on the design: one module owns the driver; static Cypher lives in .cypher files."""

import re

from chokepoint.errors import NotFound
from chokepoint.graph.queries import CYPHER_DIR, load_query
from chokepoint.investigations.visibility import problems
from chokepoint.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "chokepoint"
DRIVER_OWNER = PACKAGE / "graph" / "adapter.py"
ASYNC_DRIVER_OWNER = PACKAGE / "graph" / "async_adapter.py"  # its async twin, for the GraphQL API
RECORD_CONVERTER = PACKAGE / "graph" / "rows.py"  # driver records -> plain rows, for both adapters
QUERIES_DIR = PROJECT_ROOT / "queries"  # the saved investigations
# Runs at API start-up for no viewer (the development viewer's grants), never per request.
API_QUERIES_WITHOUT_VIEWER = {"api_list_grants"}


def test_only_the_adapters_import_the_driver():
    importers = {
        path.relative_to(PROJECT_ROOT)
        for path in PACKAGE.rglob("*.py")
        if re.search(r"^\s*(import neo4j|from neo4j)\b", path.read_text(), re.MULTILINE)
    }
    owners = {DRIVER_OWNER, ASYNC_DRIVER_OWNER, RECORD_CONVERTER}
    assert importers == {path.relative_to(PROJECT_ROOT) for path in owners}


# Module names that may repeat across packages, each explained in ARCHITECTURE.md ("Module names …").
REPEATED_MODULE_NAMES = {"__init__", "service", "demo", "errors", "identifiers", "paths"}


def test_module_names_repeat_only_where_explained():
    packages: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        packages.setdefault(path.stem, []).append(str(path.parent.relative_to(PROJECT_ROOT)))
    repeated = {name for name, where in packages.items() if len(where) > 1}
    unexplained = {name: sorted(packages[name]) for name in repeated - REPEATED_MODULE_NAMES}
    assert not unexplained, f"module names that repeat across packages: {unexplained}"


def test_every_api_query_applies_the_viewers_grants():
    """The visibility contract: each API query takes $grants and checks every element it binds."""
    for path in CYPHER_DIR.glob("api_*.cypher"):
        if path.stem in API_QUERIES_WITHOUT_VIEWER:
            continue
        text = load_query(path.stem).text
        assert "$grants" in text, f"{path.name} ignores the viewer's grants"
        # (x:L, -[r:T, -[r]: a relationship pattern follows a dash (r[k] is a dynamic property read)
        bound = set(re.findall(r"\((\w+):", text)) | set(re.findall(r"-\[(\w+)[:\]]", text))
        for variable in bound:
            predicate = f"any(g IN {variable}.markings WHERE g IN $grants)"
            assert predicate in text, f"{path.name}: {variable} is bound but never checked against $grants"


def test_every_saved_investigation_applies_the_viewers_grants():
    """The same contract for queries/*.cypher, which any viewer may run: the catalogue's own check
    (every named element checked, anonymous and variable-length ones inside a checked path) finds
    nothing, and every labelled node and named relationship carries the API queries' predicate."""
    for path in QUERIES_DIR.glob("*.cypher"):
        text = path.read_text()
        assert problems(text) == [], f"{path.name}: {problems(text)}"
        bound = set(re.findall(r"\((\w+):", text)) | set(re.findall(r"-\[(\w+)[:\]]", text))
        for variable in bound:
            predicate = f"any(g IN {variable}.markings WHERE g IN $grants)"
            assert predicate in text, f"{path.name}: {variable} is bound but never checked against $grants"


def test_every_cypher_file_loads_and_is_used():
    sources = "\n".join(p.read_text() for p in PACKAGE.rglob("*.py"))
    for path in CYPHER_DIR.glob("*.cypher"):
        assert load_query(path.stem).text
        assert f'"{path.stem}"' in sources, f"{path.name} is never loaded"


def test_missing_query_file_fails_loudly():
    try:
        load_query("no_such_query")
    except NotFound as exc:
        assert "no_such_query.cypher" in str(exc)
    else:
        raise AssertionError("a missing query file must raise NotFound")
