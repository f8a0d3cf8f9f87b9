"""A small ASGI application serving the schema at ``POST /graphql`` (with ``GET /health``, ``GET /ready``,
partner exports at ``GET /export``: ``export_route.py``, and the analyst workspace's files at ``GET /``:
``web_route.py``).

Strawberry's own ASGI integration needs Starlette, which Chokepoint does not depend on; GraphQL over
HTTP needs only this much. Per request: the ``authenticate`` hook names the viewer (or the request
ends with 401), the body is read (a persisted query's text looked up by its hash), an expensive
request takes one of its agency's slots (or ends with 429), a fresh :class:`RequestContext` (one
database session, fresh DataLoaders) runs the operation, the session is closed and one audit line is
written. The driver is opened at ASGI start-up (or on the first request) and closed at shutdown.

Faults: once its body is read, a request runs as its own task, cancelled when the client
disconnects (ASGI ``http.disconnect``); the driver then kills the connection and Neo4j stops the
transaction (audit status 499, nothing sent). A database that cannot be reached, anywhere in the
request, makes the whole answer a 503 with ``Retry-After`` and no partial data. ``/health`` says the
process is alive; ``/ready`` whether the database answers now.

Status codes follow GraphQL over HTTP (``media.py``): a malformed HTTP request is 400 (413 when too
big); a well-formed one refused before execution (syntax, validation, limits, no operation to run,
variables that do not coerce, a persisted query unknown or not allowed) answers its coded errors
without ``data``, with 400 under ``application/graphql-response+json`` (the default) and 200 under
``application/json``; one that ran is 200, field errors included; an ``Accept`` naming neither is 406.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import Any

import strawberry

from chokepoint.alerts.feed import AlertFeed
from chokepoint.alerts.webhooks import WebhookOutbox, WebhookTarget
from chokepoint.api import json_bytes
from chokepoint.api.admission import TOO_MANY_REQUESTS, ExpensiveRequests
from chokepoint.api.context import request_context
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.errors import InvalidArgument, RequestRejected, Unauthenticated
from chokepoint.api.export_route import EXPORT_PATH, Exports, FileAnswer, parse_body, parse_call
from chokepoint.api.media import GRAPHQL_RESPONSE, JSON, negotiate
from chokepoint.api.operation import Outcome, run_operation
from chokepoint.api.reads import all_grants
from chokepoint.api.security.audit import AuditEntry, AuditLog, top_level_counts
from chokepoint.api.security.limits import LimitChecks
from chokepoint.api.security.masking import UNAVAILABLE_CODE, UNAVAILABLE_MESSAGE
from chokepoint.api.security.persisted import PersistedQueries, query_hash
from chokepoint.api.viewer import Viewer, development_viewer
from chokepoint.api.web_route import WebAssets
from chokepoint.api.websocket import SocketServices, serve_socket
from chokepoint.deconfliction.notices import NoticeBook, Touches
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.errors import ChokepointError, GraphUnavailable, InvalidInput, NotFound, QueryTimedOut
from chokepoint.graph.async_adapter import AsyncGraph

GRAPHQL_PATH = "/graphql"
HEALTH_PATH = "/health"
READY_PATH = "/ready"
API_PATHS = frozenset({GRAPHQL_PATH, EXPORT_PATH, HEALTH_PATH, READY_PATH})
CLIENT_CLOSED = 499  # nginx's status for a request whose client went away (logged, never sent)
CLIENT_CLOSED_CODE = "CLIENT_CLOSED_REQUEST"
NOT_ACCEPTABLE_CODE = "NOT_ACCEPTABLE"
DEFAULT_RETRY_AFTER_S = 2
MAX_BODY_BYTES = 1_000_000
FILE_CHUNK_BYTES = 1 << 20

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
    query: str = ""


Authenticate = Callable[[HttpRequest, AsyncGraph], Awaitable[Viewer]]
Answer = tuple[int, dict[str, Any] | FileAnswer, list[tuple[bytes, bytes]]]


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
                self._viewer = development_viewer(await all_grants(graph))
            return self._viewer


class ClientChannel:
    """The request's ``receive``: reads the body, then watches for the client going away.

    After the body, the next ASGI message can only be ``http.disconnect`` (uvicorn sends it when the
    client closes the connection, or once the response is complete); :meth:`watch` waits for it
    beside the request's task and cancels that task when it comes first."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._task: asyncio.Task[Any] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self.gone = False

    async def body(self) -> bytes:
        data = await _body(self._receive)
        if self._task is not None:
            self._watcher = asyncio.create_task(self._wait_for_disconnect())
        return data

    def watch(self, task: asyncio.Task[Any]) -> None:
        """Cancel ``task`` if the client disconnects after its body was read."""
        self._task = task

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()

    async def _wait_for_disconnect(self) -> None:
        while (await self._receive())["type"] != "http.disconnect":
            pass
        self.gone = True
        if self._task is not None:
            self._task.cancel()


