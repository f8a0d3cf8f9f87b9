"""The API's one schema extension: the limits before execution, the error policy after it.

One extension rather than one per concern: Strawberry builds a context manager for every hook of
every extension on every request, and at the API's few milliseconds per request four extensions
cost a measurable share (``bench/api_paths.py``). The concerns themselves stay apart:
``limits.LimitChecks`` and ``masking.mask_errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from strawberry.extensions import SchemaExtension

from chokepoint.api.security.limits import LimitChecks
from chokepoint.api.security.masking import mask_errors

ExtensionFactory = Callable[[], SchemaExtension]


class SecurityPolicy(SchemaExtension):
    """Applies ``limits`` (none: Strawberry parses and validates as usual), then codes every error of
    the result and masks the unexpected ones."""

    def __init__(self, limits: LimitChecks | None = None) -> None:
        super().__init__()
        self._limits = limits

    def on_operation(self) -> Iterator[None]:  # the hook of Strawberry's MaskErrors: after execution
        if self._limits is not None:
            self._limits.prepare(self.execution_context)
        yield
        mask_errors(self.execution_context.result)

    def on_parse(self) -> Iterator[None]:
        if self._limits is not None:
            self._limits.parse(self.execution_context)
        yield

    def on_validate(self) -> Iterator[None]:
        if self._limits is not None:
            self._limits.validate(self.execution_context)
        yield


def security_policy(limits: LimitChecks | None) -> ExtensionFactory:
    """The factory Strawberry calls for each operation (an extension instance lives one operation)."""
    return partial(SecurityPolicy, limits)
