"""The whole-run budget of an answer made of many reads.

Each read is bounded by the read timeouts the database enforces; an answer computed from many of them
(a computed investigation, the interdiction plan) is bounded as a whole by the investigation timeout
too, so that no arguments make one request run for many times that.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar

from chokepoint.errors import QueryTimedOut

if TYPE_CHECKING:
    from chokepoint.api.context import RequestContext

T = TypeVar("T")


async def within_investigation_timeout(ctx: RequestContext, what: str, work: Awaitable[T]) -> T:
    """``work``'s result, or a coded ``TIMEOUT`` naming ``what`` when it runs past the budget."""
    budget = ctx.reads.investigation_timeout_s
    try:
        async with asyncio.timeout(budget) as scope:
            return await work
    except TimeoutError:
        if not scope.expired():
            raise
        raise QueryTimedOut(
            f"{what}: it ran longer than the investigation timeout ({budget:g} s); ask with narrower "
            "arguments (CHOKEPOINT_API_INVESTIGATION_TIMEOUT_S sets it)",
            budget,
        ) from None
