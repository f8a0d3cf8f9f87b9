"""The actions file: checked against the schema at load time, and matched on what a viewer sees."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from chokepoint.errors import InvalidModel
from chokepoint.interdiction.catalogue import load_catalogue, parse_catalogue
from chokepoint.interdiction.offers import ElementFacts, Neighbour, offer, offers
from chokepoint.schema.loader import load_model

SCHEMA = Path(__file__).resolve().parents[2] / "schema"


@pytest.fixture(scope="module")
def model():
    return load_model(SCHEMA)


@pytest.fixture(scope="module")
def shipped(model):
    return load_catalogue(SCHEMA, model)


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load((SCHEMA / "interdiction.yaml").read_text())


def broken(raw, change):
    document = copy.deepcopy(raw)
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["actions"][0]["match"].update(label="Wallet"),
            "actions.issuer_freeze.match.label: 'Wallet' is not a node label",
        ),
        (
            lambda d: d["actions"][0]["match"]["where"].update(colour=["red"]),
            "CryptoAddress has no property 'colour'",
        ),
        (
            lambda d: d["actions"][0]["match"]["where"].update(chain=["tronn"]),
            "tronn not among CryptoAddress.chain's values",
        ),
        (
            lambda d: d["actions"][1]["match"]["near"][0].update(relationship="HOLDS"),
            "'HOLDS' is not a relationship type",
        ),
        (
            lambda d: d["actions"][1]["match"]["near"][0].update(direction="out"),
            "no CONTROLS_ADDRESS link between CryptoAddress and Organization pointing out",
        ),
        (
            lambda d: d["actions"][0].update(agencies=["NSA"]),
            "actions.issuer_freeze.agencies: NSA not among the file's agencies",
        ),
        (
            lambda d: d["actions"][2].update(unless=["frozen"]),
            "actions.address_designation.unless: frozen not among the file's statuses",
        ),
        (lambda d: d["actions"][0].update(cost=-1), "actions.0.cost: Input should be greater than 0"),
        (lambda d: d["actions"][0].update(costs=1), "actions.0.costs: Extra inputs are not permitted"),
        (lambda d: d["actions"].append(dict(d["actions"][0])), "actions: issuer_freeze declared twice"),
        (
            lambda d: d["not_cuttable"][0]["where"].update(kinds=["syndicate"]),
            "not_cuttable.0.where.kinds: syndicate not among Organization.kinds's values",
        ),
        (
            lambda d: d["statuses"]["designated"]["any"][0]["where"].update(sanctioned=["yes"]),
            "CryptoAddress.sanctioned holds boolean values",
        ),
    ],
)
def test_a_bad_actions_file_is_refused_naming_the_entry(model, raw, change, message):
    with pytest.raises(InvalidModel) as caught:
        parse_catalogue(broken(raw, change), model, "interdiction.yaml")
    assert message in str(caught.value)


def address(*, chain="tron", assets=("USDT",), sanctioned=None, neighbours=()):
    props = {"chain": chain, "address": "T1", "assets": list(assets)}
    if sanctioned is not None:
        props["sanctioned"] = sanctioned
    return ElementFacts("CryptoAddress:tron|T1", ("CryptoAddress", "Entity"), props, tuple(neighbours))


def exchange_hold(direction="in", kinds=("exchange",)):
    return Neighbour("CONTROLS_ADDRESS", direction, ("Organization", "Entity"), {"kinds": list(kinds)})


def test_the_cheapest_applicable_action_is_offered_with_the_others_as_alternatives(shipped):
    found = offer(shipped, address(neighbours=[exchange_hold()]))
    assert found.action is not None and found.action.name == "issuer_freeze"
    assert [a.name for a in found.alternatives] == ["exchange_freeze", "address_designation"]


def test_neighbourhood_rules_need_the_link_the_right_way_and_the_neighbours_values(shipped):
    bitcoin = {"chain": "bitcoin", "assets": ["BTC"]}
    at_exchange = offer(shipped, address(**bitcoin, neighbours=[exchange_hold()]))
    assert at_exchange.action is not None and at_exchange.action.name == "exchange_freeze"
    wrong_way = offer(shipped, address(**bitcoin, neighbours=[exchange_hold("out")]))
    assert wrong_way.action is not None and wrong_way.action.name == "address_designation"
    a_broker = offer(shipped, address(**bitcoin, neighbours=[exchange_hold(kinds=("crypto_broker",))]))
    assert a_broker.action is not None and a_broker.action.name == "address_designation"


def test_a_status_withdraws_the_actions_it_makes_pointless(shipped):
    listed = offer(shipped, address(chain="bitcoin", assets=("BTC",), sanctioned=True))
    assert listed.statuses == ("designated",)
    assert listed.action is None and listed.not_cuttable == "no action applies"
    person = ElementFacts(
        "ofac:1",
        ("Person", "Entity"),
        {"name": "X"},
        (Neighbour("SANCTIONED_BY", "out", ("Designation", "Entity"), {}),),
    )
    found = offer(shipped, person)
    assert found.statuses == ("designated",) and found.action is not None and found.action.name == "arrest"


def test_cartels_and_the_plans_ends_are_never_cut(shipped):
    cartel = ElementFacts("ofac:1", ("Organization", "Entity"), {"kinds": ["cartel"]})
    assert offer(shipped, cartel).action is None
    assert "never cut" in (offer(shipped, cartel).not_cuttable or "")
    broker = ElementFacts("b", ("Organization", "Entity"), {"kinds": ["crypto_broker"]})
    assert offers(shipped, [broker], ["b"]).by_id["b"].not_cuttable == "a source or sink of the plan"
    assert offers(shipped, [broker], []).by_id["b"].cost == 8
