"""The use cases a computed investigation (``queries/*.computed``) may run, with the parameters each
takes: the header of its file must declare exactly these, with these types (checked at load)."""

from __future__ import annotations

from typing import Final

# use case → parameter name → type (catalog.ParamType)
COMPUTED: Final[dict[str, dict[str, str]]] = {
    "interdiction_plan": {
        "suppliers": "string[]",
        "cells": "string[]",
        "maxHops": "integer",
        "relTypes": "string[]",
        "budget": "float",
        "taken": "string[]",
        "temporal": "boolean",
        "samplePaths": "integer",
    },
    "wallet_clusters": {
        "addresses": "string[]",
        "maxMembers": "integer",
    },
}

# A saved Cypher investigation may name (``// guided: SEARCH``) a search that gives its rows faster
# when floors hold (and None when they do not: the Cypher runs); it declares exactly these parameters.
GUIDED: Final[dict[str, dict[str, str]]] = {
    "shortest_chains": {  # chokepoint/analysis/shortest_chains.py
        "suppliers": "string[]",
        "cells": "string[]",
        "maxHops": "integer",
        "limit": "integer",
    },
}
