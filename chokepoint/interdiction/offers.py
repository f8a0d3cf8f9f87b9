"""Which action each element of a chain is offered, from what the viewer sees of it.

The facts are the viewer's: an element's labels and shown property values, and its neighbours over
the relationship types the rules look across, each visible. So a plan never offers an action because
of a value or a link the viewer may not see (an exchange's hold of an address known only from a
hidden record yields no freeze order for that viewer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chokepoint.interdiction.catalogue import Action, Catalogue, Near, Rule, Value


@dataclass(frozen=True)
class Neighbour:
    relationship: str
    direction: str  # "out": the element is the link's start; "in": its end
    labels: tuple[str, ...]
    props: Mapping[str, Any]


@dataclass(frozen=True)
class ElementFacts:
    """What the viewer sees of one node: labels, values, neighbours over the rules' link types."""

    id: str
    labels: tuple[str, ...]
    props: Mapping[str, Any]
    neighbours: tuple[Neighbour, ...] = ()


@dataclass(frozen=True)
class Offer:
    """What can be done to one element: the cheapest action (None: nothing can cut it), the other
    actions that apply, why it cannot be cut when it cannot, and its statuses."""

    action: Action | None
    alternatives: tuple[Action, ...] = ()
    statuses: tuple[str, ...] = ()
    not_cuttable: str | None = None  # the reason, when action is None

    @property
    def cost(self) -> float | None:
        return self.action.cost if self.action is not None else None


@dataclass(frozen=True)
class LinkFacts:
    """One relationship the viewer sees between two nodes of the subgraph, and its ends' facts."""

    type: str
    start: ElementFacts
    end: ElementFacts
    props: Mapping[str, Any]
    row: Mapping[str, Any] = field(default_factory=dict)  # as read: {type, startId, endId, props}

    @property
    def pair(self) -> tuple[str, str]:
        return _pair(self.start.id, self.end.id)


@dataclass(frozen=True)
class LinkOffer:
    link: LinkFacts
    offer: Offer


@dataclass(frozen=True)
class Offers:
    """Per node its offer; per pair of linked nodes (``a < b``) the offer of each link between them."""

    by_id: dict[str, Offer] = field(default_factory=dict)
    by_pair: dict[tuple[str, str], tuple[LinkOffer, ...]] = field(default_factory=dict)

    def cost(self, node: str) -> float | None:
        offer = self.by_id.get(node)
        return offer.cost if offer is not None else None

    def link_cost(self, a: str, b: str) -> float | None:
        """What cutting every link between ``a`` and ``b`` costs: None when one of them cannot be cut
        (or no link facts were read)."""
        links = self.by_pair.get(_pair(a, b))
        if not links or any(found.offer.cost is None for found in links):
            return None
        return sum(found.offer.cost or 0.0 for found in links)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def offer(catalogue: Catalogue, facts: ElementFacts) -> Offer:
    statuses = tuple(
        name for name, status in catalogue.statuses.items() if any(matches(r, facts) for r in status.any)
    )
    for rule in catalogue.not_cuttable:
        if matches(rule, facts):
            return Offer(None, statuses=statuses, not_cuttable=f"never cut: {describe(rule)}")
    applicable = sorted(
        (
            action
            for action in catalogue.actions
            if action.match is not None
            and matches(action.match, facts)
            and not set(action.unless) & set(statuses)
        ),
        key=lambda action: action.cost,
    )  # stable: equal costs keep the file's order
    if not applicable:
        return Offer(None, statuses=statuses, not_cuttable="no action applies")
    return Offer(applicable[0], tuple(applicable[1:]), statuses)


def link_offer(catalogue: Catalogue, link: LinkFacts) -> Offer:
    applicable = sorted(
        (
            action
            for action in catalogue.actions
            if action.link is not None
            and action.link.type == link.type
            and (action.link.start is None or matches(action.link.start, link.start))
            and (action.link.end is None or matches(action.link.end, link.end))
        ),
        key=lambda action: action.cost,
    )
    if not applicable:
        return Offer(None, not_cuttable="no action applies")
    return Offer(applicable[0], tuple(applicable[1:]))


def offers(
    catalogue: Catalogue,
    elements: Iterable[ElementFacts],
    ends: Iterable[str],
    links: Iterable[LinkFacts] = (),
) -> Offers:
    """Every node's and link's offer; ``ends`` (the plan's sources and sinks) are never cut, though
    a link to one may be (a supplier's route to its buyer)."""
    terminal = set(ends)
    by_id = {}
    for facts in elements:
        if facts.id in terminal:
            by_id[facts.id] = Offer(None, not_cuttable="a source or sink of the plan")
        else:
            by_id[facts.id] = offer(catalogue, facts)
    by_pair: dict[tuple[str, str], list[LinkOffer]] = {}
    for link in links:
        by_pair.setdefault(link.pair, []).append(LinkOffer(link, link_offer(catalogue, link)))
    return Offers(by_id, {pair: tuple(found) for pair, found in by_pair.items()})


def matches(rule: Rule, facts: ElementFacts) -> bool:
    return (
        rule.label in facts.labels
        and _holds(rule.where, facts.props)
        and _holds_none(rule.where_not, facts.props)
        and all(any(_near(near, n) for n in facts.neighbours) for near in rule.near)
    )


def _near(near: Near, neighbour: Neighbour) -> bool:
    return (
        near.relationship == neighbour.relationship
        and near.direction in ("both", neighbour.direction)
        and near.label in neighbour.labels
        and _holds(near.where, neighbour.props)
    )


def _holds(where: Mapping[str, tuple[Value, ...]], props: Mapping[str, Any]) -> bool:
    for prop, wanted in where.items():
        value = props.get(prop)
        if isinstance(value, list):
            if not any(item in wanted for item in value):
                return False
        elif value is None or value not in wanted:
            return False
    return True


def _holds_none(where: Mapping[str, tuple[Value, ...]], props: Mapping[str, Any]) -> bool:
    for prop, unwanted in where.items():
        value = props.get(prop)
        items = value if isinstance(value, list) else [value]
        if any(item is not None and item in unwanted for item in items):
            return False
    return True


def describe(rule: Rule) -> str:
    """A rule in a few words, for reasons shown to users."""
    parts = [rule.label]
    parts += [f"{prop} in {', '.join(map(str, values))}" for prop, values in rule.where.items()]
    parts += [f"linked {near.direction} over {near.relationship} to a {near.label}" for near in rule.near]
    return f"{parts[0]} with {' and '.join(parts[1:])}" if len(parts) > 1 else parts[0]
