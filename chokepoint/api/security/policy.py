"""The sharing policy: which ``AGENCY|CAVEAT`` grants each agency holds.

An agency sees its own records at every caveat, PUBLIC records (the Cypher predicate admits them
without a grant), and another agency's SBU, FOUO or LES records when that owner shares the caveat
with it (by name or with ``"*"``). ORCON records are seen only by their originator: the access file
cannot share them. The caveats and who may share each come from ``schema/common.yaml``.
"""

from __future__ import annotations

from chokepoint.api.security.config import EVERY_AGENCY, AccessConfig
from chokepoint.api.viewer import Viewer, grant
from chokepoint.schema.vocabulary import CAVEATS, PUBLIC_CAVEAT

OWN_CAVEATS = tuple(c for c in CAVEATS if c != PUBLIC_CAVEAT)


def grants_for(agency: str, config: AccessConfig) -> frozenset[str]:
    """Every grant ``agency`` holds under ``config``'s sharing policy."""
    own = {grant(agency, caveat) for caveat in OWN_CAVEATS}
    shared = {
        grant(owner, caveat)
        for owner, by_caveat in config.sharing.items()
        for caveat, readers in by_caveat.items()
        if owner != agency and (agency in readers or EVERY_AGENCY in readers)
    }
    return frozenset(own | shared)


def viewer_for(agency: str, config: AccessConfig) -> Viewer:
    return Viewer(agency=agency, grants=grants_for(agency, config))
