"""The thresholds of ``schema/clustering.yaml``: CoinJoin detectors and change suggestions, as data.

Read and checked once per file (unknown keys, a value out of range: an InvalidModel naming the key).
Amounts are exact decimals of whole coins; the detectors compare satoshis.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from chokepoint.schema.loader import read_yaml, validated_spec

FILE_NAME = "clustering.yaml"
SATOSHIS_PER_COIN = 100_000_000
Coins = Annotated[Decimal, Field(ge=0, decimal_places=8)]
Confidence = Annotated[Decimal, Field(gt=0, le=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WhirlpoolRule(_Spec):
    participants: tuple[Annotated[int, Field(ge=2)], ...] = Field(min_length=1)
    denominations: tuple[Coins, ...] = Field(min_length=1)

    @property
    def denomination_sats(self) -> frozenset[int]:
        return frozenset(to_sats(value) for value in self.denominations)


class WasabiRule(_Spec):
    min_equal_outputs: int = Field(ge=2)
    min_inputs: int = Field(ge=2)
    wasabi1_base: Coins
    wasabi1_tolerance: Coins
    wasabi1_levels: int = Field(ge=1, le=20)
    wabisabi_standard: bool


class JoinMarketRule(_Spec):
    min_equal_outputs: int = Field(ge=2)


class GenericRule(_Spec):
    min_inputs: int = Field(ge=2)
    min_outputs: int = Field(ge=2)
    dust_values: tuple[Coins, ...] = ()

    @property
    def dust_sats(self) -> frozenset[int]:
        return frozenset(to_sats(value) for value in self.dust_values)


class CoinJoinRules(_Spec):
    whirlpool: WhirlpoolRule
    wasabi: WasabiRule
    joinmarket: JoinMarketRule
    generic: GenericRule


class ChangeRule(_Spec):
    confidence: Confidence


class RoundAmountRule(ChangeRule):
    max_decimals: int = Field(ge=0, le=8)


class ChangeRules(_Spec):
    one_time_change: ChangeRule
    address_type: ChangeRule
    round_amount: RoundAmountRule


class ClusteringRules(_Spec):
    coinjoin: CoinJoinRules
    change: ChangeRules


def to_sats(coins: Decimal) -> int:
    """Whole coins as satoshis (exact: the models hold at most 8 decimals)."""
    return int(coins * SATOSHIS_PER_COIN)


def load_rules(path: Path) -> ClusteringRules:
    """``path`` (a ``clustering.yaml``) as checked rules; an InvalidModel naming the file and key."""
    return validated_spec(read_yaml(path, "the clustering thresholds"), ClusteringRules, str(path))


@cache
def _rules_at(path: Path) -> ClusteringRules:
    return load_rules(path)


def default_rules() -> ClusteringRules:
    """The rules of the configured schema folder (``CHOKEPOINT_SCHEMA_DIR``), read once per process."""
    from chokepoint.settings import Settings  # settings are read when asked, never at import

    return _rules_at(Settings().schema_dir / FILE_NAME)
