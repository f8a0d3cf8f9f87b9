"""The limits one operation must keep: depth, aliases, repeated fields, tokens, cost and validation
time; and introspection (with field suggestions) on or off.

Depth, aliases, repeated fields and overlap are measured by ``shape.operation_shapes`` in time
linear in the document's size (each fragment once), BEFORE graphql-core's specified rules run: a
document over a limit is refused without them, and one within the limits keeps their work small
(see ``shape``). The specified rules then run within a time budget (``max_validation_ms`` of the
validating thread's own time), with suggestions hidden when introspection is off. The depth and
alias messages are Strawberry's (the tests pin the wording); :func:`limit_code` gives every limit
error a stable ``extensions.code``.

Parsing and validation depend only on the query text, so :class:`LimitChecks` does them once per
text (a bounded cache shared by the app's requests), with the errors they found. The cost depends
on the text and on the values of the variables given to priced arguments (``cost.cost_inputs``): it
is kept per text for the last few such values. A text that fails to parse is not cached.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    ValidationRule,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.types import ExecutionContext

from chokepoint.api.internals import STRAWBERRY_RULES, graphql_schema
from chokepoint.api.security.config import Limits
from chokepoint.api.security.cost import COST_LIMIT_CODE, cost_errors, cost_inputs
from chokepoint.api.security.shape import operation_shapes
from chokepoint.api.security.work_clock import work_time

DEPTH_LIMIT_CODE = "DEPTH_LIMIT_EXCEEDED"
ALIAS_LIMIT_CODE = "ALIAS_LIMIT_EXCEEDED"
REPEAT_LIMIT_CODE = "REPEAT_LIMIT_EXCEEDED"
OVERLAP_LIMIT_CODE = "OVERLAP_LIMIT_EXCEEDED"
TOKEN_LIMIT_CODE = "TOKEN_LIMIT_EXCEEDED"  # noqa: S105 -- an error code, not a secret
BUDGET_CODE = "VALIDATION_TIME_LIMIT_EXCEEDED"
INTROSPECTION_CODE = "INTROSPECTION_DISABLED"
LIMIT_CODES = frozenset(
    {
        DEPTH_LIMIT_CODE,
        ALIAS_LIMIT_CODE,
        REPEAT_LIMIT_CODE,
        OVERLAP_LIMIT_CODE,
        TOKEN_LIMIT_CODE,
        COST_LIMIT_CODE,
        BUDGET_CODE,
    }
)
_MESSAGES = (
    (re.compile(r"exceeds maximum operation depth of \d+$"), DEPTH_LIMIT_CODE),
    (re.compile(r"^\d+ aliases found\. Allowed: \d+$"), ALIAS_LIMIT_CODE),
    (re.compile(r"Document contains more than \d+ tokens\. Parsing aborted\.$"), TOKEN_LIMIT_CODE),
    (re.compile(r"^GraphQL introspection has been disabled"), INTROSPECTION_CODE),
)
CACHED_TEXTS = 256  # distinct query texts kept parsed and validated
MAX_CACHED_TEXT = 20_000  # characters; longer texts are parsed and validated on every request
CACHED_PRICES = 64  # per text: prices for that many combinations of priced variables' values
_ABSENT = object()

Rules = tuple[type[ASTValidationRule], ...]
Validator = Callable[[GraphQLSchema, DocumentNode, Rules], list[GraphQLError]]


def limit_checks(limits: Limits, introspection: bool) -> LimitChecks:
    """The checks enforcing ``limits`` (and refusing introspection, and suggestions, when it is off)."""
    rules: Rules = () if introspection else (NoSchemaIntrospectionCustomRule,)
    return LimitChecks(CheckedDocuments(), limits, rules, hide_suggestions=not introspection)


def limit_code(error: GraphQLError) -> str | None:
    """The code of a limit (or disabled introspection) that ``error`` reports, if it reports one."""
    code = (error.extensions or {}).get("code")
    if code in LIMIT_CODES:
        return str(code)
    for pattern, known in _MESSAGES:
        if pattern.search(error.message):
            return known
    return None


def shape_errors(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """The depth, alias, repeated-field and overlap limits ``document`` exceeds (linear in its size;
    the overlap is reported only when the repeats are within their limit)."""
    errors = []
    shapes = operation_shapes(document)
    for shape in shapes:
        if shape.depth > limits.max_depth:
            message = f"'{shape.name}' exceeds maximum operation depth of {limits.max_depth}"
            errors.append(_limit(message, shape.node, DEPTH_LIMIT_CODE))
        if shape.repeats > limits.max_repeats:
            errors.append(
                _limit(
                    f"'{shape.name}' asks for one field {shape.repeats} times in one selection "
                    f"(fragments expanded); allowed: {limits.max_repeats}",
                    shape.node,
                    REPEAT_LIMIT_CODE,
                )
            )
        elif shape.overlap > limits.max_overlap:
            errors.append(
                _limit(
                    f"'{shape.name}' asks for same-named fields whose selections take {shape.overlap} "
                    f"comparisons to merge (fragments expanded); allowed: {limits.max_overlap}",
                    shape.node,
                    OVERLAP_LIMIT_CODE,
                )
            )
    aliases = sum(shape.aliases for shape in shapes)  # Strawberry counts the whole document
    if aliases > limits.max_aliases:
        message = f"{aliases} aliases found. Allowed: {limits.max_aliases}"
        errors.append(_limit(message, None, ALIAS_LIMIT_CODE))
    return errors


def _limit(message: str, node: Node | None, code: str) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code})


class _OverBudget(Exception):
    """Raised inside validation when its time budget (the validating thread's own time) is spent."""


BUDGET_CHECK_EVERY = 32  # nodes entered between two looks at the clock


def budget_rule(seconds: float) -> type[ASTValidationRule]:
    """A rule that stops validation once it has run ``seconds``, looking at the clock every
    ``BUDGET_CHECK_EVERY`` nodes. The clock is the validating thread's own time outside garbage
    collections (``work_clock``): a document is not refused for the time it spent waiting for a core
    on a busy machine, nor for a collection of the whole heap that fell due while it was validated
    (either would also be kept in the cache as its answer)."""

    class ValidationBudget(ValidationRule):
        def __init__(self, context: Any) -> None:
            super().__init__(context)
            self._deadline = work_time() + seconds
            self._entered = 0

        def enter(self, *_args: Any) -> None:
            self._entered += 1
            if self._entered % BUDGET_CHECK_EVERY == 1 and work_time() >= self._deadline:
                raise _OverBudget

    return ValidationBudget


@dataclass
class _Checked:
    """One query text: its document, the validation errors per (schema, rules), and the cost errors
    per (schema, limit, values of the variables the cost depends on)."""

    document: DocumentNode
    errors: dict[tuple[GraphQLSchema, Rules], list[GraphQLError]] = field(default_factory=dict)
    cost_inputs: tuple[str, ...] = ()
    prices: dict[tuple[Any, ...], list[GraphQLError]] = field(default_factory=dict)


def _validate(schema: GraphQLSchema, document: DocumentNode, rules: Rules) -> list[GraphQLError]:
    """graphql-core's validation with ``rules`` and the rules Strawberry adds."""
    return validate(schema, document, (*rules, *STRAWBERRY_RULES))


class CheckedDocuments:
    """Query text → parsed document and its validation errors; the least recently used text goes
    first once ``size`` texts are held. Shared by every request of one app (and thread-safe)."""

    def __init__(self, size: int = CACHED_TEXTS) -> None:
        self._size = size
        self._texts: OrderedDict[tuple[str, tuple[Any, ...]], _Checked] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, query: str, options: Mapping[str, Any]) -> DocumentNode | None:
        """The parsed document of ``query``, or None when it does not parse."""
        found = self.parsed(query, options)
        return found if isinstance(found, DocumentNode) else None

    def parsed(self, query: str, options: Mapping[str, Any]) -> DocumentNode | GraphQLError:
        """The parsed document of ``query``, or the syntax error that stopped the parser."""
        key = _key(query, options)
        with self._lock:
            found = self._texts.get(key)
            if found is not None:
                self._texts.move_to_end(key)
                return found.document
        try:
            document = parse(query, **options)
        except GraphQLError as error:
            return error
        if len(query) <= MAX_CACHED_TEXT:
            checked = _Checked(document, cost_inputs=tuple(sorted(cost_inputs(document))))
            with self._lock:
                self._texts[key] = checked
                while len(self._texts) > self._size:
                    self._texts.popitem(last=False)
        return document

    def holds(self, query: str, options: Mapping[str, Any]) -> bool:
        """True when ``query`` is parsed and kept (its checks are then cheap to repeat)."""
        with self._lock:
            return _key(query, options) in self._texts

    def errors(
        self,
        schema: GraphQLSchema,
        query: str | None,
        options: Mapping[str, Any],
        document: DocumentNode,
        rules: Rules,
        validator: Validator = _validate,
    ) -> list[GraphQLError]:
        """What ``validator`` finds in ``document`` (the document of ``query``) with ``rules``."""
        found = self._entry(query, options, document)
        if found is None:
            return validator(schema, document, rules)
        errors = found.errors.get((schema, rules))
        if errors is None:
            errors = validator(schema, document, rules)
            with self._lock:
                found.errors[(schema, rules)] = errors
        return errors

    def cost_errors(
        self,
        schema: GraphQLSchema,
        query: str | None,
        options: Mapping[str, Any],
        document: DocumentNode,
        max_cost: int,
        variables: Mapping[str, Any],
    ) -> list[GraphQLError]:
        """:func:`cost.cost_errors` of ``document`` (the document of ``query``) with ``variables``."""
        found = self._entry(query, options, document)
        if found is None:
            return cost_errors(schema, document, max_cost, variables)
        values = tuple((type(v), v) for v in (variables.get(name, _ABSENT) for name in found.cost_inputs))
        try:
            key = (schema, max_cost, values)
            priced = found.prices.get(key)
        except TypeError:  # a list or object given where a number is expected: priced, not kept
            return cost_errors(schema, document, max_cost, variables)
        if priced is None:
            priced = cost_errors(schema, document, max_cost, variables)
            with self._lock:
                if len(found.prices) >= CACHED_PRICES:
                    found.prices.clear()
                found.prices[key] = priced
        return priced

    def _entry(
        self, query: str | None, options: Mapping[str, Any], document: DocumentNode
    ) -> _Checked | None:
        """The cache entry of ``query``, if this cache parsed ``document`` from it."""
        if query is None:
            return None
        with self._lock:
            found = self._texts.get(_key(query, options))
        return found if found is not None and found.document is document else None


