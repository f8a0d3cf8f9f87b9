"""Streamed, escaped, indented XML text, written straight to a buffered stream.

Writing the markup ourselves instead of going through ``xml.sax``'s ``XMLGenerator`` event methods
makes the link-chart writers several times faster. Escaping takes a fast path: one compiled-pattern
search tells whether a value needs any escaping at all (most do not), and only those that do go
through ``str.translate``. Writers emit their repeated per-property lines as whole fragments
(:meth:`XmlStream.raw`) built from :func:`quoted` and :func:`escaped`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from typing import IO

from chokepoint.exports.attributes import text

# XML 1.0 cannot carry most control characters (sources sometimes do): they are dropped.
_CONTROL: dict[str, str | None] = {chr(c): None for c in range(32) if chr(c) not in "\t\n\r"}
_TEXT_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **_CONTROL})
# In an attribute, quotes and white space other than a blank are escaped too, so they survive parsing.
_ATTR_TABLE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
        **_CONTROL,
    }
)
_TEXT_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_ATTR_SPECIAL = re.compile(r'[&<>"\x00-\x1f]')


def escaped(value: str) -> str:
    """``value`` as element content."""
    return value if _TEXT_SPECIAL.search(value) is None else value.translate(_TEXT_TABLE)


def quoted(value: str) -> str:
    """``value`` as a double-quoted attribute value."""
    return f'"{value}"' if _ATTR_SPECIAL.search(value) is None else f'"{value.translate(_ATTR_TABLE)}"'


class XmlStream:
    def __init__(self, out: IO[bytes]) -> None:
        self._out = io.TextIOWrapper(out, encoding="utf-8", write_through=False)
        self._write = self._out.write
        self._write('<?xml version="1.0" encoding="utf-8"?>')
        self._depth = 0

    def open(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self._write(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}>")
        self._depth += 1

    def close(self, tag: str) -> None:
        self._depth -= 1
        self._write(f"\n{'  ' * self._depth}</{tag}>")

    def leaf(self, tag: str, attrs: dict[str, str]) -> None:
        self._write(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}/>")

    def element(self, tag: str, attrs: dict[str, str], content: str) -> None:
        self._write(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}>{escaped(content)}</{tag}>")

    def raw(self, fragment: str) -> None:
        """Markup the caller built (and escaped) itself."""
        self._write(fragment)

    def end(self) -> None:
        self._write("\n")
        self._out.flush()
        self._out.detach()  # leave the caller's stream open


def _attrs(attrs: dict[str, str] | None) -> str:
    if not attrs:
        return ""
    return "".join(f" {name}={quoted(value)}" for name, value in attrs.items())


class PropertyLines:
    """One line (or a few) per property of an element, e.g. ``<data key="n_name">value</data>``.

    The markup before each property's value is built once per property name, and whole lines are kept
    for text values (up to ``cached`` of them): provenance values such as the agency, dataset, file
    hash or caveat repeat on nearly every element, and a lookup is much cheaper than escaping again.
    """

    def __init__(
        self, opening: Callable[[str], str], closing: str, *, in_attribute: bool, cached: int = 100_000
    ) -> None:
        self._opening = opening  # property name -> the markup before its value
        self._closing = closing
        self._escape = quoted if in_attribute else escaped
        self._openings: dict[str, str] = {}
        self._text_lines: dict[tuple[str, object], str] = {}
        self._room = cached

    def render(self, values: Mapping[str, object]) -> str:
        """The lines for every property of ``values`` that is not None."""
        text_lines = self._text_lines
        parts = []
        for item in values.items():
            value = item[1]
            if value is None:
                continue
            if type(value) is str:
                line = text_lines.get(item)
                if line is None:
                    line = self._line(item[0], value)
                    if self._room:
                        text_lines[item] = line
                        self._room -= 1
            else:
                line = self._line(item[0], text(value))
            parts.append(line)
        return "".join(parts)

    def _line(self, name: str, value: str) -> str:
        opening = self._openings.get(name)
        if opening is None:
            opening = self._openings[name] = self._opening(name)
        return opening + self._escape(value) + self._closing


def indentation(depth: int) -> str:
    """The line break and indentation that start a line at ``depth``."""
    return "\n" + "  " * depth
