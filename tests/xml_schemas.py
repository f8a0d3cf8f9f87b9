"""Published XML schemas (``tests/fixtures/schemas``), loaded and applied offline."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
# Remote schema locations a published schema may import, and the local copy each is read from.
LOCAL_COPIES = {"http://www.w3.org/1999/xlink.xsd": SCHEMAS / "graphml" / "xlink.xsd"}


class _Offline(etree.Resolver):  # type: ignore[misc]
    """Every remote import read from its local copy; any other remote location refused."""

    def resolve(self, url, public_id, context):
        if url in LOCAL_COPIES:
            return self.resolve_filename(str(LOCAL_COPIES[url]), context)
        if "://" in url and not url.startswith("file:"):
            raise AssertionError(f"a schema imports {url}: add a local copy to LOCAL_COPIES")
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Offline())
    return parser


@cache
def schema(relative: str) -> etree.XMLSchema:
    """The schema at ``relative`` under ``tests/fixtures/schemas``, with its imports."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / relative), _parser()))


def problems(relative: str, document: bytes) -> list[str]:
    """What the schema at ``relative`` finds wrong with ``document`` (nothing: valid)."""
    checker = schema(relative)
    if checker.validate(etree.fromstring(document, _parser())):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
