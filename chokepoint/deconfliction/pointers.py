"""Which owners an answer names on an element: the pointer rule.

An element a viewer sees may also carry records hidden from it. When the agency owning such a record
opted in for that record's caveat (the access file's ``deconfliction``), the viewer is told the owner
and whom to call there: a *pointer*. Nothing else of the hidden records (ids, values, counts, dates,
caveats) is in it, and an owner that did not opt in is never named. Pointers are a function of the
element's stored record markings, the viewer's grants and the opt-ins, so every surface that shows an
element computes them alike (:class:`ViewerPointers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chokepoint.markings import SEPARATOR, record_markings, visibility_of


@dataclass(frozen=True)
class Pointer:
    """The owner of hidden records on an element, and how to reach it."""

    agency: str
    desk: str | None = None
    phone: str | None = None
    email: str | None = None

    def as_text(self) -> str:
        """One line for chart attributes: ``DEA: desk; phone; email``."""
        reach = "; ".join(part for part in (self.desk, self.phone, self.email) if part)
        return f"{self.agency}: {reach}" if reach else self.agency


@dataclass(frozen=True)
class Consent:
    """An owner's opt-in: the caveats whose records may give pointers, the contact and the window
    within which one viewer's repeated touches of one element make one notice."""

    pointer: Pointer
    caveats: frozenset[str]
    window_minutes: int = 60


class PointerRule:
    """Every owner's consent; :meth:`for_viewer` applies it to one viewer's answers."""

    def __init__(self, consents: Mapping[str, Consent] | None = None) -> None:
        self._consents = dict(consents or {})

    @property
    def enabled(self) -> bool:
        return bool(self._consents)

    def window_minutes(self, owner: str) -> int:
        consent = self._consents.get(owner)
        return consent.window_minutes if consent else 0

    def for_viewer(self, agency: str, held: frozenset[str]) -> ViewerPointers | None:
        """The rule for a viewer (its agency and grants, PUBLIC included); None when no owner opted in."""
        return ViewerPointers(self._consents, agency, held) if self._consents else None


class ViewerPointers:
    """Pointers for one viewer: computed from an element's stored properties (before they are cut
    down to what the viewer sees), for elements the viewer sees."""

    def __init__(self, consents: Mapping[str, Consent], agency: str, held: frozenset[str]) -> None:
        self._consents = consents
        self._agency = agency
        self._held = held

    def of(self, props: Mapping[str, Any]) -> tuple[Pointer, ...]:
        owners: set[str] = set()
        for mark in record_markings(props):
            if visibility_of(mark) in self._held:
                continue
            owner, _, caveat = mark.rpartition(SEPARATOR)
            consent = self._consents.get(owner)
            if consent is not None and caveat in consent.caveats and owner != self._agency:
                owners.add(owner)
        return tuple(self._consents[owner].pointer for owner in sorted(owners))
