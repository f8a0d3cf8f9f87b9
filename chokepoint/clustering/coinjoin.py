"""CoinJoin detectors: a transaction several wallets sign together must not join its inputs.

Each detector is named and says what it matched (the denomination, how many equal outputs, inputs and
distinct input addresses). Thresholds are data (``schema/clustering.yaml``, where each rule's source
is cited); the rules in short:

``whirlpool``
    Samourai Whirlpool: inputs = outputs = a pool's participant count (5), every output exactly one pool
    denomination (0.001, 0.01, 0.05, 0.5 BTC).
``wasabi``
    Wasabi 1.x / WabiSabi: at least 10 outputs of one value and at least as many inputs, the value a
    Wasabi 1.x mixing level (0.1 BTC +- 0.02, doubled per level) or a WabiSabi standard denomination
    (2^n, 3^n, 2*3^n, 10^n, 2*10^n, 5*10^n satoshis).
``joinmarket``
    JoinMarket (Moeser & Boehme 2017): n >= 3 equal outputs, n or n - 1 other (change) outputs, at
    least n inputs from at least n distinct addresses.
``generic``
    BlockSci's ``isCoinjoin`` as GraphSense runs it: >= 2 inputs, >= 3 outputs, participants =
    (outputs + 1) // 2 no more than the inputs or the distinct input addresses, the most common output
    value (lowest on a tie) occurring exactly ``participants`` times and not dust.

A transaction matching any detector is a CoinJoin. Coinbase transactions never are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from chokepoint.clustering.cluster_rules import (
    SATOSHIS_PER_COIN,
    CoinJoinRules,
    GenericRule,
    JoinMarketRule,
    WasabiRule,
    WhirlpoolRule,
    to_sats,
)
from chokepoint.clustering.tx_model import Transaction

MIN_OUTPUTS = 3  # no detector matches fewer outputs (the generic rule's floor; the others ask more)
MIN_INPUTS = 2
_DECIMAL_STANDARD = re.compile(r"^[125]0*$")  # 10^n, 2*10^n, 5*10^n


@dataclass(frozen=True, slots=True)
class CoinJoinMatch:
    """What one detector matched in one transaction."""

    rule: str
    denomination: Decimal
    equal_outputs: int
    inputs: int
    outputs: int
    input_addresses: int
    detail: str


@dataclass(frozen=True, slots=True)
class _Shape:
    """The counts every detector reads, computed once per transaction."""

    inputs: int
    outputs: int
    input_addresses: int
    value_counts: Counter[int]
    top_value: int  # the most common output value in satoshis, the lowest on a tie
    top_count: int

    def match(
        self, rule: str, detail: str, value: int | None = None, count: int | None = None
    ) -> CoinJoinMatch:
        sats = self.top_value if value is None else value
        return CoinJoinMatch(
            rule,
            Decimal(sats) / SATOSHIS_PER_COIN,
            self.top_count if count is None else count,
            self.inputs,
            self.outputs,
            self.input_addresses,
            detail,
        )


def detect_coinjoin(tx: Transaction, rules: CoinJoinRules) -> tuple[CoinJoinMatch, ...]:
    """Every detector ``tx`` matches, in the order whirlpool, wasabi, joinmarket, generic (empty: none)."""
    if tx.coinbase or len(tx.outputs) < MIN_OUTPUTS or len(tx.inputs) < MIN_INPUTS:
        return ()
    shape = _shape(tx)
    found = (
        _whirlpool(shape, rules.whirlpool),
        _wasabi(shape, rules.wasabi),
        _joinmarket(shape, rules.joinmarket),
        _generic(shape, rules.generic),
    )
    return tuple(match for match in found if match is not None)


def _shape(tx: Transaction) -> _Shape:
    counts = Counter(to_sats(item.value) for item in tx.outputs)
    top_count = max(counts.values())
    top_value = min(value for value, count in counts.items() if count == top_count)
    return _Shape(len(tx.inputs), len(tx.outputs), len(tx.input_addresses()), counts, top_value, top_count)


def _whirlpool(shape: _Shape, rule: WhirlpoolRule) -> CoinJoinMatch | None:
    if shape.inputs not in rule.participants or shape.outputs != shape.inputs:
        return None
    if shape.top_count != shape.outputs or shape.top_value not in rule.denomination_sats:
        return None
    return shape.match(
        "whirlpool", f"{shape.inputs} inputs and {shape.outputs} outputs of one pool denomination"
    )


def _wasabi(shape: _Shape, rule: WasabiRule) -> CoinJoinMatch | None:
    candidates = [
        (count, -value)
        for value, count in shape.value_counts.items()
        if count >= rule.min_equal_outputs and _wasabi_denomination(value, rule)
    ]
    if not candidates:
        return None
    count, negative = max(candidates)
    if shape.inputs < max(rule.min_inputs, count):
        return None
    kind = "Wasabi 1.x mixing level" if _wasabi1_level(-negative, rule) else "WabiSabi standard denomination"
    return shape.match("wasabi", f"{count} equal outputs at a {kind}", -negative, count)


def _wasabi_denomination(sats: int, rule: WasabiRule) -> bool:
    return _wasabi1_level(sats, rule) or (rule.wabisabi_standard and wabisabi_standard(sats))


def _wasabi1_level(sats: int, rule: WasabiRule) -> bool:
    base, tolerance = to_sats(rule.wasabi1_base), to_sats(rule.wasabi1_tolerance)
    return any(abs(sats - (base << level)) <= tolerance << level for level in range(rule.wasabi1_levels))


def wabisabi_standard(sats: int) -> bool:
    """True for WabiSabi's standard denominations: 2^n, 3^n, 2*3^n, 10^n, 2*10^n, 5*10^n satoshis."""
    if sats <= 0:
        return False
    if sats & (sats - 1) == 0 or _DECIMAL_STANDARD.match(str(sats)):
        return True
    odd = sats // 2 if sats % 2 == 0 else sats
    while odd % 3 == 0:
        odd //= 3
    return odd == 1


def _joinmarket(shape: _Shape, rule: JoinMarketRule) -> CoinJoinMatch | None:
    equal = shape.top_count
    change = shape.outputs - equal
    if equal < rule.min_equal_outputs or change not in (equal - 1, equal):
        return None
    if shape.inputs < equal or shape.input_addresses < equal:
        return None
    return shape.match("joinmarket", f"{equal} equal outputs, {change} change outputs")


def _generic(shape: _Shape, rule: GenericRule) -> CoinJoinMatch | None:
    if shape.inputs < rule.min_inputs or shape.outputs < rule.min_outputs:
        return None
    participants = (shape.outputs + 1) // 2
    if participants > shape.inputs or participants > shape.input_addresses:
        return None
    if shape.top_count != participants or shape.top_value in rule.dust_sats:
        return None
    return shape.match("generic", f"{participants} participants with one equal output each")
