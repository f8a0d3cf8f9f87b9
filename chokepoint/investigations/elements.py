"""Elements in a saved investigation's rows, shown to one viewer.

A saved investigation never reads a node's or relationship's stored property values into a column
(``n.name``, ``r.agency`` …): an element asserted by several records may hold a value, or name a
last writer, that only a record the viewer may not see gave. It returns the element itself as a map
instead (a value it must compare or sum, such as a flow's amount, it reads through the viewer's
value expressions described in ARCHITECTURE.md), the shape of the API's queries::

    {id: n.id, labels: labels(n), props: properties(n)}                               // a node
    {type: type(r), startId: startNode(r).id, endId: endNode(r).id, props: properties(r)}  // a link

and the runner replaces each such map's ``props`` by what the viewer is shown of them
(:func:`chokepoint.values.shown.for_viewer`, as for every element of an API answer), wherever the
map sits in a row: a column, a list, a map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from chokepoint.markings import PUBLIC
from chokepoint.schema.loader import load_model
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.shown import for_viewer

NODE_KEYS = frozenset({"id", "labels", "props"})
RELATIONSHIP_KEYS = frozenset({"type", "startId", "endId", "props"})

ElementView = Callable[[Mapping[str, Any]], dict[str, Any]]
Logged = Mapping[str, Mapping[str, PropertySpec]]  # logged properties per label or type
"""An element map (node or relationship) → the properties a viewer is shown of it."""


def grants_view(grants: Iterable[str], logged: Logged | None = None) -> ElementView:
    """The view of a viewer holding ``grants`` (PUBLIC is added: every viewer holds it). ``logged``:
    each type's logged properties (``TypeRegistry.logged``), so a shared element shows the values of
    the viewer's records (its value log); without them values are shown as stored, which is right
    only for a viewer holding every grant (the CLI's)."""
    held = frozenset(grants) | {PUBLIC}
    specs = logged or {}

    def view(element: Mapping[str, Any]) -> dict[str, Any]:
        kinds = element.get("labels") or [element.get("type")]
        values = next((specs[kind] for kind in kinds if kind in specs), None)
        return for_viewer(element["props"], held, values)

    return view


def is_element(value: Any) -> bool:
    """Whether ``value`` is a node or relationship map with properties to show."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("props"), Mapping)
        and (value.keys() == NODE_KEYS or value.keys() == RELATIONSHIP_KEYS)
    )


def shown(value: Any, view: ElementView) -> Any:
    """``value`` with every element map in it (at any depth) shown through ``view``."""
    if is_element(value):
        return {**value, "props": view(value)}
    if isinstance(value, dict):
        return {key: shown(item, view) for key, item in value.items()}
    if isinstance(value, list):
        return [shown(item, view) for item in value]
    return value


def display(element: Mapping[str, Any]) -> str:
    """A short text for an element map: a node's caption (its label's ``display`` property in the
    schema: name, address, case number …, else its id), a relationship's ``TYPE(start→end)``."""
    if "type" in element:
        return f"{element['type']}({element['startId']}→{element['endId']})"
    props = element.get("props") or {}
    captions = default_captions()
    for label in element.get("labels") or ():
        key = captions.get(label)
        if key is not None and props.get(key) is not None:
            return str(props[key])
    return str(element["id"])


def default_captions() -> Mapping[str, str]:
    """Per node label, the property its schema names as ``display`` (of the configured schema folder,
    ``CHOKEPOINT_SCHEMA_DIR``, read once per process)."""
    from chokepoint.settings import Settings  # settings are read when asked, never at import

    return _captions_at(Settings().schema_dir)


@cache
def _captions_at(schema_dir: Path) -> Mapping[str, str]:
    return load_model(schema_dir).captions()


def compact(value: Any) -> Any:
    """``value`` with every element map replaced by :func:`display` (tables and CSV)."""
    if is_element(value):
        return display(value)
    if isinstance(value, dict):
        return {key: compact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


def rows_shown(rows: Iterable[Mapping[str, Any]], view: ElementView) -> list[dict[str, Any]]:
    return [{column: shown(value, view) for column, value in row.items()} for row in rows]
