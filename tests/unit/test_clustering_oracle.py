"""Co-spend clusters against an independent plain-Python union-find over seeded random transactions,
and split() against clustering the same transactions without the disregarded ones."""

import random

import pytest

from chokepoint.clustering import cluster_addresses, from_btc_record
from chokepoint.formats.btc_transactions import UtxoTransactionRecord
from tests.unit.clustering_cases import random_transactions

SEEDS = [1, 2, 3, 5, 8, 13]


def plain_partition(transactions, skip):
    """Address -> least address of its set, for sets of two or more: a dict union-find written here
    (path halving, union by size; bench/clustering.py times the same one)."""
    parent, size = {}, {}

    def find(item):
        if item not in parent:
            parent[item], size[item] = item, 1
            return item
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for transaction in transactions:
        if transaction.txid in skip:
            continue
        addresses = [i.address for i in transaction.inputs if i.address is not None]
        for other in addresses[1:]:
            first, second = find(addresses[0]), find(other)
            if first != second:
                if size[first] < size[second]:
                    first, second = second, first
                parent[second] = first
                size[first] += size[second]
    groups = {}
    for item in parent:
        groups.setdefault(find(item), []).append(item)
    least = {root: min(group) for root, group in groups.items() if len(group) > 1}
    return {item: least[root] for root, group in groups.items() if root in least for item in group}


@pytest.mark.parametrize("seed", SEEDS)
def test_partition_equals_a_plain_union_find(seed):
    transactions, mixes = random_transactions(seed, count=400, pool=1200)
    clustering = cluster_addresses(transactions)
    expected = plain_partition(transactions, skip=mixes)
    assert clustering.partition() == expected
    assert set(clustering.coinjoins) == mixes
    assert len(set(expected.values())) > 20  # many clusters, not one giant one


@pytest.mark.parametrize("seed", SEEDS)
def test_every_explanation_is_a_valid_chain_of_evidence(seed):
    transactions, _ = random_transactions(seed, count=400, pool=1200)
    by_txid = {t.txid: t for t in transactions}
    clustering = cluster_addresses(transactions)
    for address, rep in clustering.partition().items():
        explanation = clustering.explain(address)
        assert explanation.representative == rep
        current = address
        for link in explanation.chain:
            spent = {i.address for i in by_txid[link.txid].inputs}
            assert link.address == current and {link.address, link.toward} <= spent
            current = link.toward
        assert current == rep


@pytest.mark.parametrize("seed", SEEDS)
def test_split_removes_exactly_the_merges_only_those_transactions_caused(seed):
    transactions, mixes = random_transactions(seed, count=400, pool=1200)
    clustering = cluster_addresses(transactions)
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    for _ in range(5):
        address = rng.choice(sorted(clustering.partition()))
        disregard = set(clustering.explain(address).txids) | {rng.choice(transactions).txid}
        split = clustering.split(disregard)
        assert split.partition() == plain_partition(transactions, skip=mixes | disregard)
        # the split never joins what the original kept apart
        for item, rep in split.partition().items():
            assert clustering.representative(item) == clustering.representative(rep)


def test_the_converter_reads_a_btc_transactions_record():
    record = UtxoTransactionRecord.model_validate(
        {
            "txid": "ab" * 32,
            "block": 613546,
            "inputs": [
                {"address": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "value": "0.5"},
                {"address": "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "value": 0.25},
            ],
            "outputs": [
                {"address": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "value": "0.7"},
                {"value": "0"},
            ],
        }
    )
    converted = from_btc_record(record)
    assert (converted.txid, converted.block, converted.coinbase) == ("ab" * 32, 613546, False)
    assert [(i.address, str(i.value)) for i in converted.inputs] == [
        ("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.5"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "0.25"),
    ]
    assert converted.outputs[1].address is None
    assert cluster_addresses([converted]).representative("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy") == (
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"
    )
    coinbase = UtxoTransactionRecord.model_validate(
        {
            "txid": "cd" * 32,
            "block": 1,
            "inputs": [{"coinbase": True}],
            "outputs": [{"address": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "value": "50"}],
        }
    )
    assert from_btc_record(coinbase).inputs == () and from_btc_record(coinbase).coinbase
