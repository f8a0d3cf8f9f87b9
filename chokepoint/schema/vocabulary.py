"""The schema's vocabulary (common.yaml; each type's event_date) as constants.

Generated from schema/ by `bin/chokepoint schema generate`; do not edit by hand.
"""

from typing import Final, Literal

Caveat = Literal["PUBLIC", "SBU", "FOUO", "LES", "ORCON"]

# Every handling caveat, from least to most restrictive.
CAVEATS: Final[tuple[Caveat, ...]] = ("PUBLIC", "SBU", "FOUO", "LES", "ORCON")
# Seen by every viewer without a grant.
PUBLIC_CAVEAT: Final[Caveat] = "PUBLIC"
# An agency may share its records under these (the access file's sharing policy).
SHAREABLE_CAVEATS: Final[tuple[Caveat, ...]] = ("SBU", "FOUO", "LES")
# Seen by the originating agency only: the access file cannot share them.
ORIGINATOR_CAVEATS: Final[tuple[Caveat, ...]] = ("ORCON",)

# Named groups of node types (node_groups).
NODE_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "parties": ("Person", "Organization"),
    "listed_parties": ("Person", "Organization", "Vessel", "Aircraft"),
    "resolvable": ("Person", "Organization", "VendorAccount"),
}

# Named groups of relationship types (relationship_groups).
RELATIONSHIP_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "exposure": (
        "SENT_FUNDS_TO",
        "SENT",
        "RECEIVED",
        "SPENT_IN",
        "PAID_TO",
        "CONTROLS_ADDRESS",
        "IN_CLUSTER",
        "CONTROLS_CLUSTER",
        "OWNED_OR_CONTROLLED_BY",
        "ACTING_FOR",
        "LAUNDERS_FOR",
    ),
    "money_flows": (
        "SENT_FUNDS_TO",
        "SENT",
        "RECEIVED",
        "SPENT_IN",
        "PAID_TO",
    ),
    "supply_chain": (
        "SHIPPED",
        "CONSIGNED_TO",
        "NOTIFIES",
        "SUPPLIES",
        "ACTING_FOR",
        "OWNED_OR_CONTROLLED_BY",
        "MEMBER_OF",
        "LEADER_OF",
        "LAUNDERS_FOR",
        "CONTROLS_ADDRESS",
        "SENT_FUNDS_TO",
        "SAME_AS",
        "ATTRIBUTED_TO",
        "FOUND_ADDRESS",
    ),
    "co_spend": ("SPENT_IN",),
}

# Named groups of the values of one enumerated property (value_groups).
VALUE_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "money_brokers": ("crypto_broker", "money_service_business", "exchange"),
}

# Named groups of sanctions programme codes (program_groups).
PROGRAM_GROUPS: Final[dict[str, frozenset[str]]] = {
    "drugs": frozenset({"SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059"}),
}

# The property that dates an element of each type that declares one (event_date) ...
EVENT_DATES: Final[dict[str, str]] = {
    "ClusterSplit": "decidedAt",
    "Designation": "designatedOn",
    "Seizure": "seizedOn",
    "SeizureStatistic": "periodStart",
    "Shipment": "shippedOn",
    "SourceDocument": "publishedOn",
    "SuspiciousActivityReport": "filedOn",
    "Transfer": "timestamp",
    "UtxoTransaction": "timestamp",
    "VendorAccount": "firstListedOn",
    "LISTS": "listedOn",
    "MEMBER_OF": "since",
    "NOT_SAME_AS": "decidedAt",
    "SAME_AS": "decidedAt",
    "SENT_FUNDS_TO": "firstSeen",
}
# ... and of every other type, or of one without its own date: the first of these it has.
DEFAULT_EVENT_DATES: Final[tuple[str, ...]] = ("sourcePublished", "firstSeenAt")
