from chokepoint.cli.schema_cmd import SCHEMA_DOC
from chokepoint.schema.docs import render_schema_doc


def test_schema_doc_is_up_to_date(model):
    expected = render_schema_doc(model)
    assert SCHEMA_DOC.read_text(encoding="utf-8") == expected, (
        "docs/schema.md is stale: run `bin/chokepoint schema docs` and commit the result"
    )