def _key(query: str, options: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    return (query, tuple(sorted(options.items())))


class LimitChecks:
    """The limits of one API: the token limit as a parser option; the query text parsed and
    validated once (see :class:`CheckedDocuments`): first its shape (depth, aliases, repeated
    fields), then, if that passes, the GraphQL rules plus ``rules`` within the validation budget;
    every request priced against ``max_cost``. Applied at each step of an operation by the schema
    extension (``extension.SecurityPolicy``), or all at once by :meth:`check` for a request over
    HTTP (``operation.run_operation``); both share one cache. Shared by the app's requests."""

    def __init__(
        self, checked: CheckedDocuments, limits: Limits, rules: Rules = (), *, hide_suggestions: bool = False
    ) -> None:
        self._checked = checked
        self._limits = limits
        self._rules = (*rules, budget_rule(limits.max_validation_ms / 1000))
        self._hide_suggestions = hide_suggestions

    @property
    def hide_suggestions(self) -> bool:
        """True when errors must not suggest names of the schema (introspection is off)."""
        return self._hide_suggestions

    def prepare(self, context: ExecutionContext) -> None:
        """Before parsing: the parser stops after ``max_tokens`` tokens (Strawberry's own limit)."""
        context.parse_options["max_tokens"] = self._limits.max_tokens

    def parse(self, context: ExecutionContext) -> None:
        """The cached document of the query text, when it parses (else Strawberry reports why)."""
        if context.graphql_document is None and context.query:
            context.graphql_document = self._checked.document(context.query, context.parse_options)

    def known(self, query: str) -> bool:
        """True when ``query`` was parsed and kept by an earlier :meth:`check`."""
        return self._checked.holds(query, {"max_tokens": self._limits.max_tokens})

    def check(
        self, schema: GraphQLSchema, query: str, variables: Mapping[str, Any]
    ) -> tuple[DocumentNode | None, list[GraphQLError]]:
        """The document of ``query`` and what stops it running with ``variables``: its syntax error
        (no document), or its validation, limit and cost errors (none: it may run). Shares the cache
        entries of requests run through Strawberry (same parse options, same rules)."""
        options: dict[str, Any] = {"max_tokens": self._limits.max_tokens}
        document = self._checked.parsed(query, options)
        if isinstance(document, GraphQLError):
            return None, [document]
        rules = (*specified_rules, *self._rules)
        return document, self._errors(schema, query, options, document, rules, variables)

    def validate(self, context: ExecutionContext) -> None:
        """Validation and cost errors, set even when empty: Strawberry then validates no further."""
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            rules = (*context.validation_rules, *self._rules)
            context.pre_execution_errors = self._errors(
                graphql_schema(context.schema),
                context.query,
                context.parse_options,
                document,
                rules,
                context.variables or {},
            )

    def _errors(
        self,
        schema: GraphQLSchema,
        query: str | None,
        options: Mapping[str, Any],
        document: DocumentNode,
        rules: Rules,
        variables: Mapping[str, Any],
    ) -> list[GraphQLError]:
        """Validation errors of ``document`` (``rules``), then its cost errors with ``variables``."""
        found = self._checked.errors(schema, query, options, document, rules, self._validate)
        priced = self._checked.cost_errors(schema, query, options, document, self._limits.max_cost, variables)
        return [*found, *priced]

    def _validate(self, schema: GraphQLSchema, document: DocumentNode, rules: Rules) -> list[GraphQLError]:
        """The shape limits; only when they pass, the GraphQL rules, within the budget."""
        refused = shape_errors(document, self._limits)
        if refused:
            return refused
        try:
            return validate(
                schema, document, (*rules, *STRAWBERRY_RULES), hide_suggestions=self._hide_suggestions
            )
        except _OverBudget:
            return [
                _limit(
                    f"Query rejected: validating it took more than {self._limits.max_validation_ms} ms; "
                    "send a smaller document",
                    None,
                    BUDGET_CODE,
                )
            ]
