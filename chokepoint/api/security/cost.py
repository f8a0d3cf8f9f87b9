"""The cost limit: a validation rule that prices an operation before it runs.

Each field costs 1. A field that takes ``first`` multiplies what is selected under it by the page
size (the argument's value, a variable's value, or the schema's default), so nested pages multiply.
A field that takes ``maxHops`` adds ``HOP_COST`` per hop, since a traversal's work grows with its
depth whatever it returns. Fragments are priced where they are spread; inline fragments on
different types are priced as if all applied (an upper bound).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

PAGE_ARGUMENT = "first"
HOPS_ARGUMENT = "maxHops"
HOP_COST = 10
COST_LIMIT_CODE = "COST_LIMIT_EXCEEDED"


class _Pricer:
    def __init__(self, context: ValidationContext, variables: Mapping[str, Any]) -> None:
        self._context = context
        self._variables = dict(variables)
        self._fragments = {
            d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def operation(self, node: OperationDefinitionNode) -> int:
        defaults = {
            d.variable.name.value: value_from_ast_untyped(d.default_value)
            for d in node.variable_definitions or ()
            if d.default_value is not None
        }
        self._variables = {**defaults, **self._variables}
        root = self._context.schema.get_root_type(node.operation)
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
                scope = self._context.schema.get_type(condition.name.value) if condition else parent
                total += self._selections(selection.selection_set, scope, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = self._fragments.get(selection.name.value)
                if fragment is not None:
                    scope = self._context.schema.get_type(fragment.type_condition.name.value)
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
    context: ValidationContext, operation: OperationDefinitionNode, variables: Mapping[str, Any]
) -> int:
    """The price of one operation of ``context``'s document, with the request's variables."""
    return _Pricer(context, variables).operation(operation)


def cost_rule(max_cost: int, variables: Mapping[str, Any]) -> type[ValidationRule]:
    """A rule rejecting every operation whose cost exceeds ``max_cost``."""

    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            cost = operation_cost(self.context, node, variables)
            if cost > max_cost:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    GraphQLError(
                        f"Query rejected: operation '{name}' costs {cost}, more than the limit of "
                        f"{max_cost}; ask for smaller pages (first), fewer hops (maxHops) or less nesting",
                        node,
                        extensions={"code": COST_LIMIT_CODE, "cost": cost, "maxCost": max_cost},
                    )
                )

    return CostLimit


def cost_limiter(max_cost: int) -> Callable[[], SchemaExtension]:
    """A factory of the extension that adds :func:`cost_rule` with each request's variables."""

    class CostLimiter(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            context = self.execution_context
            rule = cost_rule(max_cost, context.variables or {})
            context.validation_rules = (*context.validation_rules, rule)
            yield

    return CostLimiter
