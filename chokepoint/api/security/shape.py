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
  fragments merged, with multiplicity);
- overlap: a bound on the work of graphql-core's ``OverlappingFieldsCanBeMergedRule``, which compares
  every pair of same-named fields of a selection set, then the pairs of their sub-selections' fields,
  and so on. Comparing two fields pairs nodes of their subtrees at most once each, so it costs at
  most ``size(a) * size(b)`` (``size``: the fields of a subtree, the field included); summed over the
  same-named fields of every selection set, that is at most ``(sum of their sizes)^2`` per name.
  Bounding it (and the repeats) before the specified rules run bounds their work: twenty
  ``entity { neighbors { totalCount } ... }`` (20 neighbors each) fit in 2,000 tokens, yet cost
  that rule seconds.

A spread of a fragment being measured (a cycle, which validation reports) or of an unknown
fragment counts nothing.
"""

from __future__ import annotations

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
    """One selection set, expanded: its depth, aliases, fields (with their subtrees' sizes) per
    response name, repeats, and the overlap work of the selection sets under its fields."""

    depth: int = 0
    aliases: int = 0
    size: int = 0  # fields in it and under it
    names: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → (fields, their sizes)
    repeats: int = 0  # the most fields sharing a response name in it or in any selection under it
    overlap: int = 0  # the overlap work of the selection sets under its fields (not its own)


@dataclass(frozen=True)
class OperationShape:
    name: str  # "anonymous" when the operation has none (Strawberry's wording)
    node: OperationDefinitionNode
    depth: int
    aliases: int
    repeats: int
    overlap: int


EMPTY = Shape()


def own_overlap(names: dict[str, tuple[int, int]]) -> int:
    """The overlap work within one selection set: per name asked for more than once, the square of
    the sizes of its fields."""
    return sum(size * size for count, size in names.values() if count > 1)


class _Measure:
    def __init__(self, document: DocumentNode) -> None:
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._done: dict[str, Shape] = {}
        self._open: set[str] = set()

    def selection_set(self, node: SelectionSetNode) -> Shape:
        depth = aliases = size = repeats = overlap = 0
        names: dict[str, tuple[int, int]] = {}
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                below = selection.selection_set
                inner = EMPTY if below is None else self.selection_set(below)
                if below is not None and not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)  # introspection fields add no depth (Strawberry)
                aliases += (selection.alias is not None) + inner.aliases
                repeats = max(repeats, inner.repeats)
                overlap += inner.overlap + own_overlap(inner.names)
                size += 1 + inner.size
                key = (selection.alias or selection.name).value
                count, weight = names.get(key, (0, 0))
                names[key] = (count + 1, weight + 1 + inner.size)
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
            overlap += inner.overlap
            size += inner.size
            for key, (more, weight) in inner.names.items():
                count, total = names.get(key, (0, 0))
                names[key] = (count + more, total + weight)
        repeats = max(repeats, max((count for count, _ in names.values()), default=0))
        return Shape(depth, aliases, size, names, repeats, overlap)

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
            overlap = shape.overlap + own_overlap(shape.names)
            measured = OperationShape(name, definition, shape.depth, shape.aliases, shape.repeats, overlap)
            shapes.append(measured)
    return shapes
