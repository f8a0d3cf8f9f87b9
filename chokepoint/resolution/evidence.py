"""What a resolution decision rests on, and who may see it: pure, no I/O.

Every element resolution reads (a party; the relationship from a party to a shared document or
phone; that document or phone) comes with its assertions: each record's ``dataset:record`` and the
grant it is visible under (``chokepoint/markings.py``). A :class:`View` is what one visibility class
sees: ``PUBLIC`` alone, ``PUBLIC`` plus one shareable grant, ``PUBLIC`` plus every grant of one
agency's own records, or everything (the CLI's view). An element is in a view when one of its
assertions is, and a decision made in a view rests on the assertions that view sees, so a link is
marked for exactly the viewers who may see all of its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chokepoint.markings import PUBLIC, SEPARATOR, marking, visibility_of
from chokepoint.schema.vocabulary import CAVEATS, ORIGINATOR_CAVEATS  # CAVEATS: least to most restrictive

Assertions = tuple[tuple[str, str], ...]  # (dataset:record, grant) of each record asserting an element

AGENCY = "CHOKEPOINT"  # the decider: the agency of a decision record no partner's grant names
EVERYTHING = "*"  # the grant key of the everything view (in decision ids)


def assertions(records: Iterable[str], markings: Iterable[str]) -> Assertions:
    """Pair each record with the grant its marking is visible under (the lists are parallel)."""
    return tuple((record, visibility_of(mark)) for record, mark in zip(records, markings, strict=False))


@dataclass(frozen=True)
class View:
    """One visibility class: the grants whose records it sees (PUBLIC included; None: everything)
    and the marking of the decisions it makes (None: the everything view's, from their evidence)."""

    key: str  # PUBLIC, a grant, AGENCY|* (an agency's own records), or * (everything)
    grants: frozenset[str] | None
    marking: str | None

    @property
    def everything(self) -> bool:
        return self.grants is None

    @property
    def grant(self) -> str | None:
        """The grant a viewer needs to see this view's decisions (None: the everything view's)."""
        return None if self.marking is None else visibility_of(self.marking)

    def sees(self, element: Assertions) -> bool:
        """Whether an element asserted by ``element`` is in this view (one visible assertion suffices)."""
        grants = self.grants
        return grants is None or any(grant in grants for _, grant in element)

    def visible(self, element: Assertions) -> Assertions:
        """The element's assertions this view may see."""
        grants = self.grants
        if grants is None:
            return element
        return tuple((record, grant) for record, grant in element if grant in grants)

    def decision_marking(self, evidence: Assertions) -> str:
        """The marking of a decision made in this view on ``evidence``. A decision only the
        everything view makes rests on the grants of two or more agencies at once (or on two grants
        another agency shares), which no single grant covers: it is marked
        ``CHOKEPOINT|<most restrictive caveat of its evidence>``, a marking no partner holds."""
        if self.marking is not None:
            return self.marking
        caveats = {grant.rpartition(SEPARATOR)[2] for _, grant in evidence if grant != PUBLIC}
        strictest = max(caveats, key=CAVEATS.index) if caveats else CAVEATS[-1]
        return marking(AGENCY, strictest)


PUBLIC_VIEW = View(PUBLIC, frozenset({PUBLIC}), marking(AGENCY, PUBLIC))
EVERYTHING_VIEW = View(EVERYTHING, None, None)


def views(grants: Iterable[str]) -> list[View]:
    """The visibility classes to resolve, in order: PUBLIC's; one per shareable grant (PUBLIC and that
    grant: a viewer holding it sees the decisions); one per agency over all its own records, marked
    with its originator-only caveat, which only that agency holds, and it holds every grant of its
    own (when it has more than one grant, or an originator-only one); then everything."""
    present = sorted({grant for grant in grants if grant != PUBLIC})
    by_agency: dict[str, list[str]] = {}
    for grant in present:
        by_agency.setdefault(grant.rpartition(SEPARATOR)[0], []).append(grant)
    out = [PUBLIC_VIEW]
    out += [View(g, frozenset({PUBLIC, g}), g) for g in present if _caveat(g) not in ORIGINATOR_CAVEATS]
    if ORIGINATOR_CAVEATS:
        own_caveat = ORIGINATOR_CAVEATS[-1]
        for agency, own in sorted(by_agency.items()):
            if len(own) > 1 or any(_caveat(g) in ORIGINATOR_CAVEATS for g in own):
                out.append(
                    View(f"{agency}{SEPARATOR}*", frozenset({PUBLIC, *own}), marking(agency, own_caveat))
                )
    return [*out, EVERYTHING_VIEW]


def seeds_of(view: View, single: Iterable[View]) -> list[View]:
    """The views whose decisions every viewer of ``view`` sees: PUBLIC's for each, plus, for an
    agency's own view, its shareable grants' views; for the everything view every other."""
    if view.grants is None:
        return [PUBLIC_VIEW, *single]
    if view.key == PUBLIC:
        return []
    return [
        PUBLIC_VIEW,
        *(s for s in single if s is not view and s.grants is not None and s.grants <= view.grants),
    ]


def _caveat(grant: str) -> str:
    return grant.rpartition(SEPARATOR)[2]
