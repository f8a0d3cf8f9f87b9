"""A small ASGI application serving the schema at ``POST /graphql`` (and ``GET /health``).

Strawberry's own ASGI integration needs Starlette, which Chokepoint does not depend on; GraphQL over
HTTP needs only this much. Per request: the ``authenticate`` hook names the viewer (or the request
ends with 401), the body is read (a persisted query's text looked up by its hash), a fresh
:class:`RequestContext` (one database session, fresh DataLoaders) runs the operation, the session is
closed and one audit line is written. The driver is opened at ASGI start-up (or on the first
request) and closed at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry

from chokepoint.api import json_bytes
from chokepoint.api.context import request_context
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.errors import RequestRejected, Unauthenticated
from chokepoint.api.operation import run_operation
from chokepoint.api.security.audit import AuditEntry, AuditLog, top_level_counts
from chokepoint.api.security.limits import LimitChecks
from chokepoint.api.security.persisted import NOT_FOUND_CODE, PersistedQueries, query_hash
from chokepoint.api.viewer import Viewer, development_viewer
from chokepoint.errors import GraphUnavailable
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import load_query

GRAPHQL_PATH = "/graphql"
HEALTH_PATH = "/health"
MAX_BODY_BYTES = 1_000_000

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_OPERATION_NAME = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")
log = logging.getLogger("chokepoint.api")

Scope = Mapping[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class HttpRequest:
    """What authentication and auditing may look at: method, path, headers (lower-case), client."""

    method: str
    path: str
    headers: Mapping[str, str]
    client: str | None


Authenticate = Callable[[HttpRequest, AsyncGraph], Awaitable[Viewer]]
Answer = tuple[int, dict[str, Any], list[tuple[bytes, bytes]]]


@dataclass(frozen=True)
class GraphQLCall:
    """A parsed GraphQL-over-HTTP body; ``query`` is None when only a persisted hash was sent."""

    query: str | None
    variables: dict[str, Any] | None
    operation: str | None
    sha256: str | None


class BadRequest(Exception):
    """The HTTP request is not a GraphQL request (answered with status 400 or 413)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class DevelopmentViewer:
    """The ``authenticate`` hook of a server without authentication: every grant in the database."""

    def __init__(self) -> None:
        self._viewer: Viewer | None = None
        self._lock = asyncio.Lock()

    async def __call__(self, request: HttpRequest, graph: AsyncGraph) -> Viewer:
        async with self._lock:
            if self._viewer is None:
                session = graph.session()
                try:
                    rows = await session.read(load_query("api_list_grants"))
                finally:
                    await session.close()
                self._viewer = development_viewer(rows[0]["grants"] if rows else [])
            return self._viewer


