"""The error tree. Every boundary (CLI, API, ingest) translates these into a clear message.

Users see ``str(error)``: each message names the thing at fault and the reason, in one paragraph.
"""


class ChokepointError(Exception):
    """Root of every error Chokepoint raises on purpose."""


class ConfigurationError(ChokepointError):
    """A setting is missing, malformed or contradicts another."""


class ToolMissing(ChokepointError):
    """A required external tool (Java 17+, Maven) is not installed or too old."""


class ServerError(ChokepointError):
    """The embedded Neo4j could not be resolved, started or stopped."""


class PortInUse(ServerError):
    """A port the embedded server needs is already taken."""


class InvalidModel(ChokepointError):
    """A schema file is malformed: unknown key, dangling reference, duplicate name."""


class InvalidInput(ChokepointError):
    """What a user gave is malformed: a command-line argument, an investigation parameter, a file."""


class InvalidRecord(InvalidInput):
    """An input record breaks the schema: wrong type, missing required property, bad enum."""


class GraphUnavailable(ChokepointError):
    """The database cannot be reached or refused our credentials."""


class QueryFailed(ChokepointError):
    """The database rejected a query (a bug or a constraint violation, not an outage)."""


class QueryTimedOut(ChokepointError):
    """The database stopped a read that ran longer than its transaction timeout."""

    def __init__(self, message: str, timeout_s: float) -> None:
        super().__init__(message)
        self.timeout_s = timeout_s


class NotFound(ChokepointError):
    """A named thing (query file, entity, type) does not exist."""
