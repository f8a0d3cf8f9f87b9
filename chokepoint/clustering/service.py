"""Co-spend clusters of the graph as one viewer sees it: around an address, or the whole graph.

A viewer's cluster is computed, on every request, from the evidence that viewer may see: the visible
``UtxoTransaction`` nodes and their visible ``SPENT_IN`` links from visible addresses, minus the
CoinJoins (detected on the transaction as the viewer sees it; every record of a transaction carries
it whole, so every viewer who sees it sees the same one) and minus the transactions a split decision
the viewer may see disregards. No cluster id is stored: a stored one would say that hidden
transactions joined two addresses. Reads go through :class:`ClusterReads` (the API's ``GraphReads``,
which passes the viewer's grants to every query), so the CLI and the API ask the same thing.

Around an address the cluster is walked breadth-first, one read per level (each level's addresses,
the transactions they spent in that were not read yet); the walk stops once ``max_members`` addresses
are reached, or ``TRANSACTIONS_PER_MEMBER`` times as many transactions read (an address that spent in
very many), and says ``truncated`` (the cluster found is then a part of the viewer's cluster).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chokepoint.clustering.change_heuristics import ChangeSuggestion, suggest_change
from chokepoint.clustering.cluster_rules import ClusteringRules, default_rules
from chokepoint.clustering.co_spend import AddressClustering, Membership, cluster_addresses
from chokepoint.clustering.coinjoin import MIN_INPUTS, CoinJoinMatch, detect_coinjoin
from chokepoint.clustering.seen import SeenTransaction, seen_transaction
from chokepoint.errors import NotFound
from chokepoint.graph.adapter import Row

DEFAULT_MAX_MEMBERS = 2_000
TRANSACTIONS_PER_MEMBER = 20  # the walk reads at most this many transactions per address allowed
PAGE_SIZE = 5_000


class ClusterReads(Protocol):
    """The reads clustering needs, each filtered by the viewer's grants (the API's ``GraphReads``)."""

    @property
    def grants(self) -> list[str]: ...

    async def cluster_spends(self, ids: Sequence[str], seen: Sequence[str], limit: int) -> list[Row]: ...

    async def cluster_transactions(self, chain: str, after: str, limit: int) -> list[Row]: ...

    async def cluster_chains(self) -> list[str]: ...

    async def address(self, chain: str, address: str) -> Row | None: ...


@dataclass(frozen=True)
class Evidence:
    """One transaction a membership rests on, with the records asserting it that the viewer sees."""

    txid: str
    block: int | None
    records: tuple[tuple[str, str], ...]  # (dataset:record, AGENCY|CAVEAT)

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(sorted({mark.rpartition("|")[0] for _, mark in self.records}))


@dataclass(frozen=True)
class MemberEvidence:
    """Why one address is in the cluster: its rule, the transactions of it that spent the address with
    another member, its edge toward the representative, and what each transaction rests on."""

    membership: Membership
    evidence: tuple[Evidence, ...]


@dataclass
class ViewerCluster:
    """The co-spend cluster of ``address`` as one viewer sees it."""

    chain: str
    address: str
    address_id: str
    representative: str
    members: tuple[str, ...]  # ascending; the representative first
    truncated: bool
    transactions: dict[str, SeenTransaction]  # every transaction read, by txid
    clustering: AddressClustering
    rounds: int

    @property
    def member_ids(self) -> list[str]:
        """The CryptoAddress node id of each member, in member order."""
        return list(self.ids_of_members().values())

    def ids_of_members(self) -> dict[str, str]:
        """Each member address with its CryptoAddress node id, in member order."""
        ids: dict[str, str] = {self.address: self.address_id}
        for seen in self.transactions.values():
            ids.update(seen.address_ids)
        return {member: ids[member] for member in self.members if member in ids}

    @property
    def coinjoins(self) -> dict[str, tuple[CoinJoinMatch, ...]]:
        """CoinJoins among the transactions read (skipped: they join nothing)."""
        return dict(self.clustering.coinjoins)

    @property
    def disregarded(self) -> dict[str, tuple[str, ...]]:
        """Transactions read that a visible split decision disregards, with the decisions."""
        return {txid: seen.splits for txid, seen in sorted(self.transactions.items()) if seen.splits}

    def memberships(self) -> list[MemberEvidence]:
        """Each member with its rule, evidence transactions and the records they rest on."""
        if len(self.members) < 2:
            return []
        out = []
        for membership in self.clustering.memberships(self.address):
            evidence = tuple(self._evidence(txid) for txid in membership.txids)
            out.append(MemberEvidence(membership, evidence))
        return out

    def suggestions(self, rules: ClusteringRules | None = None) -> list[ChangeSuggestion]:
        """Change suggestions among the transactions read (never used for membership)."""
        return suggest_change((seen.tx for seen in self.transactions.values()), rules)

    def _evidence(self, txid: str) -> Evidence:
        seen = self.transactions[txid]
        return Evidence(txid, seen.tx.block, seen.records)


async def cluster_around(
    reads: ClusterReads,
    chain: str,
    address: str,
    address_id: str,
    max_members: int = DEFAULT_MAX_MEMBERS,
    rules: ClusteringRules | None = None,
) -> ViewerCluster:
    """The viewer's co-spend cluster of the visible address ``address`` (node ``address_id``)."""
    chosen = rules or default_rules()
    members = {address: address_id}
    frontier, previous = [address_id], list[str]()
    read: dict[str, SeenTransaction] = {}
    truncated, rounds = False, 0
    while frontier:
        if len(members) >= max_members:
            truncated = True
            break
        budget = max_members * TRANSACTIONS_PER_MEMBER - len(read)
        if budget <= 0:
            truncated = True
            break
        rows = await reads.cluster_spends(frontier, previous, budget)
        rounds += 1
        truncated = len(rows) >= budget
        new = [seen_transaction(row, reads.grants) for row in rows]
        new = [seen for seen in new if seen.txid not in read]
        read.update((seen.txid, seen) for seen in new)
        frontier, previous = [], [seen.node_id for seen in new]
        for seen in new:
            if not _joins(seen, chosen):
                continue
            for item in seen.tx.inputs:
                if item.address is not None and item.address not in members:
                    members[item.address] = seen.address_ids[item.address]
                    frontier.append(seen.address_ids[item.address])
        if truncated:  # a level cut short: its addresses' other transactions were not read
            break
    clustering = _clustering(read.values(), chosen)
    known = clustering.partition()
    if address in known:
        found = clustering.cluster_of(address)
        representative, cluster = found.representative, found.addresses
    else:
        representative, cluster = address, (address,)
    return ViewerCluster(
        chain, address, address_id, representative, cluster, truncated, read, clustering, rounds
    )


