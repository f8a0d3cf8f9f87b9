"""The limits one operation must keep: depth, aliases, tokens and cost; and introspection on or off.

Depth, alias and token limits are Strawberry's own checks; their messages are recognised by
:func:`limit_code` so the caller gets a stable ``extensions.code`` (the tests pin the wording).

Parsing and validation depend only on the query text, so :class:`LimitChecks` does them once per
text (a bounded cache shared by the app's requests): the GraphQL validation rules, depth, aliases and
introspection, with the errors they found. The cost depends on the text and on the values of the
variables given to ``first`` or ``maxHops``: it is kept per text for the last few such values. A
text that fails to parse is not cached: Strawberry parses it again and reports the error (the token
limit is a parse error).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse, specified_rules
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from chokepoint.api.security.config import Limits
from chokepoint.api.security.cost import COST_LIMIT_CODE, cost_errors, cost_inputs

DEPTH_LIMIT_CODE = "DEPTH_LIMIT_EXCEEDED"
ALIAS_LIMIT_CODE = "ALIAS_LIMIT_EXCEEDED"
TOKEN_LIMIT_CODE = "TOKEN_LIMIT_EXCEEDED"  # noqa: S105 -- an error code, not a secret
INTROSPECTION_CODE = "INTROSPECTION_DISABLED"
LIMIT_CODES = frozenset({DEPTH_LIMIT_CODE, ALIAS_LIMIT_CODE, TOKEN_LIMIT_CODE, COST_LIMIT_CODE})
_MESSAGES = (
    (re.compile(r"exceeds maximum operation depth of \d+$"), DEPTH_LIMIT_CODE),
    (re.compile(r"^\d+ aliases found\. Allowed: \d+$"), ALIAS_LIMIT_CODE),
    (re.compile(r"Document contains more than \d+ tokens\. Parsing aborted\.$"), TOKEN_LIMIT_CODE),
    (re.compile(r"^GraphQL introspection has been disabled"), INTROSPECTION_CODE),
)
CACHED_TEXTS = 256  # distinct query texts kept parsed and validated
MAX_CACHED_TEXT = 20_000  # characters; longer texts are parsed and validated on every request
CACHED_PRICES = 64  # per text: prices for that many combinations of first / maxHops values
_ABSENT = object()

Rules = tuple[type[ASTValidationRule], ...]


def limit_checks(limits: Limits, introspection: bool) -> LimitChecks:
    """The checks enforcing ``limits`` (and refusing introspection when it is off)."""
    rules: list[type[ASTValidationRule]] = [
        depth_validator(limits.max_depth, None),
        alias_validator(limits.max_aliases),
    ]
    if not introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return LimitChecks(CheckedDocuments(), tuple(rules), limits.max_cost, limits.max_tokens)


def limit_code(error: GraphQLError) -> str | None:
    """The code of a limit (or disabled introspection) that ``error`` reports, if it reports one."""
    code = (error.extensions or {}).get("code")
    if code in LIMIT_CODES:
        return str(code)
    for pattern, known in _MESSAGES:
        if pattern.search(error.message):
            return known
    return None


@dataclass
class _Checked:
    """One query text: its document, the validation errors per (schema, rules), and the cost errors
    per (schema, limit, values of the variables the cost depends on)."""

    document: DocumentNode
    errors: dict[tuple[GraphQLSchema, Rules], list[GraphQLError]] = field(default_factory=dict)
    cost_inputs: tuple[str, ...] = ()
    prices: dict[tuple[Any, ...], list[GraphQLError]] = field(default_factory=dict)


class CheckedDocuments:
    """Query text → parsed document and its validation errors; the least recently used text goes
    first once ``size`` texts are held. Shared by every request of one app (and thread-safe)."""

    def __init__(self, size: int = CACHED_TEXTS) -> None:
        self._size = size
        self._texts: OrderedDict[tuple[str, tuple[Any, ...]], _Checked] = OrderedDict()
        self._lock = threading.Lock()

    def document(self, query: str, options: Mapping[str, Any]) -> DocumentNode | None:
        """The parsed document of ``query``, or None when it does not parse."""
        key = _key(query, options)
        with self._lock:
            found = self._texts.get(key)
            if found is not None:
                self._texts.move_to_end(key)
                return found.document
        try:
            document = parse(query, **options)
        except GraphQLError:
            return None
        if len(query) <= MAX_CACHED_TEXT:
            checked = _Checked(document, cost_inputs=tuple(sorted(cost_inputs(document))))
            with self._lock:
                self._texts[key] = checked
                while len(self._texts) > self._size:
                    self._texts.popitem(last=False)
        return document

    def errors(
        self,
        schema: GraphQLSchema,
        query: str | None,
        options: Mapping[str, Any],
        document: DocumentNode,
        rules: Rules,
    ) -> list[GraphQLError]:
        """What ``rules`` (and Strawberry's own) find in ``document``, the document of ``query``."""
        found = self._entry(query, options, document)
        if found is None:
            return validate_document(schema, document, rules)
        errors = found.errors.get((schema, rules))
        if errors is None:
            errors = validate_document(schema, document, rules)
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
    validated once (see :class:`CheckedDocuments`), with ``rules`` added to the validation rules;
    every request priced against ``max_cost``. Applied at each step of an operation by the schema
    extension (``extension.SecurityPolicy``), or all at once by :meth:`passed` for a request over
    HTTP (``operation.run_operation``); both share one cache. Shared by the app's requests."""

    def __init__(self, checked: CheckedDocuments, rules: Rules, max_cost: int, max_tokens: int) -> None:
        self._checked = checked
        self._rules = rules
        self._max_cost = max_cost
        self._max_tokens = max_tokens

    def prepare(self, context: ExecutionContext) -> None:
        """Before parsing: the parser stops after ``max_tokens`` tokens (Strawberry's own limit)."""
        context.parse_options["max_tokens"] = self._max_tokens

    def parse(self, context: ExecutionContext) -> None:
        """The cached document of the query text, when it parses (else Strawberry reports why)."""
        if context.graphql_document is None and context.query:
            context.graphql_document = self._checked.document(context.query, context.parse_options)

    def passed(self, schema: GraphQLSchema, query: str, variables: Mapping[str, Any]) -> DocumentNode | None:
        """The document of ``query`` when it parses and passes validation, limits and cost with
        ``variables``; else None (Strawberry then runs the request and reports why). Shares the
        cache entries of requests run through Strawberry (same parse options, same rules)."""
        options: dict[str, Any] = {"max_tokens": self._max_tokens}
        document = self._checked.document(query, options)
        if document is None:
            return None
        rules = (*specified_rules, *self._rules)
        return None if self._errors(schema, query, options, document, rules, variables) else document

    def validate(self, context: ExecutionContext) -> None:
        """Validation and cost errors, set even when empty: Strawberry then validates no further."""
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            rules = (*context.validation_rules, *self._rules)
            context.pre_execution_errors = self._errors(
                context.schema._schema,
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
        found = self._checked.errors(schema, query, options, document, rules)
        priced = self._checked.cost_errors(schema, query, options, document, self._max_cost, variables)
        return [*found, *priced]
