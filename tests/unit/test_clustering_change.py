"""Change suggestions: each rule positive and negative; coinbase and CoinJoins give none."""

from decimal import Decimal

from chokepoint.clustering import suggest_change
from chokepoint.clustering.script_types import script_type
from tests.unit.clustering_cases import tx

P2PKH = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"
P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
P2WPKH_IN = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
P2WPKH_OUT = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
P2WSH = "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"
P2TR = "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"


def by_rule(suggestions, rule):
    return [(s.txid, s.output_index, s.address) for s in suggestions if s.rule == rule]


def test_script_types_from_the_address_form():
    assert [script_type(a) for a in (P2PKH, P2SH, P2WPKH_IN, P2WSH, P2TR)] == [
        "p2pkh",
        "p2sh",
        "p2wpkh",
        "p2wsh",
        "p2tr",
    ]
    assert script_type("bc1qshort") is None
    assert script_type("LTdsVS8VDw6syvfQADdhf2PHAm3rMGJvPX") is None


# -- one-time change ---------------------------------------------------------------------------------
EARLIER = tx("h1", [("someone", "1")], [("merchant", "0.9")], block=1)
PAYMENT = tx("p1", [("alice", "1")], [("merchant", "0.3"), ("fresh", "0.69")], block=5)


def test_one_time_change_a_new_address_beside_a_known_one():
    suggestions = suggest_change([EARLIER, PAYMENT])
    assert by_rule(suggestions, "one_time_change") == [("p1", 1, "fresh")]
    (suggestion,) = [s for s in suggestions if s.rule == "one_time_change"]
    assert suggestion.confidence == Decimal("0.6")
    assert "new" in suggestion.reason


def test_one_time_change_needs_the_new_address_never_paid_again():
    again = tx("h2", [("bob", "1")], [("fresh", "0.5")], block=9)
    assert by_rule(suggest_change([EARLIER, PAYMENT, again]), "one_time_change") == []


def test_one_time_change_needs_every_other_output_seen_in_an_earlier_block():
    assert by_rule(suggest_change([PAYMENT]), "one_time_change") == []  # merchant is new too
    same_block = tx("h3", [("someone", "1")], [("merchant", "0.9")], block=5)
    assert by_rule(suggest_change([same_block, PAYMENT]), "one_time_change") == []
    unmined = tx("p2", [("alice", "1")], [("merchant", "0.3"), ("fresh", "0.69")])
    assert by_rule(suggest_change([EARLIER, unmined]), "one_time_change") == []


# -- address type -----------------------------------------------------------------------------------
def test_address_type_the_only_output_of_the_inputs_type():
    payment = tx("a1", [(P2WPKH_IN, "1")], [(P2PKH, "0.4"), (P2WPKH_OUT, "0.59")])
    assert by_rule(suggest_change([payment]), "address_type") == [("a1", 1, P2WPKH_OUT)]


def test_address_type_not_when_it_cannot_tell():
    both_same = tx(
        "a2",
        [(P2WPKH_IN, "1")],
        [(P2WPKH_OUT, "0.4"), ("bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "0.59")],
    )
    mixed_inputs = tx("a3", [(P2WPKH_IN, "1"), (P2PKH, "1")], [(P2SH, "0.4"), (P2WPKH_OUT, "0.59")])
    unknown_output = tx("a4", [(P2WPKH_IN, "1")], [("somewhere", "0.4"), (P2WPKH_OUT, "0.59")])
    unaddressed_input = tx("a5", [(P2WPKH_IN, "1"), (None, "1")], [(P2TR, "0.4"), (P2WPKH_OUT, "0.59")])
    suggestions = suggest_change([both_same, mixed_inputs, unknown_output, unaddressed_input])
    assert by_rule(suggestions, "address_type") == []


# -- round amount -----------------------------------------------------------------------------------
def test_round_amount_the_other_output_is_round():
    payment = tx("r1", [("alice", "1")], [("shop", "0.25"), ("back", "0.74987654")])
    assert by_rule(suggest_change([payment]), "round_amount") == [("r1", 1, "back")]


def test_round_amount_not_when_both_or_neither_are_round():
    both = tx("r2", [("alice", "1")], [("shop", "0.25"), ("back", "0.7")])
    neither = tx("r3", [("alice", "1")], [("shop", "0.25123"), ("back", "0.74876")])
    assert by_rule(suggest_change([both, neither]), "round_amount") == []


# -- what gives no suggestion -----------------------------------------------------------------------
def test_coinbase_coinjoin_self_change_and_single_outputs_give_none():
    coinbase = tx("c1", [], [("miner", "6.25"), ("other", "0.12345678")], block=5, coinbase=True)
    coinjoin = tx(
        "c2",
        [(P2WPKH_IN, "0.5"), (P2PKH, "0.4")],
        [("x", "0.3"), ("y", "0.3"), (P2WPKH_OUT, "0.29876")],
        block=5,
    )
    self_change = tx("c3", [("alice", "1")], [("shop", "0.25"), ("alice", "0.74987654")], block=5)
    single = tx("c4", [("alice", "1")], [("shop", "0.99987654")], block=5)
    assert suggest_change([EARLIER, coinbase, coinjoin, self_change, single]) == []


def test_suggestions_come_in_block_and_txid_order_whatever_the_input_order():
    payments = [
        tx(f"o{i}", [("alice", "1")], [("shop", "0.25"), (f"back{i}", "0.74987654")], block=10 - i)
        for i in range(3)
    ]
    forward = suggest_change(payments)
    assert by_rule(forward, "round_amount") == [("o2", 1, "back2"), ("o1", 1, "back1"), ("o0", 1, "back0")]
    assert by_rule(forward, "one_time_change") == [("o1", 1, "back1"), ("o0", 1, "back0")]  # shop seen before
    assert suggest_change(list(reversed(payments))) == forward