class GraphQLApp:
    """The ASGI callable. ``connect`` opens the driver; ``authenticate`` maps a request to a viewer
    (or raises :class:`Unauthenticated`: HTTP 401); ``persisted`` resolves persisted-query hashes;
    ``audit`` receives one line per request; with ``limits``, a query text that passed them runs
    without Strawberry's per-operation machinery (``operation.run_operation``); ``expensive`` limits
    each agency's concurrent expensive requests; ``retry_after_s`` is sent with 503 and 429."""

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
        expensive: ExpensiveRequests | None = None,
        exports: Exports | None = None,
        retry_after_s: int = DEFAULT_RETRY_AFTER_S,
        pointers: PointerRule | None = None,
        webhooks: Mapping[str, WebhookTarget] | None = None,
        web: WebAssets | None = None,
    ) -> None:
        self.schema = schema
        self._web = web
        self.registry = registry
        self._connect = connect
        self._authenticate: Authenticate = authenticate or DevelopmentViewer()
        self._persisted = persisted or PersistedQueries()
        self._audit = audit
        self._limits = limits
        self._expensive = expensive
        self._exports = exports
        self._pointers = pointers if pointers is not None and pointers.enabled else None
        self._retry_after = [(b"retry-after", str(retry_after_s).encode())]
        self._graph: AsyncGraph | None = None
        self._feed: AlertFeed | None = None
        self._webhooks = dict(webhooks or {})
        self._outbox: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Subscriptions at ``/graphql`` over WebSocket (``websocket.py``); any other path is refused."""
        if scope.get("path") != GRAPHQL_PATH:
            await receive()
            await send({"type": "websocket.close", "code": 4404, "reason": f"Not found; use {GRAPHQL_PATH}"})
            return
        client = scope.get("client")

        def upgrade(headers: Mapping[str, str]) -> HttpRequest:
            return HttpRequest("GET", GRAPHQL_PATH, headers, f"{client[0]}:{client[1]}" if client else None)

        services = SocketServices(
            schema=self.schema,
            registry=self.registry,
            graph=self._graph_ready,
            authenticate=self._authenticate,
            request=upgrade,
            persisted=self._persisted,
            limits=self._limits,
            audit=self._audit,
            pointers=self._pointers,
            feed=self._alert_feed,
        )
        await serve_socket(services, scope, receive, send)

    async def _alert_feed(self) -> AlertFeed:
        """The process's one live alert feed (started with the first subscriber)."""
        graph = await self._graph_ready()
        if self._feed is None:
            self._feed = AlertFeed(graph)
        return self._feed

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
                    graph = await self._graph_ready()
                except Exception as exc:  # any start-up failure is reported to the server, which stops
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                if self._webhooks:  # alerts also go to the agencies' webhooks, from this process
                    self._outbox = asyncio.create_task(WebhookOutbox(graph, self._webhooks).run())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._outbox is not None:
                    self._outbox.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await self._outbox
                if self._feed is not None:
                    await self._feed.close()
                    self._feed = None
                if self._graph is not None:
                    await self._graph.close()
                    self._graph = None
                if self._exports is not None:
                    await asyncio.to_thread(self._exports.close)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = _request(scope)
        if request.path == HEALTH_PATH and request.method == "GET":
            await _respond(send, 200, {"status": "ok"})
            return
        if request.path == READY_PATH and request.method == "GET":
            await self._ready(send)
            return
        if (
            self._web is not None
            and request.method in ("GET", "HEAD")
            and request.path not in API_PATHS
            and self._web.claims(request.path)
        ):
            # No credential asked: the page's files hold no data (every answer it shows asks /graphql).
            page = await self._web.answer(request.method, request.path)
            await send({"type": "http.response.start", "status": page.status, "headers": page.headers})
            await send({"type": "http.response.body", "body": page.body})
            return
        entry = AuditEntry(client=request.client)
        channel = ClientChannel(receive)
        task = asyncio.create_task(self._answer(request, channel, entry))
        channel.watch(task)
        try:
            status, payload, headers = await task
        except asyncio.CancelledError:
            if not channel.gone:
                raise  # the server itself is stopping this request
            entry.errors.append(CLIENT_CLOSED_CODE)
            if self._audit is not None:
                self._audit.write(entry, CLIENT_CLOSED, 0)
            return
        except GraphUnavailable as exc:
            log.warning("request to %s: %s", request.path, exc)
            status, payload, headers = self._unavailable(entry)
        except Exception:  # the caller learns nothing of it; the log has the traceback
            log.exception("request to %s failed", request.path)
            entry.errors.append("INTERNAL_SERVER_ERROR")
            status, payload, headers = 500, _error("Unexpected error.", "INTERNAL_SERVER_ERROR"), []
        finally:
            channel.stop()
        if isinstance(payload, FileAnswer):
            await self._send_file(send, entry, payload)
        else:
            body = _json(payload)
            if self._audit is not None:  # before the answer leaves: a caller never outruns its audit line
                self._audit.write(entry, status, len(body))
            await _send(send, status, body, headers)
        if entry.pointers_given and entry.agency is not None:
            await self._record_notices(entry.agency, entry.pointers_given)

    async def _record_notices(self, agency: str, touches: Touches) -> None:
        """The pointers an answer gave, as notices to their owners: written after the answer left, so
        the caller never waits for them; the audit line (written before) lists them whatever happens."""
        if self._graph is None or self._pointers is None:
            return
        try:
            await NoticeBook(self._graph, self._pointers).record(agency, touches)
        except ChokepointError as exc:  # the adapter translates driver errors
            log.error("deconfliction notices for %s not written (the audit log lists them): %s", agency, exc)

    async def _send_file(self, send: Send, entry: AuditEntry, answer: FileAnswer) -> None:
        """Send a written export in chunks, then remove it (audited before it leaves)."""
        try:
            if self._audit is not None:
                self._audit.write(entry, 200, answer.size)
            await send({"type": "http.response.start", "status": 200, "headers": answer.headers()})
            with answer.path.open("rb") as handle:
                while chunk := handle.read(FILE_CHUNK_BYTES):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            answer.remove()

    async def _ready(self, send: Send) -> None:
        """200 when the database answers a trivial read now, else 503 (nothing is audited)."""
        try:
            ready = await (await self._graph_ready()).ready()
        except GraphUnavailable as exc:
            log.warning("readiness: %s", exc)
            ready = False
        if ready:
            await _respond(send, 200, {"status": "ready"})
        else:
            body = _json({"status": "unavailable"})
            await _send(send, 503, body, self._retry_after)

    def _unavailable(self, entry: AuditEntry) -> Answer:
        entry.errors.append(UNAVAILABLE_CODE)
        return 503, _error(UNAVAILABLE_MESSAGE, UNAVAILABLE_CODE), self._retry_after

    async def _answer(self, request: HttpRequest, channel: ClientChannel, entry: AuditEntry) -> Answer:
        """Status, JSON payload and extra headers of a request to anything but ``/health`` and
        ``/ready``; the caller is authenticated first, so the audit line of every answer names its agency."""
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
        if request.path == EXPORT_PATH and self._exports is not None:
            return await self._export(viewer, request, channel, entry, self._exports)
        if request.path != GRAPHQL_PATH:
            entry.errors.append("BAD_REQUEST")
            return 404, _error(f"Not found; POST to {GRAPHQL_PATH}", "BAD_REQUEST"), []
        if request.method != "POST":
            entry.errors.append("BAD_REQUEST")
            return 405, _error("Use POST with a JSON body", "BAD_REQUEST"), []
        media = negotiate(request.headers.get("accept"))
        if media is None:
            entry.errors.append(NOT_ACCEPTABLE_CODE)
            return 406, _error(f"Accept must allow {GRAPHQL_RESPONSE} or {JSON}", NOT_ACCEPTABLE_CODE), []
        typed = [(b"content-type", media.content_type)]
        try:
            call = _graphql_request(request, await channel.body())
            entry.operation, entry.variables = call.operation, call.variables
            query = self._persisted.resolve(call.query, call.sha256, viewer.agency)
        except BadRequest as exc:
            entry.errors.append("BAD_REQUEST")
            return exc.status, _error(str(exc), "BAD_REQUEST"), []
        except RequestRejected as exc:  # a persisted query unknown, not allowed or not matching its hash
            entry.errors.append(exc.code)
            return media.request_error_status, _error(str(exc), exc.code), typed
        entry.query_hash = query_hash(query)
        entry.operation = entry.operation or _operation_name(query)
        try:
            with self._admitted(viewer.agency, query):
                outcome = await self.run(viewer, request, query, call.variables, call.operation)
        except RequestRejected as exc:  # no slot left, or an operationName that picks no operation
            entry.errors.append(exc.code)
            if exc.code == TOO_MANY_REQUESTS:
                return 429, _error(str(exc), exc.code), self._retry_after
            return media.request_error_status, _error(str(exc), exc.code), typed
        response = _response(outcome)
        codes = _codes(response.get("errors", []))
        if UNAVAILABLE_CODE in codes:  # no partial answers: the caller retries the whole request
            return self._unavailable(entry)
        entry.errors.extend(codes)
        entry.pointers_given = outcome.pointers_given
        if not outcome.executed:
            return media.request_error_status, response, typed
        entry.counts = top_level_counts(response["data"])
        return 200, response, typed

    async def _export(
        self,
        viewer: Viewer,
        request: HttpRequest,
        channel: ClientChannel,
        entry: AuditEntry,
        exports: Exports,
    ) -> Answer:
        """A link chart for ``viewer`` (``export_route.py``): coded JSON errors, else the file."""
        entry.operation = "export"
        try:
            body = await channel.body()  # read, it starts watching for the client leaving
        except BadRequest as exc:
            entry.errors.append("BAD_REQUEST")
            return exc.status, _error(str(exc), "BAD_REQUEST"), []
        if request.method not in ("GET", "POST"):
            entry.errors.append("BAD_REQUEST")
            return (
                405,
                _error(f"Use GET {EXPORT_PATH}?format=…&ids=… or POST a JSON object", "BAD_REQUEST"),
                [],
            )
        try:
            if request.method == "POST":
                call = parse_body(body, request.headers.get("content-type", ""), exports.max_nodes)
            else:
                call = parse_call(request.query, exports.max_nodes)
        except InvalidArgument as exc:
            entry.errors.append("BAD_USER_INPUT")
            return 400, _error(str(exc), "BAD_USER_INPUT"), []
        entry.operation, entry.variables = f"export {call.fmt.value}", call.arguments
        try:
            with self._expensive.slot(viewer.agency) if self._expensive is not None else nullcontext():
                answer = await exports.write(viewer, call)
        except RequestRejected as exc:
            entry.errors.append(exc.code)
            return 429, _error(str(exc), exc.code), self._retry_after
        except NotFound as exc:  # an unknown investigation
            entry.errors.append("NOT_FOUND")
            return 404, _error(str(exc), "NOT_FOUND"), []
        except InvalidInput as exc:  # an id not found (or not visible), an investigation's parameter
            entry.errors.append("BAD_USER_INPUT")
            return 400, _error(str(exc), "BAD_USER_INPUT"), []
        except QueryTimedOut:
            entry.errors.append("TIMEOUT")
            return 504, _error("The export took longer than the read timeout; select less.", "TIMEOUT"), []
        entry.counts = {"nodes": answer.nodes, "edges": answer.edges}
        entry.pointers_given = answer.touches
        return 200, answer, []

    def _admitted(self, agency: str, query: str) -> AbstractContextManager[None]:
        """One of the agency's slots for an expensive request (:class:`RequestRejected` if none)."""
        if self._expensive is None or not self._expensive.expensive(query):
            return nullcontext()
        return self._expensive.slot(agency)

    async def execute(
        self, request: HttpRequest, query: str, variables: dict[str, Any] | None, operation: str | None
    ) -> dict[str, Any]:
        """Authenticate the request, then run one operation (no persisted queries, no audit)."""
        graph = await self._graph_ready()
        viewer = await self._authenticate(request, graph)
        outcome = await self.run(viewer, request, query, variables, operation)
        if outcome.pointers_given:
            await self._record_notices(viewer.agency, outcome.pointers_given)
        return _response(outcome)

    async def run(
        self,
        viewer: Viewer,
        request: HttpRequest,
        query: str,
        variables: dict[str, Any] | None,
        operation: str | None,
    ) -> Outcome:
        """Run one operation for ``viewer``, in a fresh context."""
        graph = await self._graph_ready()
        context = request_context(graph, self.registry, viewer, request, self._pointers)
        try:
            outcome = await run_operation(self.schema, self._limits, query, variables, context, operation)
        finally:
            await context.close()  # its touches are recorded once the answer has left (_http)
        return replace(outcome, pointers_given=context.touches) if context.touches else outcome


def _response(outcome: Outcome) -> dict[str, Any]:
    """The GraphQL response of ``outcome``: no ``data`` entry when it did not execute."""
    response: dict[str, Any] = {"data": outcome.data} if outcome.executed else {}
    if outcome.errors:
        response["errors"] = [error.formatted for error in outcome.errors]
    return response


def _request(scope: Scope) -> HttpRequest:
    headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
    client = scope.get("client")
    return HttpRequest(
        method=str(scope["method"]),
        path=str(scope["path"]),
        headers=headers,
        client=f"{client[0]}:{client[1]}" if client else None,
        query=bytes(scope.get("query_string", b"")).decode("latin-1"),
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
    """Send the answer; its content type is ``application/json`` unless ``extra`` names one."""
    extra = extra or []
    headers = [(b"content-length", str(len(body)).encode()), *extra]
    if not any(name == b"content-type" for name, _ in extra):
        headers.insert(0, (b"content-type", b"application/json"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