class GraphQLApp:
    """The ASGI callable. ``connect`` opens the driver; ``authenticate`` maps a request to a viewer
    (or raises :class:`Unauthenticated`: HTTP 401); ``persisted`` resolves persisted-query hashes;
    ``audit`` receives one line per request; with ``limits``, a query text that passed them runs
    without Strawberry's per-operation machinery (``operation.run_operation``)."""

    def __init__(
        self,
        schema: strawberry.Schema,
        registry: TypeRegistry,
        connect: Callable[[], Awaitable[AsyncGraph]],
        authenticate: Authenticate | None = None,
        *,
        persisted: PersistedQueries | None = None,
        audit: AuditLog | None = None,
        limits: LimitChecks | None = None,
    ) -> None:
        self.schema = schema
        self.registry = registry
        self._connect = connect
        self._authenticate: Authenticate = authenticate or DevelopmentViewer()
        self._persisted = persisted or PersistedQueries()
        self._audit = audit
        self._limits = limits
        self._graph: AsyncGraph | None = None
        self._lock = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _graph_ready(self) -> AsyncGraph:
        async with self._lock:
            if self._graph is None:
                self._graph = await self._connect()
            return self._graph

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self._graph_ready()
                except Exception as exc:  # any start-up failure is reported to the server, which stops
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._graph is not None:
                    await self._graph.close()
                    self._graph = None
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = _request(scope)
        if request.path == HEALTH_PATH and request.method == "GET":
            await _respond(send, 200, {"status": "ok"})
            return
        entry = AuditEntry(client=request.client)
        try:
            status, payload, headers = await self._answer(request, receive, entry)
        except GraphUnavailable as exc:
            entry.errors.append("SERVICE_UNAVAILABLE")
            status, payload, headers = 503, _error(str(exc), "SERVICE_UNAVAILABLE"), []
        except Exception:  # the caller learns nothing of it; the log has the traceback
            log.exception("request to %s failed", request.path)
            entry.errors.append("INTERNAL_SERVER_ERROR")
            status, payload, headers = 500, _error("Unexpected error.", "INTERNAL_SERVER_ERROR"), []
        body = _json(payload)
        if self._audit is not None:  # before the answer leaves: a caller never outruns its audit line
            self._audit.write(entry, status, len(body))
        await _send(send, status, body, headers)

    async def _answer(self, request: HttpRequest, receive: Receive, entry: AuditEntry) -> Answer:
        """Status, JSON payload and extra headers of a request to anything but ``/health``; the
        caller is authenticated first, so the audit line of every answer names its agency."""
        graph = await self._graph_ready()
        try:
            viewer = await self._authenticate(request, graph)
        except Unauthenticated as exc:
            entry.errors.append("UNAUTHENTICATED")
            return (
                401,
                _error(str(exc), "UNAUTHENTICATED"),
                [(b"www-authenticate", b'Bearer realm="chokepoint"')],
            )
        entry.agency = viewer.agency
        if request.path != GRAPHQL_PATH:
            entry.errors.append("BAD_REQUEST")
            return 404, _error(f"Not found; POST to {GRAPHQL_PATH}", "BAD_REQUEST"), []
        if request.method != "POST":
            entry.errors.append("BAD_REQUEST")
            return 405, _error("Use POST with a JSON body", "BAD_REQUEST"), []
        try:
            call = _graphql_request(request, await _body(receive))
            entry.operation, entry.variables = call.operation, call.variables
            query = self._persisted.resolve(call.query, call.sha256, viewer.agency)
        except BadRequest as exc:
            entry.errors.append("BAD_REQUEST")
            return exc.status, _error(str(exc), "BAD_REQUEST"), []
        except RequestRejected as exc:
            entry.errors.append(exc.code)
            return (200 if exc.code == NOT_FOUND_CODE else 400), _error(str(exc), exc.code), []
        entry.query_hash = query_hash(query)
        entry.operation = entry.operation or _operation_name(query)
        try:
            response = await self.run(viewer, request, query, call.variables, call.operation)
        except RequestRejected as exc:  # an operationName that picks no operation
            entry.errors.append(exc.code)
            return 400, _error(str(exc), exc.code), []
        entry.counts = top_level_counts(response["data"])
        entry.errors.extend(_codes(response.get("errors", [])))
        return 200, response, []

    async def execute(
        self, request: HttpRequest, query: str, variables: dict[str, Any] | None, operation: str | None
    ) -> dict[str, Any]:
        """Authenticate the request, then run one operation (no persisted queries, no audit)."""
        graph = await self._graph_ready()
        return await self.run(await self._authenticate(request, graph), request, query, variables, operation)

    async def run(
        self,
        viewer: Viewer,
        request: HttpRequest,
        query: str,
        variables: dict[str, Any] | None,
        operation: str | None,
    ) -> dict[str, Any]:
        """Run one operation for ``viewer``, in a fresh context; the GraphQL response."""
        graph = await self._graph_ready()
        context = request_context(graph, self.registry, viewer, request)
        try:
            data, errors = await run_operation(
                self.schema, self._limits, query, variables, context, operation
            )
        finally:
            await context.close()
        response: dict[str, Any] = {"data": data}
        if errors:
            response["errors"] = [error.formatted for error in errors]
        return response


def _request(scope: Scope) -> HttpRequest:
    headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
    client = scope.get("client")
    return HttpRequest(
        method=str(scope["method"]),
        path=str(scope["path"]),
        headers=headers,
        client=f"{client[0]}:{client[1]}" if client else None,
    )


async def _body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadRequest(f"Request body larger than {MAX_BODY_BYTES} bytes", status=413)
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _graphql_request(request: HttpRequest, body: bytes) -> GraphQLCall:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise BadRequest("Send the GraphQL request as application/json")
    try:
        document = json_bytes.loads(body)
    except json_bytes.DecodeError as exc:
        raise BadRequest(f"The body is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise BadRequest('The body must be a JSON object with a "query" string')
    query, sha256 = document.get("query"), _persisted_hash(document.get("extensions"))
    if not isinstance(query, str) and not (query is None and sha256 is not None):
        raise BadRequest('The body must be a JSON object with a "query" string')
    variables = document.get("variables")
    operation = document.get("operationName")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest('"variables" must be a JSON object')
    if operation is not None and not isinstance(operation, str):
        raise BadRequest('"operationName" must be a string')
    return GraphQLCall(query, variables, operation, sha256)


def _persisted_hash(extensions: Any) -> str | None:
    """``extensions.persistedQuery.sha256Hash`` (Apollo APQ, version 1), when sent."""
    if extensions is None:
        return None
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return None
    sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise BadRequest("extensions.persistedQuery.sha256Hash must be 64 hexadecimal characters")
    return sha256


def _operation_name(query: str) -> str | None:
    match = _OPERATION_NAME.search(query)
    return match.group(1) if match else None


def _codes(errors: list[dict[str, Any]]) -> list[str]:
    return [str((error.get("extensions") or {}).get("code", "ERROR")) for error in errors]


def _error(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


async def _respond(send: Send, status: int, payload: dict[str, Any]) -> None:
    await _send(send, status, _json(payload))


def _json(payload: dict[str, Any]) -> bytes:
    return json_bytes.dumps(payload)


async def _send(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})
