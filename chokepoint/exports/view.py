"""One viewer's sight of an exported element: what a partner agency's link chart may hold.

An export for a viewer (the API's, for a partner agency) shows every node and relationship as the
API shows it: only its visible assertions (records, markings, the singular provenance fields naming
the latest of them), the values its visible records alone would give (the value log's replay) and a
flow's totals over the transfers it may see (:func:`chokepoint.values.shown.for_viewer`). The
values a page brings are the CLI's (stored, dates as Cypher's ISO text); values the replay or the
totals recompute are written back in the same text, so a chart does not tell from a date's form
which values were recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chokepoint.deconfliction.notices import Touches
from chokepoint.deconfliction.pointers import ViewerPointers
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.log import PROPERTY as VALUE_LOG
from chokepoint.values.log import logged_by_kind
from chokepoint.values.shown import for_viewer
from chokepoint.values.totals import PROPERTY as TOTALS

POINTERS_ATTRIBUTE = "deconfliction"  # declared by exports.service when the view gives pointers
_INTERNAL = (VALUE_LOG, TOTALS)  # the order the api_export_* queries return them after the values


@dataclass(frozen=True)
class ExportView:
    """The grants a viewer holds (``$grants``: PUBLIC included, sorted) and, per node label and
    relationship type, the properties its value log replays."""

    grants: list[str]
    logged: Mapping[str, Mapping[str, PropertySpec]]
    held: frozenset[str] = field(default_factory=frozenset)
    pointers: ViewerPointers | None = None  # deconfliction: opted-in owners, for this viewer
    touches: Touches = field(default_factory=Touches)  # the pointers the export gave

    @classmethod
    def of(
        cls, model: DomainModel, grants: Sequence[str], pointers: ViewerPointers | None = None
    ) -> ExportView:
        return cls(sorted(set(grants)), logged_by_kind(model), frozenset(grants), pointers)

    def show(
        self, kind: str, props: dict[str, Any], internal: Sequence[Any], key: str = ""
    ) -> dict[str, Any]:
        """``props`` (as a page brought them) with ``internal`` (the value log, then for a
        relationship its totals per visibility class) as the viewer is shown them, with its
        deconfliction pointers as the ``deconfliction`` attribute (``key`` names the element in the
        owners' notices). An element seen whole (most) keeps its values as the page brought them;
        only one seen in part has values recomputed, written back as text."""
        given = self.pointers.of(props) if self.pointers is not None else ()
        shown = self._values(kind, props, internal)
        if given:
            shown[POINTERS_ATTRIBUTE] = " | ".join(pointer.as_text() for pointer in given)
            self.touches.add(key, given)
        return shown

    def _values(self, kind: str, props: dict[str, Any], internal: Sequence[Any]) -> dict[str, Any]:
        if all(g in self.held for g in props.get("markings") or ()):
            shown = for_viewer(props, self.held, self.logged.get(kind))
            if None in shown.values():  # an element without assertion lists names no source
                return {name: value for name, value in shown.items() if value is not None}
            return shown
        stored = dict(props)
        stored.update({name: value for name, value in zip(_INTERNAL, internal, strict=False) if value})
        shown = for_viewer(stored, self.held, self.logged.get(kind))
        return {
            name: cypher_text(value)
            for name, value in shown.items()
            if value is not None and name not in _INTERNAL
        }


def cypher_text(value: Any) -> Any:
    """A date or date-time as Cypher's ``toString`` writes it (what an export page brings); anything
    else unchanged. Seconds always, a fraction without trailing zeros, ``Z`` for UTC."""
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.microsecond:
            text += f".{value.microsecond:06d}".rstrip("0")
        offset = value.utcoffset()
        if offset is None:
            return text
        if not offset:
            return text + "Z"
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
