"""The cost limit: the price of an operation, checked before it runs.

The price model, declared here once (``docs/api.md`` shows it with examples):

- Each field costs 1, plus what it selects.
- A field taking a page argument (``first``; ``top`` for ``chokepoints``; the list ``ids`` for
  ``entities``, by its length) multiplies what is selected under it by the page size, so nested
  pages multiply.
- A field taking ``maxHops`` adds ``hop_price(hops)`` = ``HOP_COST * (1 + 2 + ... + hops)``: each
  further hop of a walk widens its frontier, so the work grows faster than the depth.
- A field listed in ``WORK`` is priced by the work it causes whatever it returns: a fixed ``base``
  (``chokepoints`` projects the supply chain and analyses it; ``runInvestigation`` runs a saved
  Cypher investigation over the whole graph), its hop price times ``hop_weight``, and ``per_item``
  work for each item of the page (``chokepoints`` searches ``samplePaths`` paths per chokepoint).
  ``runInvestigation`` takes its hops from ``params.maxHops``. ``given`` adds a further work when
  an argument is given (not null): ``supplyChains(temporal:)`` first searches the temporal money
  chains, priced as ``temporalMoneyChains`` is, at the field's ``maxHops``.
- Fragments are priced once per definition (memoised) and added where they are spread, so a
  document spreading fragments exponentially is priced in time linear in its size. Inline
  fragments on different types are priced as if all applied (an upper bound).

Argument values are those the operation would run with: literals and variables coerced to their
declared types (graphql-core's ``get_variable_values``), so ``{"f": 100.0}`` for ``$f: Int`` is a
page of 100. Variables that do not coerce price as absent (the operation fails before running).

The price depends on the request's variables, so it is computed for every request
(:func:`cost_errors`, called by ``limits.LimitChecks``, which keeps prices per value of the variables
in :func:`cost_inputs`); :func:`cost_rule` is the same check as a graphql-core validation rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    ValidationRule,
    VariableNode,
    Visitor,
    get_named_type,
    value_from_ast,
    visit,
)
from graphql.execution.values import VariableValues, get_variable_values

PAGE_ARGUMENT = "first"
HOPS_ARGUMENT = "maxHops"
HOP_COST = 10
COST_LIMIT_CODE = "COST_LIMIT_EXCEEDED"


@dataclass(frozen=True)
class Work:
    """What one field makes the server do besides returning its selection."""

    base: int = 0  # fixed work: a projection and its analysis, a saved investigation's body
    page: str = PAGE_ARGUMENT  # the argument whose value multiplies the selection under the field
    hop_weight: int = 1  # times hop_price(maxHops)
    per_item: tuple[tuple[str, int], ...] = ()  # (argument, price per unit) for each item of the page
    hops_in: str | None = None  # hops read from this (JSON object) argument's maxHops, not maxHops
    given: tuple[tuple[str, Work], ...] = ()  # (argument, extra work when it is given, at the same hops)


DEFAULT_WORK = Work()
# one read per hop, each over every address the chains have reached
TEMPORAL_CHAINS = Work(base=100, hop_weight=2)
# (parent type, field) → its work; every other field is DEFAULT_WORK.
WORK: dict[tuple[str, str], Work] = {
    ("Query", "chokepoints"): Work(base=300, page="top", hop_weight=2, per_item=(("samplePaths", 5),)),
    ("Query", "runInvestigation"): Work(base=2_000, hop_weight=5, hops_in="params"),
    ("Query", "supplyChains"): Work(base=50, given=(("temporal", TEMPORAL_CHAINS),)),
    # a projection as for chokepoints, then max-flows (about 25 with a budget) and searches per step
    ("Query", "interdictionPlan"): Work(base=600, hop_weight=2),
    ("Query", "temporalMoneyChains"): TEMPORAL_CHAINS,
    # a breadth-first walk over the viewer's co-spend evidence, one read per level, up to maxMembers
    # addresses (each transaction read whole), then the clustering
    ("AddressReport", "cluster"): Work(base=200),
    # the selection once per id asked for (its page is the ids list)
    ("Query", "entities"): Work(page="ids"),
}
PRICED_ARGUMENTS = frozenset(
    {PAGE_ARGUMENT, HOPS_ARGUMENT}
    | {w.page for w in WORK.values()}
    | {name for w in WORK.values() for name, _ in w.per_item}
    | {w.hops_in for w in WORK.values() if w.hops_in}
    | {name for w in WORK.values() for name, _ in w.given}
)


def hop_price(hops: int) -> int:
    """The price of a walk of up to ``hops`` hops: ``HOP_COST`` times 1 + 2 + … + hops."""
    return HOP_COST * hops * (hops + 1) // 2 if hops > 0 else 0


class _Pricer:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self._schema = schema
        self._inputs = dict(variables)
        self._variables: dict[str, Any] = {}
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._priced: dict[str, int] = {}
        self._open: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> int:
        self._variables = _coerced(self._schema, node, self._inputs)
        self._priced.clear()  # a fragment's price depends on the operation's variables
        root = self._schema.get_root_type(node.operation)
        return self._selections(node.selection_set, root) if root else 0

    def _selections(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self._schema.get_type(condition.name.value) if condition else parent
                total += self._selections(selection.selection_set, scope)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
        return total

    def _fragment(self, name: str) -> int:
        found = self._priced.get(name)
        if found is not None:
            return found
        fragment = self._fragments.get(name)
        if fragment is None or name in self._open:  # unknown or a cycle: validation reports it
            return 0
        self._open.add(name)
        try:
            scope = self._schema.get_type(fragment.type_condition.name.value)
            price = self._selections(fragment.selection_set, scope)
        finally:
            self._open.discard(name)
        self._priced[name] = price
        return price

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        definition = _field_definition(parent, node.name.value)
        child_type = get_named_type(definition.type) if definition else None
        children = self._selections(node.selection_set, child_type)
        if definition is None:
            return 1 + children
        work = WORK.get((parent.name if parent else "", node.name.value), DEFAULT_WORK)
        page = self._count(node, definition, work.page)
        if work.hops_in is not None:
            hops = _count_value(_member(self._value(node, definition, work.hops_in), HOPS_ARGUMENT))
        else:
            hops = self._count(node, definition, HOPS_ARGUMENT)
        per_item = sum(self._count(node, definition, name) * price for name, price in work.per_item)
        extra = sum(
            more.base + more.hop_weight * hop_price(hops)
            for name, more in work.given
            if self._value(node, definition, name) is not None
        )
        return (
            1 + work.base + extra + work.hop_weight * hop_price(hops) + max(page, 1) * (children + per_item)
        )

    def _count(self, node: FieldNode, definition: GraphQLField, name: str) -> int:
        return _count_value(self._value(node, definition, name))

    def _value(self, node: FieldNode, definition: GraphQLField, name: str) -> Any:
        """The value ``name`` would run with: given (coerced) or the schema's default."""
        argument = definition.args.get(name)
        if argument is None:
            return None
        for given in node.arguments or ():
            if given.name.value == name:
                if isinstance(given.value, VariableNode):
                    value = self._variables.get(given.value.name.value, Undefined)
                else:
                    value = value_from_ast(given.value, argument.type, self._variables)
                if value is not Undefined:
                    return value
        return argument.default_value


