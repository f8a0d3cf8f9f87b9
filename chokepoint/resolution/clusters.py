"""Clusters over SAME_AS links, kept apart where an analyst split them: pure, no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

OFAC_PREFIX = "ofac:"


class Clusters:
    """Union-find over node ids with cannot-link pairs (NOT_SAME_AS).

    ``link`` joins two clusters unless that would put a split pair in one cluster; it returns
    whether the two ids are now in the same cluster.
    """

    def __init__(self, cannot_link: Iterable[tuple[str, str]] = ()) -> None:
        self._parent: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._apart: dict[str, set[str]] = defaultdict(set)
        for a, b in cannot_link:
            self._apart[a].add(b)
            self._apart[b].add(a)

    def find(self, node: str) -> str:
        parent = self._parent.setdefault(node, node)
        if parent == node:
            self._members.setdefault(node, {node})
            return node
        root = self.find(parent)
        self._parent[node] = root
        return root

    def can_link(self, a: str, b: str) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        small, large = sorted((self._members[root_a], self._members[root_b]), key=len)
        return not any(self._apart.get(node, set()) & large for node in small)

    def link(self, a: str, b: str) -> bool:
        if not self.can_link(a, b):
            return False
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            if len(self._members[root_a]) < len(self._members[root_b]):
                root_a, root_b = root_b, root_a
            self._parent[root_b] = root_a
            self._members[root_a] |= self._members.pop(root_b)
        return True

    def groups(self) -> list[set[str]]:
        """Every cluster of two or more ids."""
        return [set(members) for root, members in self._members.items() if len(members) > 1]


def representative(members: Iterable[str]) -> str:
    """The cluster's id: its (smallest) OFAC node if it has one, else its smallest id."""
    ordered = sorted(members)
    return next((m for m in ordered if m.startswith(OFAC_PREFIX)), ordered[0])


def resolved_ids(clusters: Clusters) -> dict[str, str]:
    """``resolvedId`` of every node in a cluster of two or more."""
    out: dict[str, str] = {}
    for members in clusters.groups():
        rep = representative(members)
        out.update(dict.fromkeys(members, rep))
    return out
