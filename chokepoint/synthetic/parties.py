"""Parties as each agency's records name them: PartyRef dicts with the agency's own subject ids."""

from __future__ import annotations

from typing import Any

from chokepoint.synthetic.ofac import variant
from chokepoint.synthetic.world import Actor

SUBJECT_PREFIX = {"DEA": "NADDIS-", "HSI": "TECS-", "CBP": "ATS-", "IRS-CI": "IRSCI-", "FBI": "FBI-"}


class SubjectFiles:
    """Each agency numbers its subjects in the order it first records them."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}

    def subject_id(self, agency: str, actor: Actor) -> str:
        key = (agency, actor.key)
        if key not in self._numbers:
            self._numbers[key] = 10000 + 37 * len(self._numbers)
        return f"{SUBJECT_PREFIX[agency]}{self._numbers[key]}"

    def node_id(self, agency: str, actor: Actor) -> str:
        """The graph id an ingest gives the agency's subject (``{agency}:{subjectId}`` lower-cased)."""
        if actor.node_id is not None:
            return actor.node_id
        return f"{agency}:{self.subject_id(agency, actor)}".lower()


def party(
    files: SubjectFiles,
    agency: str,
    actor: Actor,
    *,
    ref: str | None = None,
    role: str | None = None,
    style: int = 0,
    details: bool = True,
) -> dict[str, Any]:
    """A PartyRef for ``actor``; ``style`` > 0 writes the name the way another agency might."""
    out: dict[str, Any] = {}
    if ref is not None:
        out["ref"] = ref
    out["subjectId"] = files.subject_id(agency, actor)
    out["type"] = actor.type
    out["name"] = variant(actor.name, style - 1) if style > 0 else actor.name
    if actor.aliases:
        out["aliases"] = list(actor.aliases)
    if actor.type == "organization":
        if actor.kinds:
            out["kinds"] = list(actor.kinds)
        if actor.country != "XX":
            out["country"] = actor.country
    else:
        out["nationalities"] = list(actor.nationalities)
        if actor.birth_date and details:
            out["birthDate"] = actor.birth_date
    if actor.ofac_uid is not None and details:
        out["ofacUid"] = actor.ofac_uid
    if actor.type == "organization" and actor.registration_number and details:
        out["registrationNumber"] = actor.registration_number
    if actor.documents and details:
        out["documents"] = [{"docType": t, "number": n, "issuingCountry": c} for t, n, c in actor.documents]
    if actor.phones and details:
        out["phones"] = list(actor.phones)
    if role is not None:
        out["role"] = role
    return out


def node_ref(node_id: str) -> dict[str, str]:
    return {"id": node_id}


def address_ref(chain: str, address: str, asset: str) -> dict[str, str]:
    return {"chain": chain, "address": address, "asset": asset}
