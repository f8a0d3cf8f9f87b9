"""GEXF 1.3 list attributes (``liststring``, ``listlong``, ``listdouble``): declared from the schema's
list types and written as Gephi writes them, so Gephi's importer reads back every item as it was.
``gephi_items`` is a port of the reader (graphstore's ``ArraysParser.parseArray``), the writer's
counterpart; the expected texts follow graphstore's ``FormattingAndParsingUtils.printArray``."""

import io

import pytest
from defusedxml import ElementTree as ET

from chokepoint.exports.attributes import Attribute, node_attributes
from chokepoint.exports.gexf import gexf_list, write_gexf
from chokepoint.exports.subgraph import ExportNode

GEXF = "{http://gexf.net/1.3}"
HARD = [
    "plain",
    "two words",
    'say "hi"',
    "a,b",
    "[x]",
    "it's",
    "back\\slash",
    "",
    " ",
    "null",
    "毒",
    "tab\there",
]


def gephi_items(text: str) -> list[str | None]:
    """Gephi's reading of a list value: unquoted items end at a comma or bracket and are trimmed
    (``null`` is no value); quoted ones end at their quote, ``\\`` escaping the next character."""
    items: list[str | None] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "[]() \t\r\n,":
            i += 1
        elif c in "\"'":
            quote, item, escape, i = c, [], False, i + 1
            while i < len(text):
                c, i = text[i], i + 1
                if c == quote and not escape:
                    break
                if c == "\\" and not escape:
                    escape = True
                    continue
                escape = False
                item.append(c)
            items.append("".join(item))
        else:
            end = i
            while end < len(text) and text[end] not in ",[]()":
                end += 1
            value = text[i:end].strip()
            items.append(None if value == "null" else value)
            i = end
    return items


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["a", "b"], "[a, b]"),
        (["two words", 'say "hi"'], '["two words", "say \\"hi\\""]'),
        (["null", ""], '["null", ""]'),
        ([1, 2], "[1, 2]"),
        ([0.5, 2.0], "[0.5, 2.0]"),
        ([], ""),
    ],
)
def test_lists_are_written_as_gephi_prints_them(values, expected):
    assert gexf_list(values) == expected


def test_every_item_reads_back_as_it_was():
    assert gephi_items(gexf_list(HARD)) == HARD


def test_list_properties_are_declared_as_typed_lists(model):
    declared = {a.name: a for a in node_attributes(model)}
    assert declared["aliases"] == Attribute("aliases", "string", "string")
    out = io.BytesIO()
    write_gexf(out, [], [], node_attributes(model), [], {})
    types = {a.get("id"): a.get("type") for a in ET.fromstring(out.getvalue()).iter(f"{GEXF}attribute")}
    assert types["aliases"] == "liststring" and types["name"] == "string"
    assert {types[a.name] for a in declared.values() if a.item} <= {"liststring", "listlong", "listdouble"}


def test_node_list_values_in_a_written_file():
    attrs = [Attribute("aliases", "string", "string"), Attribute("counts", "string", "integer")]
    node = ExportNode("n1", "Person", {"aliases": HARD, "counts": [3, 4], "empty": []})
    out = io.BytesIO()
    write_gexf(out, [node], [], [*attrs, Attribute("empty", "string", "string")], [], {})
    root = ET.fromstring(out.getvalue())
    values = {v.get("for"): v.get("value") for v in root.iter(f"{GEXF}attvalue")}
    assert gephi_items(values["aliases"]) == HARD
    assert values["counts"] == "[3, 4]" and "empty" not in values  # an empty list is no value
    types = {a.get("id"): a.get("type") for a in root.iter(f"{GEXF}attribute")}
    assert types["counts"] == "listlong"
