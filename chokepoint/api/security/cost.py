"""The cost limit: the price of an operation, checked before it runs.

Each field costs 1. A field that takes ``first`` multiplies what is selected under it by the page
size (the argument's value, a variable's value, or the schema's default), so nested pages multiply.
A field that takes ``maxHops`` adds ``HOP_COST`` per hop, since a traversal's work grows with its
depth whatever it returns. Fragments are priced where they are spread; inline fragments on
different types are priced as if all applied (an upper bound).

The price depends on the request's variables, so it is computed for every request
(:func:`cost_errors`, a direct walk of the parsed document, called by ``limits.LimitChecks``);
:func:`cost_rule` is the same check as a graphql-core validation rule.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    ValidationRule,
    VariableNode,
    Visitor,
    get_named_type,
    value_from_ast_untyped,
    visit,
)

PAGE_ARGUMENT = "first"
HOPS_ARGUMENT = "maxHops"
HOP_COST = 10
COST_LIMIT_CODE = "COST_LIMIT_EXCEEDED"


class _Pricer:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]) -> None:
        self._schema = schema
        self._variables = dict(variables)
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def operation(self, node: OperationDefinitionNode) -> int:
        defaults = {
            d.variable.name.value: value_from_ast_untyped(d.default_value)
            for d in node.variable_definitions or ()
            if d.default_value is not None
        }
        self._variables = {**defaults, **self._variables}
        root = self._schema.get_root_type(node.operation)
        return self._selections(node.selection_set, root, frozenset()) if root else 0

    def _selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None, seen: frozenset[str]
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self._schema.get_type(condition.name.value) if condition else parent
                total += self._selections(selection.selection_set, scope, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = self._fragments.get(selection.name.value)
                if fragment is not None:
                    scope = self._schema.get_type(fragment.type_condition.name.value)
                    total += self._selections(fragment.selection_set, scope, seen | {selection.name.value})
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None, seen: frozenset[str]) -> int:
        definition = _field_definition(parent, node.name.value)
        child_type = get_named_type(definition.type) if definition else None
        children = self._selections(node.selection_set, child_type, seen)
        page = self._argument(node, definition, PAGE_ARGUMENT)
        hops = self._argument(node, definition, HOPS_ARGUMENT)
        return 1 + HOP_COST * hops + max(page, 1) * children

    def _argument(self, node: FieldNode, definition: GraphQLField | None, name: str) -> int:
        if definition is None or name not in definition.args:
            return 0
        value: Any = definition.args[name].default_value
        for argument in node.arguments or ():
            if argument.name.value == name:
                given = value_from_ast_untyped(argument.value, self._variables)
                value = given if isinstance(given, int) else value
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
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            cost = operation_cost(schema, document, definition, variables)
            if cost > max_cost:
                name = definition.name.value if definition.name else None
                errors.append(cost_error(name, cost, max_cost, definition))
    return errors


def cost_inputs(document: DocumentNode) -> frozenset[str]:
    """The variables the price of ``document`` depends on: those inside a ``first`` or ``maxHops``
    argument (the price depends on nothing else of a request)."""
    names: set[str] = set()

    class _Inputs(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
            if node.name.value in (PAGE_ARGUMENT, HOPS_ARGUMENT):
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
