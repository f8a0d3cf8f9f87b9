"""The temporal rule as an argument: how ``temporalMoneyChains``, ``interdictionPlan`` and
``supplyChains`` say which transfers may follow one another (checked here, applied by
:mod:`chokepoint.analysis.temporal`)."""

from __future__ import annotations

import datetime as dt
import math

import strawberry

from chokepoint.analysis.temporal import TemporalRule
from chokepoint.api.errors import InvalidArgument

MAX_WINDOW_HOURS = 24 * 366 * 5


@strawberry.input(description="Count money only on chains that respect time and value (temporalMoneyChains).")
class TemporalRuleInput:
    window_hours: float = 24 * 30
    tolerance: float = 0.1
    min_share: float = 0.0


def temporal_rule(window_hours: float, tolerance: float, min_share: float) -> TemporalRule:
    """The rule the arguments give, each checked."""
    if not (math.isfinite(window_hours) and 0 < window_hours <= MAX_WINDOW_HOURS):
        raise InvalidArgument(
            f"windowHours: {window_hours} is out of range; allowed above 0 to {MAX_WINDOW_HOURS}"
        )
    if not (math.isfinite(tolerance) and 0 <= tolerance <= 10):
        raise InvalidArgument(f"tolerance: {tolerance} is out of range; allowed 0 to 10")
    if not (math.isfinite(min_share) and 0 <= min_share <= 1):
        raise InvalidArgument(f"minShare: {min_share} is out of range; allowed 0 to 1")
    return TemporalRule(dt.timedelta(hours=window_hours), tolerance, min_share)


def rule_of(given: TemporalRuleInput | None) -> TemporalRule | None:
    """The checked rule of an optional ``temporal`` argument."""
    if given is None:
        return None
    return temporal_rule(given.window_hours, given.tolerance, given.min_share)
