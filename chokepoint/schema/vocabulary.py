"""The schema's vocabulary (common.yaml; each type's style and event_date) as constants.

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

# Named groups of sanctions programme codes (program_groups).
PROGRAM_GROUPS: Final[dict[str, frozenset[str]]] = {
    "drugs": frozenset({"SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059"}),
}

# The property that dates an element of each type that declares one (event_date) ...
EVENT_DATES: Final[dict[str, str]] = {
    "Designation": "designatedOn",
    "Seizure": "seizedOn",
    "Shipment": "shippedOn",
    "SuspiciousActivityReport": "filedOn",
    "Transfer": "timestamp",
}
# ... and of every other type.
DEFAULT_EVENT_DATE: Final[str] = "firstSeenAt"

# How each node type is drawn (style): i2 Analyst's Notebook icon name, and colour.
NODE_ICONS: Final[dict[str, str]] = {
    "Aircraft": "Aircraft",
    "CryptoAddress": "Bitcoin",
    "DarknetMarket": "Web Site",
    "Designation": "Document",
    "Equipment": "Tool",
    "FinancialAccount": "Bank Account",
    "IdentityDocument": "Passport",
    "Location": "Place",
    "Organization": "Organisation",
    "Person": "Person",
    "Phone": "Phone",
    "Port": "Port",
    "SanctionsProgram": "Document",
    "Seizure": "Police",
    "SeizureStatistic": "Document",
    "Shipment": "Container",
    "SourceDocument": "Document",
    "Substance": "Drugs",
    "SuspiciousActivityReport": "Document",
    "Transfer": "Money Transfer",
    "VendorAccount": "User Account",
    "Vessel": "Ship",
    "WalletCluster": "Bitcoin",
}
NODE_COLOURS: Final[dict[str, str]] = {
    "Aircraft": "#5f6b7a",
    "CryptoAddress": "#edc948",
    "DarknetMarket": "#79706e",
    "Designation": "#ff9d9a",
    "Equipment": "#9c755f",
    "FinancialAccount": "#9d7660",
    "IdentityDocument": "#86bcb6",
    "Location": "#8cd17d",
    "Organization": "#f28e2b",
    "Person": "#4e79a7",
    "Phone": "#f1ce63",
    "Port": "#499894",
    "SanctionsProgram": "#a0cbe8",
    "Seizure": "#1f3a93",
    "SeizureStatistic": "#bab0ac",
    "Shipment": "#76b7b2",
    "SourceDocument": "#d4a6c8",
    "Substance": "#e15759",
    "SuspiciousActivityReport": "#fabfd2",
    "Transfer": "#59a14f",
    "VendorAccount": "#d37295",
    "Vessel": "#2f6f9f",
    "WalletCluster": "#b07aa1",
}
