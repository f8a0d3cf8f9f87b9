"""The limits one operation must keep: depth, aliases, tokens and cost; and introspection on or off.

Depth, alias and token limits are Strawberry's own extensions; their messages are recognised by
:func:`limit_code` so the caller gets a stable ``extensions.code`` (the tests pin the wording).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from chokepoint.api.security.config import Limits
from chokepoint.api.security.cost import COST_LIMIT_CODE, cost_limiter

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

ExtensionFactory = Callable[[], SchemaExtension]


def limit_extensions(limits: Limits, introspection: bool) -> list[ExtensionFactory]:
    """The extensions enforcing ``limits`` (and refusing introspection when it is off)."""
    factories: list[ExtensionFactory] = [
        partial(MaxTokensLimiter, max_token_count=limits.max_tokens),
        partial(QueryDepthLimiter, max_depth=limits.max_depth),
        partial(MaxAliasesLimiter, max_alias_count=limits.max_aliases),
        cost_limiter(limits.max_cost),
    ]
    if not introspection:
        factories.append(DisableIntrospection)
    return factories


def limit_code(error: GraphQLError) -> str | None:
    """The code of a limit (or disabled introspection) that ``error`` reports, if it reports one."""
    code = (error.extensions or {}).get("code")
    if code in LIMIT_CODES:
        return str(code)
    for pattern, known in _MESSAGES:
        if pattern.search(error.message):
            return known
    return None
