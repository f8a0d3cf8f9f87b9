"""Errors the API raises on purpose: shown to the caller as a clear GraphQL error."""

from chokepoint.errors import ChokepointError


class InvalidArgument(ChokepointError):
    """A query argument is malformed, out of range or not in the schema's allow-list."""


class Unauthenticated(ChokepointError):
    """The request carries no credential, or one that is malformed, unknown, expired or forged."""


class RequestRejected(ChokepointError):
    """The request is refused before execution (a persisted query that is unknown or not allowed)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
