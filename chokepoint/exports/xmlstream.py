"""A thin layer over ``xml.sax.saxutils.XMLGenerator``: streamed, escaped, indented XML."""

from __future__ import annotations

from typing import IO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl


class XmlStream:
    def __init__(self, out: IO[bytes]) -> None:
        self._xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self._xml.startDocument()
        self._depth = 0

    def open(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self._indent()
        self._xml.startElement(tag, AttributesImpl(attrs or {}))
        self._depth += 1

    def close(self, tag: str) -> None:
        self._depth -= 1
        self._indent()
        self._xml.endElement(tag)

    def leaf(self, tag: str, attrs: dict[str, str]) -> None:
        self._indent()
        self._xml.startElement(tag, AttributesImpl(attrs))
        self._xml.endElement(tag)

    def element(self, tag: str, attrs: dict[str, str], content: str) -> None:
        self._indent()
        self._xml.startElement(tag, AttributesImpl(attrs))
        self._xml.characters(_xml_safe(content))
        self._xml.endElement(tag)

    def end(self) -> None:
        self._xml.ignorableWhitespace("\n")
        self._xml.endDocument()

    def _indent(self) -> None:
        if self._depth:  # the XML declaration already ends its line
            self._xml.ignorableWhitespace("\n" + "  " * self._depth)


def _xml_safe(value: str) -> str:
    """XML 1.0 cannot carry most control characters; sources sometimes do."""
    return "".join(ch for ch in value if ch in "\t\n\r" or ch >= " ")
