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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TEXT_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]")
_ATTR_SPECIAL = re.compile(r'[&<>"\x00-\x1f]')


def escaped(value: str) -> str:
    """``value`` as element content (a carriage return is escaped too: parsers read a literal one as a
    line feed). Chained ``str.replace`` calls are several times faster than ``str.translate`` here."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    value = _CONTROL.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


_NOT_TOKEN = re.compile(r"[^A-Za-z0-9.:-]")


def token(value: str) -> str:
    """``value`` as an ``xs:NMTOKEN`` (what GraphML requires of node and edge ids): every character
    but ASCII letters, digits, ``.``, ``:`` and ``-`` written as ``_xHHHH_`` (XML name escaping, as
    SQL/XML and Excel write it; ``_`` itself too, so two ids never meet). Readers find the graph's
    own id in each node's ``id`` data."""
    if _NOT_TOKEN.search(value) is None:
        return value
    return _NOT_TOKEN.sub(lambda found: f"_x{ord(found.group()):04X}_", value)


def quoted(value: str) -> str:
    """``value`` as a double-quoted attribute value: quotes, and white space other than a blank, are
    escaped too, so they survive parsing."""
    if _ATTR_SPECIAL.search(value) is None:
        return f'"{value}"'
    value = _CONTROL.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{value}"'


class XmlStream:
    """Markup is gathered as text parts and handed to the encoder a few thousand at a time: one
    ``TextIOWrapper.write`` per tag cost more than building the tags."""

    _FLUSH_AT = 2048  # parts

    def __init__(self, out: IO[bytes]) -> None:
        self._out = io.TextIOWrapper(out, encoding="utf-8", write_through=False)
        self._parts = ['<?xml version="1.0" encoding="utf-8"?>']
        self._depth = 0

    def open(self, tag: str, attrs: dict[str, str] | None = None) -> None:
        self._parts.append(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}>")
        self._depth += 1
        if len(self._parts) >= self._FLUSH_AT:
            self._flush()

    def close(self, tag: str) -> None:
        self._depth -= 1
        self._parts.append(f"\n{'  ' * self._depth}</{tag}>")

    def leaf(self, tag: str, attrs: dict[str, str]) -> None:
        self._parts.append(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}/>")
        if len(self._parts) >= self._FLUSH_AT:
            self._flush()

    def element(self, tag: str, attrs: dict[str, str], content: str) -> None:
        self._parts.append(f"\n{'  ' * self._depth}<{tag}{_attrs(attrs)}>{escaped(content)}</{tag}>")

    def raw(self, fragment: str) -> None:
        """Markup the caller built (and escaped) itself, such as a whole element, at the current depth."""
        self._parts.append(fragment)
        if len(self._parts) >= self._FLUSH_AT:
            self._flush()

    def end(self) -> None:
        self._parts.append("\n")
        self._flush()
        self._out.flush()
        self._out.detach()  # leave the caller's stream open

    def _flush(self) -> None:
        self._out.write("".join(self._parts))
        self._parts.clear()


def _attrs(attrs: dict[str, str] | None) -> str:
    if not attrs:
        return ""
    return "".join(f" {name}={quoted(value)}" for name, value in attrs.items())


class PropertyLines:
    """One line (or a few) per property of an element, e.g. ``<data key="n_name">value</data>``.

    The markup before each property's value is built once per property name, and whole lines are kept
    per property value: provenance values such as the agency, dataset, file hash or caveat repeat on
    nearly every element, and a lookup is much cheaper than rendering and escaping again. A property
    that shows ``cached`` distinct values (an id, an amount) is taken as all-distinct and no longer kept.
    """

    def __init__(
        self, opening: Callable[[str], str], closing: str, *, in_attribute: bool, cached: int = 2048
    ) -> None:
        self._opening = opening  # property name -> the markup before its value
        self._closing = closing
        self._escape = quoted if in_attribute else escaped
        self._cached = cached
        self._openings: dict[str, str] = {}
        self._lines: dict[str, dict[object, str]] = {}  # property name -> value key -> line
        self._distinct: set[str] = set()  # properties that filled their cache

    def render(self, values: Mapping[str, object]) -> str:
        """The lines for every property of ``values`` that is not None."""
        lines_by_name, line_of = self._lines, self._line
        parts = []
        for name, value in values.items():
            if value is None:
                continue
            lines = lines_by_name.get(name)
            if lines is None:
                if name in self._distinct:
                    parts.append(line_of(name, value))
                    continue
                lines = lines_by_name[name] = {}
            key = value if type(value) is str else _cache_key(value)
            try:
                line = lines.get(key)
            except TypeError:  # a list holding lists: not hashable, rendered every time
                parts.append(line_of(name, value))
                continue
            if line is None:
                line = lines[key] = line_of(name, value)
                if len(lines) >= self._cached:  # its values hardly repeat: stop keeping them
                    del lines_by_name[name]
                    self._distinct.add(name)
            parts.append(line)
        return "".join(parts)

    def _line(self, name: str, value: object) -> str:
        opening = self._openings.get(name)
        if opening is None:
            opening = self._openings[name] = self._opening(name)
        return opening + self._escape(value if type(value) is str else text(value)) + self._closing


def _cache_key(value: object) -> object:
    """A hashable key that tells apart values that render differently (True and 1 are equal in Python,
    so the type is part of every key that is not text)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is list:
        return (list, *value)  # type: ignore[misc]
    return (kind, value)


def indentation(depth: int) -> str:
    """The line break and indentation that start a line at ``depth``."""
    return "\n" + "  " * depth
