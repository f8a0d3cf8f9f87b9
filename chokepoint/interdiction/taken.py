"""What-if: the nodes and links already acted on, which a plan starts without.

A node is named by its id; a link as deconfliction notices and alerts name a relationship,
``(startId)-[TYPE]->(endId)`` (``link_key``): every link of that type from that start to that end,
as a plan's link step lists its relationships. Taking a link removes the hop between its two nodes
only when no other visible link of the plan's types joins them, so it disconnects exactly the pairs
it alone joined; the money it carried stops either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from chokepoint.deconfliction.notices import link_key

_LINK = re.compile(r"\((?P<start>.+?)\)-\[(?P<type>[A-Za-z_][A-Za-z0-9_]*)\]->\((?P<end>.+)\)")


@dataclass(frozen=True)
class TakenLink:
    start: str
    type: str
    end: str

    @property
    def id(self) -> str:
        return link_key(self.start, self.type, self.end)

    @property
    def pair(self) -> tuple[str, str]:
        return (min(self.start, self.end), max(self.start, self.end))


@dataclass(frozen=True)
class Taken:
    nodes: tuple[str, ...] = ()
    links: tuple[TakenLink, ...] = ()

    @property
    def link_ids(self) -> frozenset[tuple[str, str, str]]:
        return frozenset((link.start, link.type, link.end) for link in self.links)


def link_of(value: str) -> TakenLink | None:
    """The link ``value`` names in the ``(startId)-[TYPE]->(endId)`` form, else None (a node id)."""
    found = _LINK.fullmatch(value)
    if found is None:
        return None
    return TakenLink(found["start"], found["type"], found["end"])


def taken_of(ids: Iterable[str]) -> Taken:
    """The ids split into nodes and links, each once, in the order given."""
    nodes: dict[str, None] = {}
    links: dict[TakenLink, None] = {}
    for value in ids:
        link = link_of(value)
        if link is None:
            nodes[value] = None
        else:
            links[link] = None
    return Taken(tuple(nodes), tuple(links))


def cut_pairs(
    links: Iterable[TakenLink], found: Iterable[Mapping[str, Any]], rel_types: Iterable[str]
) -> tuple[list[str], set[tuple[str, str]]]:
    """The ids of ``links`` that ``found`` (every visible link between their two nodes, as
    ``{type, startId, endId}``) lacks, and the pairs (a < b) no link of ``rel_types`` joins once
    ``links`` are taken."""
    wanted = list(links)
    taken = {(link.start, link.type, link.end) for link in wanted}
    seen: set[tuple[str, str, str]] = set()
    joined: set[tuple[str, str]] = set()
    types = set(rel_types)
    for row in found:
        key = (str(row["startId"]), str(row["type"]), str(row["endId"]))
        seen.add(key)
        if key not in taken and key[1] in types:
            joined.add((min(key[0], key[2]), max(key[0], key[2])))
    missing = [link.id for link in wanted if (link.start, link.type, link.end) not in seen]
    return missing, {link.pair for link in wanted} - joined
