"""A party's values as one visibility class sees them.

Resolution compares names, birth dates and countries. A node asserted under one grant, or one whose
every grant a class holds, shows its stored values; a shared node that a class sees only in part is
compared on the replay of that class's visible writes (the value log, :mod:`chokepoint.values.log`),
so no class decides on a name or a birth date only a record it may not see gave. The values are
derived as ``resolve_list_parties.cypher`` derives them from stored properties.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from chokepoint.resolution.scoring import Party
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.log import replay

Specs = Mapping[str, Mapping[str, PropertySpec]]  # logged properties per label


def in_view(party: Party, grants: frozenset[str] | None, specs: Specs) -> Party:
    """``party`` with the values a class holding ``grants`` (None: everything) sees."""
    if grants is None or not party.value_log or party.label not in specs or set(party.grants) <= grants:
        return party
    state = replay(party.value_log, grants, specs[party.label])
    names = [state.get("name"), *(state.get("aliases") or ())]
    countries = [*(state.get("nationalities") or ()), state.get("country")]
    return dataclasses.replace(
        party,
        names=tuple(str(name) for name in names if name),
        birth_dates=tuple(str(date) for date in state.get("birthDates") or ()),
        countries=tuple(str(country) for country in countries if country),
    )
