"""Static Cypher lives in ``chokepoint/graph/cypher/<verb_noun>.cypher``, loaded by name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chokepoint.errors import NotFound

CYPHER_DIR = Path(__file__).parent / "cypher"


@dataclass(frozen=True)
class CypherQuery:
    """A named Cypher text; values always travel as ``$parameters``."""

    name: str
    text: str


@cache
def load_query(name: str) -> CypherQuery:
    """Load ``cypher/<name>.cypher``; a missing file fails loudly."""
    path = CYPHER_DIR / f"{name}.cypher"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"No Cypher file {path}") from None
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return CypherQuery(name=name, text=body.strip())
