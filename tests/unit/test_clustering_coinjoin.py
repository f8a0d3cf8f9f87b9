"""CoinJoin detectors: mixes never join their inputs; near misses are ordinary transactions."""

from decimal import Decimal

import pytest
import yaml

from chokepoint.clustering import cluster_addresses, default_rules, detect_coinjoin, load_rules
from chokepoint.clustering.coinjoin import wabisabi_standard
from chokepoint.errors import InvalidModel
from chokepoint.settings import PROJECT_ROOT
from tests.unit.clustering_cases import tx, wasabi, whirlpool

RULES = default_rules().coinjoin
INPUTS = [f"in{i:02d}" for i in range(12)]
OUTPUTS = [f"out{i:02d}" for i in range(24)]


def rules_of(transaction):
    return [match.rule for match in detect_coinjoin(transaction, RULES)]


def merged(transactions):
    return [c.addresses for c in cluster_addresses(transactions).clusters()]


@pytest.mark.parametrize("denomination", ["0.001", "0.01", "0.05", "0.5"])
def test_a_whirlpool_mix_is_detected_at_each_pool_and_joins_nothing(denomination):
    mix = whirlpool("w1", INPUTS[:5], OUTPUTS[:5], denomination)
    (match,) = detect_coinjoin(mix, RULES)
    assert (match.rule, match.denomination, match.equal_outputs) == ("whirlpool", Decimal(denomination), 5)
    clustering = cluster_addresses([mix])
    assert clustering.clusters() == []
    assert clustering.coinjoins == {"w1": (match,)}


def test_a_wasabi_mix_is_detected_and_joins_nothing():
    mix = wasabi("m1", INPUTS, OUTPUTS[:11], OUTPUTS[11:22])
    matches = detect_coinjoin(mix, RULES)
    assert matches[0].rule == "wasabi"
    assert (matches[0].denomination, matches[0].equal_outputs) == (Decimal("0.1"), 11)
    assert "Wasabi 1.x mixing level" in matches[0].detail
    assert merged([mix]) == []


def test_a_wabisabi_round_at_a_standard_denomination_is_wasabi():
    value = str(Decimal(2**20) / 10**8)  # 1,048,576 satoshis
    mix = tx("m2", [(a, "0.02") for a in INPUTS[:10]], [(a, value) for a in OUTPUTS[:10]])
    assert rules_of(mix) == ["wasabi"]
    assert "WabiSabi" in detect_coinjoin(mix, RULES)[0].detail


def test_wabisabi_standard_denominations():
    standard = [1, 2, 1024, 3, 81, 2 * 3**9, 10, 10**6, 2 * 10**5, 5 * 10**7]
    assert all(wabisabi_standard(value) for value in standard)
    assert not any(wabisabi_standard(value) for value in [0, 7, 12, 40, 4 * 10**5, 1_230_000])


def test_a_joinmarket_round_with_a_taker_without_change():
    inputs = [("a", "0.3"), ("b", "0.2"), ("c", "0.4"), ("d", "0.1")]
    outputs = [("x", "0.05"), ("y", "0.05"), ("z", "0.05"), ("p", "0.44"), ("q", "0.35")]
    mix = tx("j1", inputs, outputs)
    assert rules_of(mix) == ["joinmarket", "generic"]
    assert merged([mix]) == []


def test_the_generic_rule_two_participants_with_change():
    mix = tx("g1", [("a", "0.5"), ("b", "0.4")], [("x", "0.3"), ("y", "0.3"), ("p", "0.29")])
    assert rules_of(mix) == ["generic"]
    assert merged([mix]) == []


@pytest.mark.parametrize(
    ("why", "transaction"),
    [
        ("5x5 equal outputs off every pool", whirlpool("n1", INPUTS[:5], OUTPUTS[:5], "0.02")),
        (
            "pool outputs but a sixth output",
            tx(
                "n2",
                [(a, "0.0101") for a in INPUTS[:5]],
                [(a, "0.01") for a in OUTPUTS[:5]] + [("p", "0.001")],
            ),
        ),
        (
            "an exchange batch: 12 equal payouts from 2 inputs",
            tx("n3", [("a", "1"), ("b", "1")], [(a, "0.1") for a in OUTPUTS[:12]] + [("p", "0.7")]),
        ),
        (
            "ten equal outputs at no Wasabi denomination",
            tx("n4", [(a, "0.02") for a in INPUTS[:10]], [(a, "0.0123") for a in OUTPUTS[:10]]),
        ),
        (
            "JoinMarket shape but two input addresses",
            tx(
                "n5",
                [("a", "0.5"), ("b", "0.5"), ("a", "0.1")],
                [("x", "0.2"), ("y", "0.2"), ("z", "0.2"), ("p", "0.1"), ("q", "0.1"), ("r", "0.09")],
            ),
        ),
        (
            "equal outputs of a dust value",
            tx("n6", [("a", "0.5"), ("b", "0.4")], [("x", "0.00000546"), ("y", "0.00000546"), ("p", "0.89")]),
        ),
        (
            "three different outputs",
            tx("n7", [("a", "0.5"), ("b", "0.4")], [("x", "0.3"), ("y", "0.2"), ("p", "0.39")]),
        ),
    ],
)
def test_near_misses_are_not_coinjoins_and_join_their_inputs(why, transaction):
    assert detect_coinjoin(transaction, RULES) == (), why
    assert len(merged([transaction])) == 1, why


def test_a_mix_between_two_spends_keeps_their_clusters_apart():
    transactions = [
        tx("s1", [(INPUTS[0], "1"), ("own1", "1")], [("p", "1.9")]),
        tx("s2", [(INPUTS[1], "1"), ("own2", "1")], [("q", "1.9")]),
        whirlpool("w1", INPUTS[:5], OUTPUTS[:5]),
    ]
    assert merged(transactions) == [(INPUTS[0], "own1"), (INPUTS[1], "own2")]


def test_coinbase_is_never_a_coinjoin():
    assert detect_coinjoin(tx("cb", [], [(a, "0.01") for a in OUTPUTS[:5]], coinbase=True), RULES) == ()


def test_the_shipped_thresholds_load_and_a_bad_file_is_named(tmp_path):
    shipped = yaml.safe_load((PROJECT_ROOT / "schema" / "clustering.yaml").read_text())
    assert load_rules(PROJECT_ROOT / "schema" / "clustering.yaml").coinjoin.whirlpool.participants == (5,)
    shipped["coinjoin"]["wasabi"]["min_equal"] = 3
    path = tmp_path / "clustering.yaml"
    path.write_text(yaml.safe_dump(shipped))
    with pytest.raises(InvalidModel, match=r"coinjoin\.wasabi\.min_equal"):
        load_rules(path)
    del shipped["coinjoin"]["wasabi"]["min_equal"]
    shipped["change"]["round_amount"]["confidence"] = "1.5"
    path.write_text(yaml.safe_dump(shipped))
    with pytest.raises(InvalidModel, match=r"change\.round_amount\.confidence"):
        load_rules(path)
