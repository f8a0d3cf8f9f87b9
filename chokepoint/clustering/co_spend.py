"""Co-spend (multi-input) clustering with its evidence: which transactions joined which addresses.

The rule (``co_spend``; Nakamoto's paper, section 10, and Meiklejohn et al. 2013): the inputs of one
transaction are signed by one wallet, so all its input addresses belong together. CoinJoins break the
rule and are detected first (:mod:`chokepoint.clustering.coinjoin`): they join nothing.

Determinism (the API clusters the transactions a viewer may see, so two viewers, or two runs, with the
same transactions must get the same answer): the clusters and their representative, the least
address of each, do not depend on the order of the input; a txid given twice with the same content is
read once, and with different content is refused. Explanations prefer the fewest transactions and,
among those, the earliest (block, then txid).

``split(txids)``: an analyst says "these transactions are not one wallet's". The result is the
clustering of the same transactions in which those give no co-spend evidence; every other
transaction still does. So exactly the merges that only those transactions caused come apart; a
cluster also joined through other transactions stays whole, and ``explain`` then shows that other
chain. Splits accumulate (``split`` of a split disregards both sets); the txids must be among the
clustered transactions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from chokepoint.clustering.cluster_rules import ClusteringRules, default_rules
from chokepoint.clustering.coinjoin import MIN_INPUTS, MIN_OUTPUTS, CoinJoinMatch, detect_coinjoin
from chokepoint.clustering.disjoint_sets import IdGroups, components
from chokepoint.clustering.tx_model import Transaction
from chokepoint.errors import InvalidInput, NotFound

CO_SPEND = "co_spend"


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """``address`` joined to ``toward`` by ``txid``, where both were inputs (one edge of the forest)."""

    address: str
    txid: str
    toward: str
    rule: str = CO_SPEND


@dataclass(frozen=True, slots=True)
class Membership:
    """Why an address is in its cluster: every transaction of the rule that spent it with another
    address, and its own edge of the evidence forest (None for the representative)."""

    address: str
    rule: str
    txids: tuple[str, ...]
    joined_by: EvidenceLink | None


@dataclass(frozen=True, slots=True)
class Explanation:
    """The chain of transactions from ``address`` to its cluster's representative (empty for it)."""

    address: str
    representative: str
    chain: tuple[EvidenceLink, ...]

    @property
    def txids(self) -> tuple[str, ...]:
        return tuple(link.txid for link in self.chain)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Addresses of one wallet by co-spend, ascending; the first is the representative."""

    representative: str
    addresses: tuple[str, ...]


class _Evidence(NamedTuple):
    """A transaction that joins its input addresses (distinct, in no particular order). A named tuple:
    one is made per clustered transaction, and a frozen dataclass costs several times more."""

    block: int | None
    txid: str
    addresses: tuple[str, ...]

    def order(self) -> tuple[bool, int, str]:
        """Earliest first: by block (unknown last), then txid."""
        return (self.block is None, self.block or 0, self.txid)


class AddressClustering:
    """Clusters of addresses by co-spend over one set of transactions, with their evidence."""

    def __init__(
        self,
        transactions: dict[str, Transaction],
        candidates: list[_Evidence],
        coinjoins: dict[str, tuple[CoinJoinMatch, ...]],
        disregarded: frozenset[str],
    ) -> None:
        self._transactions = transactions
        self._candidates = candidates
        self.coinjoins = coinjoins
        self.disregarded = disregarded
        self._evidence = [item for item in candidates if item.txid not in disregarded]
        self._representative = _representatives(self._evidence)
        self._members: dict[str, list[str]] | None = None
        self._by_cluster: dict[str, list[_Evidence]] | None = None
        self._forests: dict[str, dict[str, EvidenceLink]] = {}
        self._known: set[str] | None = None

    # -- the partition ----------------------------------------------------------------------------------
    def representative(self, address: str) -> str:
        """The least address of ``address``'s cluster (itself when no transaction joined it)."""
        found = self._representative.get(address)
        if found is not None:
            return found
        self._check_known(address)
        return address

    def clusters(self) -> list[Cluster]:
        """Every cluster of two or more addresses, ordered by representative."""
        return [Cluster(rep, tuple(members)) for rep, members in sorted(self._membership_lists().items())]

    def cluster_of(self, address: str) -> Cluster:
        rep = self.representative(address)
        return Cluster(rep, tuple(self._membership_lists().get(rep, [address])))

    def partition(self) -> dict[str, str]:
        """Each address of a cluster of two or more, with its representative."""
        return dict(self._representative)

    # -- evidence ---------------------------------------------------------------------------------------
    def memberships(self, address: str) -> list[Membership]:
        """The membership evidence of every address of ``address``'s cluster, by address."""
        rep = self.representative(address)
        forest = self._forest(rep)
        spent_in: dict[str, list[str]] = {}
        for item in self._cluster_evidence(rep):
            for member in item.addresses:
                spent_in.setdefault(member, []).append(item.txid)
        return [
            Membership(member, CO_SPEND, tuple(spent_in.get(member, ())), forest.get(member))
            for member in self.cluster_of(rep).addresses
        ]

    def explain(self, address: str) -> Explanation:
        """The fewest transactions linking ``address`` to its representative, earliest first on a tie."""
        rep = self.representative(address)
        forest = self._forest(rep)
        links: list[EvidenceLink] = []
        current = address
        while current != rep:
            link = forest[current]
            links.append(link)
            current = link.toward
        return Explanation(address, rep, tuple(links))

    def split(self, disregard: Iterable[str]) -> AddressClustering:
        """The clustering without the co-spend evidence of ``disregard`` (module docstring)."""
        txids = frozenset(disregard)
        unknown = sorted(txids - self._transactions.keys())
        if unknown:
            raise NotFound(f"split: not among the clustered transactions: {', '.join(unknown)}")
        return AddressClustering(
            self._transactions, self._candidates, self.coinjoins, self.disregarded | txids
        )

    # -- internals --------------------------------------------------------------------------------------
    def _membership_lists(self) -> dict[str, list[str]]:
        if self._members is None:
            members: dict[str, list[str]] = {}
            for address, rep in sorted(self._representative.items()):
                members.setdefault(rep, []).append(address)
            self._members = members
        return self._members

    def _cluster_evidence(self, rep: str) -> list[_Evidence]:
        if self._by_cluster is None:
            by_cluster: dict[str, list[_Evidence]] = {}
            for item in sorted(self._evidence, key=_Evidence.order):
                by_cluster.setdefault(self._representative[item.addresses[0]], []).append(item)
            self._by_cluster = by_cluster
        return self._by_cluster.get(rep, [])

    def _forest(self, rep: str) -> dict[str, EvidenceLink]:
        """Breadth-first from the representative over address-transaction incidence: each address's
        link toward the representative through the earliest transaction of a shortest chain."""
        if rep not in self._forests:
            spent_in: dict[str, list[_Evidence]] = {}
            for item in self._cluster_evidence(rep):
                for member in item.addresses:
                    spent_in.setdefault(member, []).append(item)
            links: dict[str, EvidenceLink] = {}
            used: set[str] = set()
            queue = deque([rep])
            while queue:
                current = queue.popleft()
                for item in spent_in.get(current, ()):
                    if item.txid in used:
                        continue
                    used.add(item.txid)
                    for member in sorted(item.addresses):
                        if member != rep and member not in links:
                            links[member] = EvidenceLink(member, item.txid, current)
                            queue.append(member)
            self._forests[rep] = links
        return self._forests[rep]

    def _check_known(self, address: str) -> None:
        if self._known is None:
            self._known = set(_addresses(self._transactions.values()))
        if address not in self._known:
            raise NotFound(f"address {address} is in none of the clustered transactions")