def _coerced(schema: GraphQLSchema, node: OperationDefinitionNode, inputs: dict[str, Any]) -> dict[str, Any]:
    """The operation's variables coerced to their declared types (with their defaults)."""
    definitions = node.variable_definitions or ()
    found = get_variable_values(schema, definitions, inputs)
    if isinstance(found, VariableValues):
        return found.coerced
    # Some value does not coerce: the operation will not run; price the others.
    coerced = {}
    for definition in definitions:
        name = definition.variable.name.value
        alone = get_variable_values(schema, [definition], {name: inputs[name]} if name in inputs else {})
        if isinstance(alone, VariableValues):
            coerced.update(alone.coerced)
    return coerced


def _member(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, Mapping) else None


def _count_value(value: Any) -> int:
    """A page size or hop count as given, or the length of a list given as a page (ids)."""
    if isinstance(value, list):
        return len(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        field: GraphQLField | None = parent.fields.get(name)
        return field
    return None


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
) -> int:
    """The price of one operation of ``document``, with the request's variables."""
    return _Pricer(schema, document, variables).operation(operation)


def cost_error(name: str | None, cost: int, max_cost: int, node: OperationDefinitionNode) -> GraphQLError:
    """The error rejecting an operation that costs more than ``max_cost``."""
    return GraphQLError(
        f"Query rejected: operation '{name or 'anonymous'}' costs {cost}, more than the limit of "
        f"{max_cost}; ask for smaller pages (first), fewer hops (maxHops) or less nesting",
        node,
        extensions={"code": COST_LIMIT_CODE, "cost": cost, "maxCost": max_cost},
    )


def cost_errors(
    schema: GraphQLSchema, document: DocumentNode, max_cost: int, variables: Mapping[str, Any]
) -> list[GraphQLError]:
    """One error per operation of ``document`` that costs more than ``max_cost`` with ``variables``.

    A direct walk of the (already parsed) document: what :func:`cost_rule` reports inside a
    validation pass, without one.
    """
    errors = []
    pricer = _Pricer(schema, document, variables)
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            cost = pricer.operation(definition)
            if cost > max_cost:
                name = definition.name.value if definition.name else None
                errors.append(cost_error(name, cost, max_cost, definition))
    return errors


def cost_inputs(document: DocumentNode) -> frozenset[str]:
    """The variables the price of ``document`` depends on: those inside a priced argument
    (``PRICED_ARGUMENTS``; the price depends on nothing else of a request)."""
    names: set[str] = set()

    class _Inputs(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
            if node.name.value in PRICED_ARGUMENTS:
                visit(node.value, _Variables())

    class _Variables(Visitor):
        def enter_variable(self, node: VariableNode, *_args: Any) -> None:
            names.add(node.name.value)

    visit(document, _Inputs())
    return frozenset(names)


def cost_rule(max_cost: int, variables: Mapping[str, Any]) -> type[ValidationRule]:
    """A rule rejecting every operation whose cost exceeds ``max_cost``."""

    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            cost = operation_cost(self.context.schema, self.context.document, node, variables)
            if cost > max_cost:
                self.report_error(cost_error(node.name.value if node.name else None, cost, max_cost, node))

    return CostLimit
