"""Guards on the design: one module owns the driver; static Cypher lives in .cypher files."""

import re

from chokepoint.errors import NotFound
from chokepoint.graph.queries import CYPHER_DIR, load_query
from chokepoint.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "chokepoint"
DRIVER_OWNER = PACKAGE / "graph" / "adapter.py"


def test_only_the_adapter_imports_the_driver():
    importers = [
        path.relative_to(PROJECT_ROOT)
        for path in PACKAGE.rglob("*.py")
        if re.search(r"^\s*(import neo4j|from neo4j)\b", path.read_text(), re.MULTILINE)
    ]
    assert importers == [DRIVER_OWNER.relative_to(PROJECT_ROOT)]


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
