"""Merge decisions: a shared strong identifier, or a name score corroborated by other attributes.

The rules, in order (thresholds below are the minimum name similarity, 0 to 1):

* a shared strong identifier (OFAC uid, identity document, phone, PGP key, registration number
  with country) decides alone: score 1.0, rule ``strong:<identifier>``;
* otherwise the two parties must be of the same type, and a conflicting birth date (no date of one
  compatible with any of the other's) or conflicting nationality/country (both known, none shared)
  vetoes the merge whatever the name says;
* ``name+birthdate`` - an equal full birth date and name ≥ ``NAME_WITH_BIRTHDATE``;
* ``name+birthyear`` - compatible partial birth dates (same year) and name ≥ ``NAME_WITH_BIRTHYEAR``;
* ``name+country`` - a shared nationality/country and name ≥ ``NAME_WITH_COUNTRY``;
* ``name-only`` - nothing corroborates and nothing conflicts: name ≥ ``NAME_ONLY``, and only when
  the name is unambiguous (no third party of that type carries the same spelling).

Anything else is not merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from chokepoint.resolution.evidence import Assertions
from chokepoint.resolution.names import NormalName, PartyKind, best_similarity, normalise

NAME_WITH_BIRTHDATE = 0.90
NAME_WITH_BIRTHYEAR = 0.93
NAME_WITH_COUNTRY = 0.93
NAME_ONLY = 0.97
NAME_ONLY_MAX_HOLDERS = 2  # a name-only merge needs a name no third party of the type carries
STRONG_SCORE = 1.0

# What each strong identifier is called in a rule (strong:<key>) and in an explanation.
STRONG_IDENTIFIERS = {
    "ofacUid": "the OFAC uid",
    "document": "the identity document",
    "phone": "the phone number",
    "pgp": "the PGP key",
    "registration": "the registration number",
}


@dataclass(frozen=True)
class Party:
    """What resolution reads of a Person, Organization or VendorAccount node."""

    id: str
    label: str
    names: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # nationalities of a person, country of an organisation
    assertions: Assertions = ()  # every record asserting the node, with the grant it is visible under
    value_log: tuple[str, ...] = ()  # a shared node's value log (chokepoint/values/log.py), else empty
    grants: tuple[str, ...] = ()  # the grants the node is visible under (its markings)

    @cached_property
    def normal_names(self) -> list[NormalName]:
        kind = PartyKind.ORGANIZATION if self.label == "Organization" else PartyKind.PERSON
        seen: dict[tuple[str, ...], NormalName] = {}
        for name in self.names:
            normal = normalise(name, kind)
            if normal.tokens:
                seen.setdefault(normal.tokens, normal)
        return list(seen.values())


class Agreement(StrEnum):
    EXACT = "exact"  # birth dates: the same full date; countries: one shared
    PARTIAL = "partial"  # birth dates: compatible at year or month precision
    UNKNOWN = "unknown"  # one side (or both) says nothing
    CONFLICT = "conflict"


def compare_birth_dates(a: tuple[str, ...], b: tuple[str, ...]) -> Agreement:
    """Exact when a full date is shared; partial when one date is a prefix of another (1980 ~ 1980-05-01)."""
    if not a or not b:
        return Agreement.UNKNOWN
    if any(len(x) == 10 and x == y for x in a for y in b):
        return Agreement.EXACT
    if any(x.startswith(y) or y.startswith(x) for x in a for y in b):
        return Agreement.PARTIAL
    return Agreement.CONFLICT


def compare_countries(a: tuple[str, ...], b: tuple[str, ...]) -> Agreement:
    if not a or not b:
        return Agreement.UNKNOWN
    return Agreement.EXACT if {c.upper() for c in a} & {c.upper() for c in b} else Agreement.CONFLICT


@dataclass(frozen=True)
class Assessment:
    """The verdict on one pair: merge or not, by which rule, with what score, and why."""

    merge: bool
    rule: str
    score: float
    explanation: str


def strong_match(identifier: str, value: object) -> Assessment:
    """Two parties share a strong identifier: merged with score 1.0."""
    what = STRONG_IDENTIFIERS[identifier]
    return Assessment(True, f"strong:{identifier}", STRONG_SCORE, f"both carry {what} {value}")


Similar = tuple[float, NormalName, NormalName]  # best_similarity's answer: score, name of a, name of b


def assess_names(
    a: Party,
    b: Party,
    holders: Callable[[NormalName], int] | None = None,
    similar: Similar | None = None,
) -> Assessment:
    """Decide a name candidate pair (see the module docstring for the rules).

    ``holders`` counts the parties of this type that carry a name's spelling (the same letters in
    any order); a name-only merge needs both matching names held by at most
    ``NAME_ONLY_MAX_HOLDERS`` parties. ``similar``: the pair's ``best_similarity``, when known.
    """
    if a.label != b.label:
        return Assessment(False, "type-mismatch", 0.0, f"{a.label} and {b.label} are never merged by name")
    score, name_a, name_b = similar or best_similarity(a.normal_names, b.normal_names)
    said = f"names {name_a.original!r} and {name_b.original!r} score {score:.2f}"
    dates = compare_birth_dates(a.birth_dates, b.birth_dates)
    countries = compare_countries(a.countries, b.countries)
    if dates is Agreement.CONFLICT:
        why = f"{said}, but birth dates conflict ({_list(a.birth_dates)} vs {_list(b.birth_dates)})"
        return Assessment(False, "veto:birthdate", score, why)
    if countries is Agreement.CONFLICT:
        why = f"{said}, but countries conflict ({_list(a.countries)} vs {_list(b.countries)})"
        return Assessment(False, "veto:country", score, why)
    shared_country = sorted({c.upper() for c in a.countries} & {c.upper() for c in b.countries})
    for rule, holds, threshold, evidence in (
        ("name+birthdate", dates is Agreement.EXACT, NAME_WITH_BIRTHDATE, _dates_evidence(a, b)),
        ("name+birthyear", dates is Agreement.PARTIAL, NAME_WITH_BIRTHYEAR, _dates_evidence(a, b)),
        ("name+country", bool(shared_country), NAME_WITH_COUNTRY, f"country {', '.join(shared_country)}"),
    ):
        if holds and score >= threshold:
            return Assessment(True, rule, score, f"{said} (≥ {threshold}) and share {evidence}")
    if dates is Agreement.UNKNOWN and countries is Agreement.UNKNOWN and score >= NAME_ONLY:
        if holders is not None and max(holders(name_a), holders(name_b)) > NAME_ONLY_MAX_HOLDERS:
            return Assessment(
                False, "name-only:ambiguous", score, f"{said}, but other parties share the name"
            )
        return Assessment(
            True, "name-only", score, f"{said} (≥ {NAME_ONLY}); nothing corroborates or conflicts"
        )
    return Assessment(False, "below-threshold", score, f"{said}: below the threshold for the evidence")


def _dates_evidence(a: Party, b: Party) -> str:
    shared = sorted(x for x in a.birth_dates for y in b.birth_dates if x.startswith(y) or y.startswith(x))
    return f"birth date {', '.join(dict.fromkeys(shared))}"


def _list(values: tuple[str, ...]) -> str:
    return "/".join(values)