async def cluster_of_address(
    reads: ClusterReads,
    chain: str,
    address: str,
    max_members: int = DEFAULT_MAX_MEMBERS,
    rules: ClusteringRules | None = None,
) -> ViewerCluster:
    """:func:`cluster_around` a (normalised) address by chain; NotFound when the viewer does not see it."""
    row = await reads.address(chain, address)
    if row is None:
        raise NotFound(f"No {chain} address {address} that you may see")
    return await cluster_around(reads, chain, address, str(row["id"]), max_members, rules)


def _joins(seen: SeenTransaction, rules: ClusteringRules) -> bool:
    """Whether the transaction is co-spend evidence for the viewer: two or more input addresses, not
    a CoinJoin, not disregarded by a split it sees."""
    if seen.splits or len(seen.tx.input_addresses()) < MIN_INPUTS:
        return False
    return not detect_coinjoin(seen.tx, rules.coinjoin)


def _clustering(transactions: Iterable[SeenTransaction], rules: ClusteringRules) -> AddressClustering:
    """The clustering of the transactions read, without those a visible split disregards."""
    seen = list(transactions)
    clustering = cluster_addresses((item.tx for item in seen), rules)
    disregarded = [item.txid for item in seen if item.splits]
    return clustering.split(disregarded) if disregarded else clustering


# -- the whole graph ------------------------------------------------------------------------------------


@dataclass
class ChainRun:
    """One chain's clusters as the viewer sees them."""

    chain: str
    transactions: int = 0
    clustering: AddressClustering | None = None
    disregarded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    suggestions: list[ChangeSuggestion] = field(default_factory=list)

    @property
    def sizes(self) -> Counter[int]:
        """How many clusters (of two or more addresses) have each size."""
        if self.clustering is None:
            return Counter()
        return Counter(len(cluster.addresses) for cluster in self.clustering.clusters())

    @property
    def coinjoins(self) -> Counter[str]:
        """CoinJoins skipped, per detector (a transaction matching several counts for each)."""
        if self.clustering is None:
            return Counter()
        return Counter(match.rule for found in self.clustering.coinjoins.values() for match in found)


async def run_all(
    reads: ClusterReads, rules: ClusteringRules | None = None, page_size: int = PAGE_SIZE
) -> list[ChainRun]:
    """Every chain's co-spend clusters over every transaction the viewer may see."""
    chosen = rules or default_rules()
    out = []
    for chain in await reads.cluster_chains():
        seen: list[SeenTransaction] = []
        after = ""
        while rows := await reads.cluster_transactions(chain, after, page_size):
            seen.extend(seen_transaction(row, reads.grants) for row in rows)
            after = str(rows[-1]["id"])
        run = ChainRun(chain, len(seen), _clustering(seen, chosen))
        run.disregarded = {item.txid: item.splits for item in seen if item.splits}
        run.suggestions = suggest_change((item.tx for item in seen), chosen)
        out.append(run)
    return out
