"""Render ``chokepoint/schema/vocabulary.py``: the schema's vocabulary as Python constants.

Much code runs before or without a DomainModel and still needs the vocabulary: pydantic types of
the agency formats and the access file (a ``Literal`` must be known to the type checker), pure
functions over records (the programme filter, name blocking) and the streamed export writers. So
Python code imports the generated module, whether it holds a model or not (one rule, one source),
and a test fails when the module differs from what ``schema/`` generates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from chokepoint.schema.model import DomainModel

VOCABULARY_COMMAND = "bin/chokepoint schema generate"


def render_vocabulary(model: DomainModel) -> str:
    common = model.common
    shared = model.caveats_with
    dated = [(name, model.event_date(name)) for name in [*sorted(model.nodes), *sorted(model.relationships)]]
    dated = [(name, date) for name, date in dated if date not in common.event_date]
    lines = [
        '"""The schema\'s vocabulary (common.yaml; each type\'s event_date) as constants.',
        "",
        f"Generated from schema/ by `{VOCABULARY_COMMAND}`; do not edit by hand.",
        '"""',
        "",
        "from typing import Final, Literal",
        "",
        f"Caveat = Literal[{_items(model.caveats)}]",
        "",
        "# Every handling caveat, from least to most restrictive.",
        f"CAVEATS: Final[tuple[Caveat, ...]] = {_tuple(model.caveats)}",
        "# Seen by every viewer without a grant.",
        f"PUBLIC_CAVEAT: Final[Caveat] = {_items(shared('public')[:1])}",
        "# An agency may share its records under these (the access file's sharing policy).",
        f"SHAREABLE_CAVEATS: Final[tuple[Caveat, ...]] = {_tuple(shared('owner'))}",
        "# Seen by the originating agency only: the access file cannot share them.",
        f"ORIGINATOR_CAVEATS: Final[tuple[Caveat, ...]] = {_tuple(shared('originator'))}",
        "",
        "# Named groups of node types (node_groups).",
        "NODE_GROUPS: Final[dict[str, tuple[str, ...]]] = {",
        *(f"    {json.dumps(name)}: {_tuple(group.members)}," for name, group in common.node_groups.items()),
        "}",
        "",
        "# Named groups of relationship types (relationship_groups).",
        "RELATIONSHIP_GROUPS: Final[dict[str, tuple[str, ...]]] = {",
        *(
            line
            for name, group in common.relationship_groups.items()
            for line in (
                (f"    {json.dumps(name)}: {_tuple(group.members)},",)  # one member: ruff keeps it on a line
                if len(group.members) == 1
                else (
                    f"    {json.dumps(name)}: (",
                    *(f"        {json.dumps(member)}," for member in group.members),
                    "    ),",
                )
            )
        ),
        "}",
        "",
        "# Named groups of the values of one enumerated property (value_groups).",
        "VALUE_GROUPS: Final[dict[str, tuple[str, ...]]] = {",
        *(f"    {json.dumps(name)}: {_tuple(group.members)}," for name, group in common.value_groups.items()),
        "}",
        "",
        "# Named groups of sanctions programme codes (program_groups).",
        "PROGRAM_GROUPS: Final[dict[str, frozenset[str]]] = {",
        *(
            f"    {json.dumps(name)}: frozenset({{{_items(group.programs)}}}),"
            for name, group in common.program_groups.items()
        ),
        "}",
        "",
        "# The property that dates an element of each type that declares one (event_date) ...",
        "EVENT_DATES: Final[dict[str, str]] = {",
        *(f"    {json.dumps(name)}: {json.dumps(date)}," for name, date in dated),
        "}",
        "# ... and of every other type, or of one without its own date: the first of these it has.",
        f"DEFAULT_EVENT_DATES: Final[tuple[str, ...]] = {_tuple(common.event_date)}",
    ]
    return "\n".join(lines) + "\n"


def _items(values: Iterable[str]) -> str:
    return ", ".join(json.dumps(value) for value in values)


def _tuple(values: tuple[str, ...]) -> str:
    return f"({_items(values)}{',' if len(values) == 1 else ''})"
