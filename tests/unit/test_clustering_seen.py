"""A transaction as a viewer sees it in the graph becomes the clustering's model: inputs and outputs
without a visible link count as unaddressed and take what the node's totals leave; only the records
the viewer may see are kept; CoinJoin detection gives what it gives on the whole transaction."""

import asyncio
from decimal import Decimal

from chokepoint.clustering import default_rules, detect_coinjoin, service
from chokepoint.clustering.seen import seen_transaction


def row(**changes):
    base = {
        "id": "UtxoTransaction:bitcoin|" + "ab" * 32,
        "chain": "bitcoin",
        "txid": "ab" * 32,
        "block": 10,
        "timestamp": None,
        "coinbase": False,
        "inputCount": 3,
        "outputCount": 4,
        "inputValue": "1.5",
        "outputValue": "1.4",
        "records": ["a:1", "b:1"],
        "recordMarkings": ["DEA|LES", "FBI|LES"],
        "inputs": [[0, "x", "1", "id-x"], [2, "y", "0.25", "id-y"]],
        "outputs": [[0, "p", "0.9", "id-p"], [3, "q", "0.3", "id-q"]],
        "splits": [],
    }
    return {**base, **changes}


def test_unlinked_positions_are_unaddressed_and_take_what_the_totals_leave():
    seen = seen_transaction(row(), ["PUBLIC", "DEA|LES"])
    assert [(i.address, i.value) for i in seen.tx.inputs] == [
        ("x", Decimal(1)),
        (None, Decimal("0.25")),
        ("y", Decimal("0.25")),
    ]
    # two outputs without a link share 0.2: the first takes it (the graph keeps no value per output)
    assert [(o.address, o.value) for o in seen.tx.outputs] == [
        ("p", Decimal("0.9")),
        (None, Decimal("0.2")),
        (None, Decimal(0)),
        ("q", Decimal("0.3")),
    ]
    assert seen.records == (("a:1", "DEA|LES"),)  # FBI's record is not the viewer's
    assert seen.address_ids == {"x": "id-x", "y": "id-y", "p": "id-p", "q": "id-q"}
    assert seen.tx.input_addresses() == {"x", "y"}


def test_a_coinbase_has_no_inputs_and_public_records_are_seen_by_all():
    seen = seen_transaction(
        row(coinbase=True, inputCount=1, inputValue=None, inputs=[], recordMarkings=["OFAC|PUBLIC"] * 2),
        ["PUBLIC"],
    )
    assert seen.tx.inputs == () and seen.tx.coinbase
    assert seen.records == (("a:1", "OFAC|PUBLIC"), ("b:1", "OFAC|PUBLIC"))


def test_a_mix_read_from_the_graph_is_detected_as_the_whole_transaction_is():
    inputs = [[i, f"in{i}", "0.0101", f"i{i}"] for i in range(5)]
    outputs = [[i, f"out{i}", "0.01", f"o{i}"] for i in range(5)]
    mix = seen_transaction(
        row(
            inputCount=5,
            outputCount=5,
            inputValue="0.0505",
            outputValue="0.05",
            inputs=inputs,
            outputs=outputs,
        ),
        ["PUBLIC"],
    )
    assert [m.rule for m in detect_coinjoin(mix.tx, default_rules().coinjoin)] == ["whirlpool"]
    # an OP_RETURN (zero value) beside the mix's outputs is exact too, and breaks the Whirlpool shape
    with_data = seen_transaction(
        row(
            inputCount=5,
            outputCount=6,
            inputValue="0.0505",
            outputValue="0.05",
            inputs=inputs,
            outputs=outputs,
        ),
        ["PUBLIC"],
    )
    assert with_data.tx.outputs[5].value == 0 and not detect_coinjoin(with_data.tx, default_rules().coinjoin)


class HubReads:
    """Reads of a graph in which address ``hub`` spent together with a new address in each of ``count``
    transactions (the walk's reads, answered from memory: no database in a unit test)."""

    def __init__(self, count: int) -> None:
        self.grants = ["PUBLIC"]
        self.rows = [
            row(
                id=f"t{i}",
                txid=f"{i:064x}",
                inputCount=2,
                outputCount=1,
                inputValue="2",
                outputValue="1",
                records=["r:1"],
                recordMarkings=["X|PUBLIC"],
                inputs=[[0, "hub", "1", "id-hub"], [1, f"a{i:04d}", "1", f"id-a{i:04d}"]],
                outputs=[[0, "p", "1", "id-p"]],
            )
            for i in range(count)
        ]
        self.asked: list[int] = []

    async def cluster_spends(self, ids, seen, limit):
        self.asked.append(limit)
        found = [r for r in self.rows if r["id"] not in seen and {i[3] for i in r["inputs"]} & set(ids)]
        return found[:limit]


def test_the_walk_is_bounded_by_members_and_by_transactions_read():
    whole = asyncio.run(service.cluster_around(HubReads(30), "bitcoin", "hub", "id-hub", max_members=100))
    assert (len(whole.members), whole.truncated, whole.representative) == (31, False, "a0000")
    cut = asyncio.run(service.cluster_around(HubReads(30), "bitcoin", "hub", "id-hub", max_members=1))
    assert (cut.members, cut.truncated) == (("hub",), True)
    reads = HubReads(300)  # a hub that spent in more transactions than 20 per allowed member
    busy = asyncio.run(service.cluster_around(reads, "bitcoin", "hub", "id-hub", max_members=5))
    assert busy.truncated and reads.asked == [100] and len(busy.transactions) == 100
