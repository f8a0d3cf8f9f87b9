"""Streamed, escaped, indented XML text, written straight to a buffered stream.

The standard library's ``xml.sax.saxutils`` does the escaping; writing the markup ourselves instead of
going through ``XMLGenerator``'s event methods makes the link-chart writers about three times faster.
"""

from __future__ import annotations

import io
from typing import IO
from xml.sax.saxutils import escape, quoteattr

_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")  # not allowed in XML 1.0


class XmlStream:
    def __init__(self, out: IO[bytes]) -> None:
        self._out = io.TextIOWrapper(out, encoding="utf-8", write_through=False)
        self._out.write('<?xml version="1.0" encoding="utf-8"?>')
        self._depth = 0

    def open(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self._out.write(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}>")
        self._depth += 1

    def close(self, tag: str) -> None:
        self._depth -= 1
        self._out.write(f"\n{'  ' * self._depth}</{tag}>")

    def leaf(self, tag: str, attrs: dict[str, str]) -> None:
        self._out.write(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}/>")

    def element(self, tag: str, attrs: dict[str, str], content: str) -> None:
        self._out.write(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}>{escape(_xml_safe(content))}</{tag}>")

    def end(self) -> None:
        self._out.write("\n")
        self._out.flush()
        self._out.detach()  # leave the caller's stream open


def _attrs(attrs: dict[str, str] | None) -> str:
    if not attrs:
        return ""
    return "".join(f" {name}={quoteattr(_xml_safe(value))}" for name, value in attrs.items())


def _xml_safe(value: str) -> str:
    """XML 1.0 cannot carry most control characters; sources sometimes do."""
    return value.translate(_CONTROL)
