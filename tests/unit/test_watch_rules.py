"""The watch rules file and the checks of one watch's parameters (issue 21), without a database."""

from __future__ import annotations

from typing import Any

import pytest

from chokepoint.alerts.evaluate import Evaluator
from chokepoint.alerts.rules import load_rules, parse_rules
from chokepoint.alerts.watches import Watch
from chokepoint.errors import InvalidInput, InvalidModel
from chokepoint.settings import PROJECT_ROOT


def rules_file(**rule: Any) -> dict[str, Any]:
    base = {"title": "A rule", "evaluator": "link", "subjects": ["*"], "parameters": {}}
    return {"rules": {"custom": {**base, **rule}}}


def test_the_committed_rules_load_and_fill_their_defaults(model):
    rules = load_rules(PROJECT_ROOT / "schema", model)
    assert set(rules.rules) == {"incoming_transfer", "new_link", "mentioned", "sanctions_exposure", "same_as"}
    assert rules.parameters("incoming_transfer", {}) == {"minAmount": 0.0}
    assert rules.parameters("sanctions_exposure", {"maxHops": 3})["maxHops"] == 3
    assert "Person" in rules.subject_labels("same_as")  # a node group, expanded
    assert rules.subject_labels("incoming_transfer") == frozenset({"CryptoAddress"})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"subjects": ["Wallet"]}, "rules.custom.subjects: 'Wallet' is not a node label or group"),
        ({"evaluator": "magic"}, "rules.custom.evaluator"),
        (
            {"parameters": {"types": {"type": "relationships", "default": ["KNOWS"]}}},
            "rules.custom.parameters.types: 'KNOWS' is not a relationship type",
        ),
        (
            {"parameters": {"least": {"type": "number", "default": -1, "minimum": 0}}},
            "rules.custom.parameters.least: -1 is below the least allowed",
        ),
        ({"colour": "red"}, "rules.custom.colour"),
    ],
)
def test_a_bad_rules_file_stops_the_start_naming_the_entry(model, rule, message):
    with pytest.raises(InvalidModel, match=r"watches\.yaml: ") as refused:
        parse_rules(rules_file(**rule), model, "watches.yaml")
    assert message in str(refused.value)


def test_parameters_are_checked_and_named(model):
    rules = load_rules(PROJECT_ROOT / "schema", model)
    with pytest.raises(InvalidInput, match=r"parameters\.minAmount: give a finite number"):
        rules.parameters("incoming_transfer", {"minAmount": float("nan")})
    with pytest.raises(InvalidInput, match=r"parameters\.minAmount: give a finite number"):
        rules.parameters("incoming_transfer", {"minAmount": True})
    with pytest.raises(InvalidInput, match=r"parameters\.maxHops: give a whole number"):
        rules.parameters("sanctions_exposure", {"maxHops": 2.5})
    with pytest.raises(InvalidInput, match=r"parameters\.asset: give a non-empty text"):
        rules.parameters("incoming_transfer", {"asset": " "})
    with pytest.raises(InvalidInput, match=r"parameters\.types: give a list of 1 to 50 names"):
        rules.parameters("new_link", {"types": []})
    assert rules.parameters("new_link", {"types": ["SENT", "SENT", "RECEIVED"]}) == {
        "types": ["RECEIVED", "SENT"]
    }


def test_a_watch_whose_rule_left_the_file_is_skipped_not_fatal(model):
    rules = load_rules(PROJECT_ROOT / "schema", model)
    gone = Watch.new("FBI", "retired_rule", "x", {}, frozenset())
    kept = Watch.new("FBI", "new_link", "y", {}, frozenset())
    evaluator = Evaluator(graph=None, model=model, rules=rules, watches=[gone, kept])  # type: ignore[arg-type]
    assert evaluator.watched == frozenset({"y"})
