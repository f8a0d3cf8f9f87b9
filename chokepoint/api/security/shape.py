"""The shape of a document, measured in time linear in its size: depth, aliases and repeated fields.

A fragment spread is expanded where it occurs, so a document can describe far more than it spells
out: ``fragment Fi on Query { ...Fi+1 ...Fi+1 }`` doubles per level, and a walk that visits each
spread once per occurrence (as Strawberry's depth and alias validators do) takes ``2^levels`` steps.
Here every fragment definition is measured once (memoised), and a spread adds its fragment's
measure: the numbers are those of the expanded document, the work that of the written one.

Measured, per operation (as Strawberry counts them, so the limits keep their meaning):

- depth: the deepest nesting of fields with a selection (a leaf field adds none; introspection
  fields, whose names start with ``__``, count none, as in Strawberry);
- aliases: the fields written with an alias, each counted as often as it is expanded;
- repeats: the most fields sharing one response name in one selection set (fragments and inline
  fragments merged, with multiplicity). graphql-core's ``OverlappingFieldsCanBeMergedRule``
  compares every such pair, so its work grows with the square of this number; bounding it, before
  the specified rules run, bounds their work too.

A spread of a fragment being measured (a cycle, which validation reports) or of an unknown
fragment counts nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


@dataclass(frozen=True)
class Shape:
    """One selection set, expanded: its depth, aliases, and fields per response name."""

    depth: int = 0
    aliases: int = 0
    names: Counter[str] = field(default_factory=Counter)
    repeats: int = 0  # the most fields sharing a response name in it or in any selection under it


@dataclass(frozen=True)
class OperationShape:
    name: str  # "anonymous" when the operation has none (Strawberry's wording)
    node: OperationDefinitionNode
    depth: int
    aliases: int
    repeats: int


EMPTY = Shape()


class _Measure:
    def __init__(self, document: DocumentNode) -> None:
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._done: dict[str, Shape] = {}
        self._open: set[str] = set()

    def selection_set(self, node: SelectionSetNode) -> Shape:
        depth = aliases = repeats = 0
        names: Counter[str] = Counter()
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                aliases += selection.alias is not None
                names[(selection.alias or selection.name).value] += 1
                if selection.selection_set is not None and not selection.name.value.startswith("__"):
                    inner = self.selection_set(selection.selection_set)
                    depth = max(depth, 1 + inner.depth)
                    aliases += inner.aliases
                    repeats = max(repeats, inner.repeats)
                elif selection.selection_set is not None:  # introspection: no depth, aliases still count
                    inner = self.selection_set(selection.selection_set)
                    aliases += inner.aliases
                    repeats = max(repeats, inner.repeats)
                continue
            if isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value)
            else:  # pragma: no cover -- graphql-core has no other selection kind
                continue
            depth = max(depth, inner.depth)
            aliases += inner.aliases
            repeats = max(repeats, inner.repeats)
            names.update(inner.names)
        return Shape(depth, aliases, names, max(repeats, max(names.values(), default=0)))

    def fragment(self, name: str) -> Shape:
        found = self._done.get(name)
        if found is not None:
            return found
        definition = self._fragments.get(name)
        if definition is None or name in self._open:
            return EMPTY
        self._open.add(name)
        try:
            shape = self.selection_set(definition.selection_set)
        finally:
            self._open.discard(name)
        self._done[name] = shape
        return shape


def operation_shapes(document: DocumentNode) -> list[OperationShape]:
    """The shape of every operation of ``document``, each fragment measured once for all of them."""
    measure = _Measure(document)
    shapes = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            shape = measure.selection_set(definition.selection_set)
            name = definition.name.value if definition.name else "anonymous"
            shapes.append(OperationShape(name, definition, shape.depth, shape.aliases, shape.repeats))
    return shapes
