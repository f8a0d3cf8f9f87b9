"""The visibility contract of a saved investigation, checked on its text when the catalogue loads.

A saved investigation runs for any viewer, with the viewer's grants as ``$grants`` (PUBLIC
included; the runner binds it, no caller may). So that its rows, counts, aggregates and paths are
those of the graph the viewer may see, every element it matches must be visible:

- every *named* node ``(x …)`` and relationship ``-[x …]-`` is checked with
  ``any(g IN x.markings WHERE g IN $grants)`` (the predicate of every API query);
- an *anonymous* node or relationship (``()``, ``(:Label)``, ``-[:TYPE]-``) and every
  variable-length relationship (``-[:TYPE*1..4]-``) must lie in a named path ``p = …`` whose
  elements are all checked: ``all(r IN relationships(p) WHERE any(g IN r.markings WHERE g IN $grants))``
  and ``all(n IN nodes(p) WHERE any(g IN n.markings WHERE g IN $grants))``;
- in a quantified path pattern, the API queries' idiom
  ``(a)(()-[r]-(m) WHERE <r and m checked>){1,3}(b)``: the anonymous node opening each iteration is
  ``(a)`` or the previous iteration's ``(m)``, so it counts as checked; every named element is checked
  as above. (Checks inside the group run at each step of the walk, which is cheaper than checking a
  path's lists afterwards.)

Subqueries (``EXISTS``, ``COUNT``, ``COLLECT``) follow the same rules. The check reads the text,
not a parse tree: a pattern it cannot read (an inline ``WHERE`` inside a relationship pattern) is
refused rather than passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GRANTS = "grants"  # the reserved parameter: the viewer's grants, bound by the runner
# The other reserved parameter: true only for the CLI's own view of everything (the operator, who reads
# the whole database), false for every other viewer. A check may read
# ``($everything OR any(g IN x.markings WHERE g IN $grants))``, so that view reads no markings.
EVERYTHING = "everything"
RESERVED = (GRANTS, EVERYTHING)
_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_CALL = re.compile(r"\bCALL\s*\([\w\s,]*\)", re.IGNORECASE)
_NODE = re.compile(
    r"(?<![\w.$])\(\s*(?P<var>[A-Za-z_]\w*)?\s*(?::\s*[A-Za-z_][\w:|&!%]*)?\s*(?:\{[^{}]*\})?\s*\)"
)
_REL = re.compile(
    r"(?<=-)\[\s*(?P<var>[A-Za-z_]\w*)?\s*(?::\s*[A-Za-z_][\w|]*)?\s*(?P<star>\*\s*\d*\s*(?:\.\.\s*\d*)?)?"
    r"\s*(?:\{[^{}]*\})?\s*\]"
)
_REL_OPEN = re.compile(r"-\s*\[")
_NODE_NEXT_TO_LINK = re.compile(r"(?:-|>)\s*\(|\)(?=\s*<?-\s*[\[(-])")
_CLAUSE = re.compile(r"\b(MATCH|WHERE|WITH|RETURN|UNWIND|AND|OR|NOT|XOR|CALL|UNION)\s*$", re.IGNORECASE)
_PATH_START = re.compile(r"^\s*([A-Za-z_]\w*)\s*=")
Element = tuple[int, int, str | None, str, bool]  # start, end, variable, pattern, variable-length


def element_check(variable: str) -> str:
    """The predicate that makes ``variable`` (a node or relationship) visible only with a grant."""
    return f"any(g IN {variable}.markings WHERE g IN ${GRANTS})"


@dataclass(frozen=True)
class Problem:
    """One element the investigation matches without checking it against ``$grants``."""

    what: str  # "node x", "anonymous relationship -[:T]-" …
    reason: str

    def __str__(self) -> str:
        return f"{self.what} {self.reason}"


def problems(cypher: str) -> list[Problem]:
    """Every element of ``cypher`` not checked against the viewer's grants (empty: the text keeps
    the contract). Each element is named once."""
    text = _code_only(cypher)
    flat = " ".join(text.split())
    found: list[Problem] = []
    if f"${GRANTS}" not in text:
        found.append(Problem("the query", f"never uses ${GRANTS}, the viewer's grants"))
    nodes: list[Element] = [
        (m.start(), m.end(), m.group("var"), m.group(0), False) for m in _NODE.finditer(text)
    ]
    rels: list[Element] = [
        (m.start(), m.end(), m.group("var"), m.group(0), m.group("star") is not None)
        for m in _REL.finditer(text)
    ]
    found += _unreadable(text, nodes, rels)
    node_ends = {end for _, end, *_ in nodes}
    seen: set[str] = set()
    for start, _, variable, pattern, variable_length in sorted(nodes + rels):
        kind = "relationship" if pattern.startswith("[") else "node"
        if variable and not variable_length:
            what = f"{kind} {variable}"
            if what not in seen and element_check(variable) not in flat:
                found.append(Problem(what, f"is matched but never checked with {element_check(variable)}"))
            seen.add(what)
            continue
        if kind == "node" and not variable and _starts_group(text, start, node_ends):
            continue  # the node before the group, or the group's previous end node: both checked
        path = _enclosing_path(text, start)
        shown = f"{kind} {' '.join(pattern.split())}"
        if path is None:
            what = f"{'variable-length' if variable_length else 'anonymous'} {shown}"
            reason = "is not in a named path: bind the path (p = …) and check all its elements"
        elif not _path_checked(flat, path):
            what = f"path {path}"
            reason = (
                "holds anonymous or variable-length elements but does not check them all: add "
                f"all(r IN relationships({path}) WHERE {element_check('r')}) AND "
                f"all(n IN nodes({path}) WHERE {element_check('n')})"
            )
        else:
            continue
        if what not in seen:
            found.append(Problem(what, reason))
        seen.add(what)
    return found


def _code_only(cypher: str) -> str:
    """The text with comments, string literals and ``CALL (…)`` scopes blanked (same length)."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    text = _COMMENT.sub(blank, cypher)
    text = _STRING.sub(lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", text)
    return _CALL.sub(blank, text)


def _unreadable(text: str, nodes: list[Element], rels: list[Element]) -> list[Problem]:
    """Patterns next to a link that the readers above could not read: refused, not passed."""
    rel_starts = {start for start, *_ in rels}
    node_starts = {start for start, *_ in nodes}
    node_ends = {end for _, end, *_ in nodes}
    found = []
    for match in _REL_OPEN.finditer(text):
        if match.end() - 1 not in rel_starts:
            where = _excerpt(text, match.start())
            found.append(Problem(f"relationship pattern at {where}", "cannot be read"))
    for match in _NODE_NEXT_TO_LINK.finditer(text):
        token = match.group(0)
        if token.endswith("("):
            if match.end() - 1 not in node_starts:
                found.append(Problem(f"node pattern at {_excerpt(text, match.start())}", "cannot be read"))
        elif match.start() + 1 not in node_ends:
            found.append(Problem(f"node pattern before {_excerpt(text, match.start())}", "cannot be read"))
    return found


def _excerpt(text: str, at: int) -> str:
    return repr(" ".join(text[max(0, at - 20) : at + 20].split()))


def _starts_group(text: str, start: int, node_ends: set[int]) -> bool:
    """Whether the node at ``start`` opens an iteration of a quantified path pattern right after a
    node pattern: ``(a)(()-[r]-(b) WHERE …){1,3}(c)``. Its first iteration starts at ``(a)``, each
    later one at the previous iteration's ``(b)``, so it is checked when they are."""
    before = text[:start].rstrip()
    if not before.endswith("("):
        return False
    group = before[:-1].rstrip()
    return group.endswith(")") and len(group) in node_ends


def _enclosing_path(text: str, start: int) -> str | None:
    """The named path whose pattern holds the element starting at ``start``, if any: scan back to
    the start of the pattern (a MATCH, or a subquery's brace) and read ``name =``."""
    depth = 0
    for i in range(start - 1, -1, -1):
        char = text[i]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth:
                depth -= 1
            elif char == "{":
                return _path_name(text[i + 1 : start])
            # an unmatched "(": a function around the pattern (shortestPath(…)); go on
        elif char == "," and depth == 0:
            return None  # another pattern of the same MATCH
        elif depth == 0 and char.isspace():
            keyword = _CLAUSE.search(text[max(0, i - 12) : i])
            if keyword:
                if keyword.group(1).upper() == "MATCH":
                    return _path_name(text[i:start])
                return None
    return None


def _path_name(pattern_start: str) -> str | None:
    match = _PATH_START.match(pattern_start)
    return match.group(1) if match else None


def _path_checked(flat: str, path: str) -> bool:
    check = rf"any\(\s*g IN \1\.markings WHERE g IN \${GRANTS}\s*\)"
    return all(
        re.search(rf"all\(\s*(\w+) IN {kind}\(\s*{path}\s*\) WHERE {check}\s*\)", flat)
        for kind in ("relationships", "nodes")
    )