def cluster_addresses(
    transactions: Iterable[Transaction], rules: ClusteringRules | None = None
) -> AddressClustering:
    """Co-spend clusters of ``transactions`` (the ones a viewer may see), CoinJoins detected first."""
    coinjoin_rules = (rules or default_rules()).coinjoin
    unique: dict[str, Transaction] = {}
    candidates: list[_Evidence] = []
    coinjoins: dict[str, tuple[CoinJoinMatch, ...]] = {}
    for tx in transactions:  # the hot loop: a few microseconds per transaction at most
        txid = tx.txid
        prior = unique.setdefault(txid, tx)
        if prior is not tx:
            if prior != tx:
                raise InvalidInput(f"transaction {txid} is given twice with different inputs or outputs")
            continue
        inputs = tx.inputs
        if len(inputs) < MIN_INPUTS:
            continue
        addresses = {item.address for item in inputs}
        addresses.discard(None)
        if len(addresses) < MIN_INPUTS:
            continue
        if len(tx.outputs) >= MIN_OUTPUTS:
            matches = detect_coinjoin(tx, coinjoin_rules)
            if matches:
                coinjoins[txid] = matches
                continue
        candidates.append(_Evidence(tx.block, txid, tuple(addresses)))  # type: ignore[arg-type]  # None dropped
    return AddressClustering(unique, candidates, coinjoins, frozenset())


def _representatives(evidence: list[_Evidence]) -> dict[str, str]:
    """Address -> least address of its component, for every address some evidence joins. Ids are
    given in sorted address order from 1, so the union-find's least id is the least address."""
    if not evidence:
        return {}
    names = ["", *sorted(set(chain.from_iterable(item.addresses for item in evidence)))]
    id_of = dict(zip(names, range(len(names)), strict=True)).__getitem__
    groups = IdGroups.from_flat(
        map(id_of, chain.from_iterable(item.addresses for item in evidence)),
        (len(item.addresses) for item in evidence),
    )
    members, least = components(groups, len(names) - 1)
    name = names.__getitem__
    return dict(zip(map(name, members), map(name, least), strict=True))


def _addresses(transactions: Iterable[Transaction]) -> Iterator[str]:
    for tx in transactions:
        yield from (item.address for item in tx.inputs if item.address is not None)
        yield from (item.address for item in tx.outputs if item.address is not None)
