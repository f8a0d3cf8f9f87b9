"""Each node type's display style (``style`` in ``schema/nodes/*.yaml``) in the forms the link-chart
formats take it: the model is read once per export, so a new type's icon and colour reach every
format with no Python change. Relationship types declare no style: links keep each tool's default."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from chokepoint.schema import DomainModel
from chokepoint.schema.specs import StyleSpec

Styles = Mapping[str, StyleSpec]


def node_styles(model: DomainModel) -> Styles:
    """The declared style of every node type that has one (a draft type may not yet)."""
    return MappingProxyType({label: spec.style for label, spec in sorted(model.nodes.items()) if spec.style})


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as its red, green and blue components (GEXF ``viz:color``, Gephi's GraphML keys)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def colorref(colour: str) -> int:
    """``#rrggbb`` as a Windows COLORREF (``0x00BBGGRR``), the integer i2's ANX colour attributes take."""
    red, green, blue = rgb(colour)
    return red | green << 8 | blue << 16
