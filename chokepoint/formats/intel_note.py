"""``intel-note`` (JSON and CSV): one analytic link per record, from a source an agency weighs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from chokepoint.formats.common import AddressRef, FormatModel, NodeIdRef, PartyRef

FORMAT = "intel-note"
# The schema's party-to-party relationship types, and party-to-address control.
Relationship = Literal[
    "ACTING_FOR", "ASSOCIATE_OF", "CONTROLS_ADDRESS", "FAMILY_OF", "LAUNDERS_FOR", "LEADER_OF",
    "MEMBER_OF", "OWNED_OR_CONTROLLED_BY", "SUPPLIES", "SUPPORTS",
]  # fmt: skip


def _end_kind(value: Any) -> str:
    """Which form an end takes: ``id`` names an existing node, ``address`` a crypto address."""
    if isinstance(value, FormatModel):  # a model built in Python rather than parsed from JSON
        keys = set(value.model_fields_set) | ({"id"} if isinstance(value, NodeIdRef) else set())
    else:
        keys = set(value) if isinstance(value, dict) else set()
    return "node" if "id" in keys else "address" if "address" in keys else "party"


Endpoint = Annotated[
    Annotated[NodeIdRef, Tag("node")]
    | Annotated[PartyRef, Tag("party")]
    | Annotated[AddressRef, Tag("address")],
    Discriminator(_end_kind),
]


class IntelNote(FormatModel):
    """``subject -[relationship]-> object``: each end an existing node id, a party or an address."""

    note_id: str = Field(min_length=1, description="The note's stable id")
    subject: Endpoint = Field(description='{"id": "ofac:11440"} (an existing node), a PartyRef or AddressRef')
    relationship: Relationship
    object: Endpoint = Field(description="The same three forms as subject")
    confidence: float = Field(ge=0, le=1)
    source: str | None = Field(None, min_length=1, description="Where the statement comes from")
    stated_on: dt.date | None = None

    @model_validator(mode="after")
    def _ends_fit(self) -> IntelNote:
        if isinstance(self.subject, AddressRef):
            raise ValueError("subject: a crypto address can only be the object of CONTROLS_ADDRESS")
        if isinstance(self.object, AddressRef) != (self.relationship == "CONTROLS_ADDRESS"):
            raise ValueError("object: a crypto address exactly when the relationship is CONTROLS_ADDRESS")
        return self
