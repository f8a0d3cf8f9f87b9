"""GraphQL subscriptions over WebSocket at ``/graphql``: the ``graphql-transport-ws`` protocol (the one
Apollo, urql, graphql-ws and gql speak), on the ASGI ``websocket`` scope.

A connection is authenticated once, at ``connection_init``, as an HTTP request would be: by its
upgrade request's headers, or by the init payload's (``{"Authorization": "Bearer …"}`` or
``{"X-API-Key": "…"}``: browsers cannot set headers on a WebSocket). Each ``subscribe`` then passes
the same persisted-query rules and limits as a POST (its errors coded alike), is audited like one,
and runs in a context of its own; only subscriptions run here (queries and mutations are POSTed).

Close codes follow the protocol: 4400 a malformed message, 4401 a subscribe before the
acknowledgement, 4403 a failed authentication, 4408 no ``connection_init`` in time, 4409 an operation
id already running, 4429 a second ``connection_init``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError, OperationType
from strawberry.types.execution import PreExecutionError

from chokepoint.alerts.feed import AlertFeed
from chokepoint.api.context import RequestContext, request_context
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.errors import RequestRejected, Unauthenticated
from chokepoint.api.internals import graphql_schema
from chokepoint.api.operation import chosen_operation
from chokepoint.api.security.audit import AuditEntry, AuditLog
from chokepoint.api.security.limits import LimitChecks
from chokepoint.api.security.masking import public_error
from chokepoint.api.security.persisted import PersistedQueries, query_hash
from chokepoint.api.viewer import Viewer
from chokepoint.deconfliction.notices import NoticeBook
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.errors import ChokepointError, GraphUnavailable
from chokepoint.graph.async_adapter import AsyncGraph

PROTOCOL = "graphql-transport-ws"
INIT_TIMEOUT_S = 10.0
MAX_OPERATIONS = 20  # subscriptions one connection may run at once
SWITCHING_PROTOCOLS = 101  # the audit status of a subscription that started
log = logging.getLogger("chokepoint.api")

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class Closed(Exception):
    """The connection is to be closed with ``code`` and ``reason``."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class SocketServices:
    """What a connection needs of the app (``GraphQLApp`` passes its own)."""

    schema: strawberry.Schema
    registry: TypeRegistry
    graph: Callable[[], Awaitable[AsyncGraph]]
    authenticate: Callable[[Any, AsyncGraph], Awaitable[Viewer]]
    request: Callable[[Mapping[str, str]], Any]  # the HttpRequest of the upgrade, with these headers
    persisted: PersistedQueries
    limits: LimitChecks | None
    audit: AuditLog | None
    pointers: PointerRule | None
    feed: Callable[[], Awaitable[AlertFeed]]


async def serve_socket(
    services: SocketServices, scope: Mapping[str, Any], receive: Receive, send: Send
) -> None:
    """One WebSocket connection, from its ``websocket.connect`` to its end."""
    if (await receive())["type"] != "websocket.connect":
        return
    if PROTOCOL not in (scope.get("subprotocols") or ()):
        await send({"type": "websocket.close", "code": 4406, "reason": f"Use the {PROTOCOL} subprotocol"})
        return
    await send({"type": "websocket.accept", "subprotocol": PROTOCOL})
    connection = Connection(services, scope, send)
    try:
        await connection.run(receive)
    except Closed as closed:
        await connection.close(closed.code, closed.reason)
    finally:
        await connection.stop()


class Connection:
    def __init__(self, services: SocketServices, scope: Mapping[str, Any], send: Send) -> None:
        self._services = services
        self._client = _client(scope)
        self._headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self._send_raw = send
        self._sending = asyncio.Lock()
        self._viewer: Viewer | None = None
        self._request: Any = None
        self._initialised = False
        self._operations: dict[str, asyncio.Task[None]] = {}
        self._closed = False

    async def run(self, receive: Receive) -> None:
        deadline = asyncio.get_running_loop().time() + INIT_TIMEOUT_S
        while True:
            wait = None if self._initialised else deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), wait)
            except TimeoutError:
                raise Closed(4408, "Connection initialisation timeout") from None
            if message["type"] == "websocket.disconnect":
                self._closed = True
                return
            if message["type"] == "websocket.receive":
                await self._handle(_parsed(message))

    async def close(self, code: int, reason: str) -> None:
        if not self._closed:
            self._closed = True
            with contextlib.suppress(Exception):  # the client may be gone already
                await self._send_raw({"type": "websocket.close", "code": code, "reason": reason})

    async def stop(self) -> None:
        tasks = list(self._operations.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task

    async def _send(self, message: dict[str, Any]) -> None:
        async with self._sending:
            if not self._closed:
                await self._send_raw({"type": "websocket.send", "text": json.dumps(message, default=str)})

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "connection_init":
            await self._init(message.get("payload"))
        elif kind == "ping":
            await self._send({"type": "pong"})
        elif kind == "pong":
            pass
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            task = self._operations.pop(_operation_id(message), None)
            if task is not None:
                task.cancel()
        else:
            raise Closed(4400, f"Unknown message type: {str(kind)[:40]}")

    async def _init(self, payload: Any) -> None:
        if self._initialised:
            raise Closed(4429, "Too many initialisation requests")
        if payload is not None and not isinstance(payload, dict):
            raise Closed(4400, "Invalid connection init payload")
        self._initialised = True
        headers = dict(self._headers)
        for key, value in (payload or {}).items():
            if isinstance(key, str) and isinstance(value, str):
                headers.setdefault(key.lower(), value)
        request = self._services.request(headers)
        try:
            graph = await self._services.graph()
            self._viewer = await self._services.authenticate(request, graph)
        except Unauthenticated as exc:
            raise Closed(4403, f"Forbidden: {exc}"[:120]) from None
        except GraphUnavailable:
            raise Closed(1011, "The database is unavailable; retry shortly.") from None
        self._request = request
        await self._send({"type": "connection_ack"})

    async def _subscribe(self, message: dict[str, Any]) -> None:
        if self._viewer is None:
            raise Closed(4401, "Unauthorized")
        operation_id = _operation_id(message)
        if operation_id in self._operations:
            raise Closed(4409, f"Subscriber for {operation_id[:40]} already exists")
        payload = message.get("payload")
        if not isinstance(payload, dict):
            raise Closed(4400, "Invalid subscribe payload")
        entry = AuditEntry(client=self._client, agency=self._viewer.agency)
        errors = await self._refusal(payload, entry)
        if self._services.audit is not None:
            self._services.audit.write(entry, 400 if errors else SWITCHING_PROTOCOLS, 0)
        if errors:
            await self._send({"id": operation_id, "type": "error", "payload": [e.formatted for e in errors]})
            return
        task = asyncio.create_task(self._stream(operation_id, payload))
        self._operations[operation_id] = task

    async def _refusal(self, payload: dict[str, Any], entry: AuditEntry) -> list[GraphQLError]:
        """Why the subscription may not start (persisted queries, limits, operation type), if it may not."""
        assert self._viewer is not None
        variables = payload.get("variables")
        if variables is not None and not isinstance(variables, dict):
            return [_coded("variables: give a JSON object", "BAD_REQUEST")]
        entry.variables, entry.operation = variables, payload.get("operationName")
        if len(self._operations) >= MAX_OPERATIONS:
            return [_coded(f"At most {MAX_OPERATIONS} subscriptions run on one connection", "LIMIT_EXCEEDED")]
        persisted = ((payload.get("extensions") or {}).get("persistedQuery") or {}).get("sha256Hash")
        try:
            query = self._services.persisted.resolve(payload.get("query"), persisted, self._viewer.agency)
        except RequestRejected as exc:
            entry.errors.append(exc.code)
            return [_coded(str(exc), exc.code)]
        payload["query"] = query
        entry.query_hash = query_hash(query)
        limits = self._services.limits
        if limits is not None:
            core = graphql_schema(self._services.schema)
            document, refused = limits.check(core, query, variables or {})
            if document is None or refused:
                errors = [public_error(error) for error in refused]
                entry.errors.extend(str((e.extensions or {}).get("code", "BAD_REQUEST")) for e in errors)
                return errors
            try:
                chosen = chosen_operation(document, entry.operation)
            except RequestRejected as exc:
                entry.errors.append(exc.code)
                return [_coded(str(exc), exc.code)]
            if chosen.operation is not OperationType.SUBSCRIPTION:
                entry.errors.append("BAD_REQUEST")
                return [
                    _coded("Only subscriptions run over WebSocket; POST queries and mutations", "BAD_REQUEST")
                ]
        return []

    async def _stream(self, operation_id: str, payload: dict[str, Any]) -> None:
        assert self._viewer is not None
        services = self._services
        graph = await services.graph()
        context = request_context(
            graph, services.registry, self._viewer, self._request, services.pointers, await services.feed()
        )
        try:
            results = await services.schema.subscribe(
                payload["query"],
                variable_values=payload.get("variables"),
                context_value=context,
                operation_name=payload.get("operationName"),
            )
            async for result in results:
                errors = [public_error(error) for error in result.errors or []]
                if isinstance(result, PreExecutionError) or (result.data is None and errors):
                    formatted = [error.formatted for error in errors]
                    await self._send({"id": operation_id, "type": "error", "payload": formatted})
                    return
                answer: dict[str, Any] = {"data": result.data}
                if errors:  # coded, and masked when unexpected, as an HTTP answer's
                    answer["errors"] = [error.formatted for error in errors]
                await self._send({"id": operation_id, "type": "next", "payload": answer})
                await self._record_touches(context)
            await self._send({"id": operation_id, "type": "complete"})
        except asyncio.CancelledError:
            raise
        except ChokepointError as exc:  # the feed fell behind, the database went away
            log.warning("subscription %s of %s ended: %s", operation_id, self._viewer.agency, exc)
            error = public_error(GraphQLError(str(exc), original_error=exc))
            await self._send({"id": operation_id, "type": "error", "payload": [error.formatted]})
        finally:
            self._operations.pop(operation_id, None)
            await context.close()

    async def _record_touches(self, context: RequestContext) -> None:
        """Deconfliction pointers an event gave, as notices to their owners (as an answer's are)."""
        pointers = self._services.pointers
        if pointers is None or not context.touches or self._viewer is None:
            return
        touches, context.touches = context.touches, type(context.touches)()
        try:
            await NoticeBook(await self._services.graph(), pointers).record(self._viewer.agency, touches)
        except ChokepointError as exc:
            log.error("deconfliction notices for %s not written: %s", self._viewer.agency, exc)


def _parsed(message: Mapping[str, Any]) -> dict[str, Any]:
    text = message.get("text")
    if text is None:
        raise Closed(4400, "WebSocket message type must be text")
    try:
        parsed = json.loads(text)
    except ValueError:
        raise Closed(4400, "WebSocket message must be valid JSON") from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("type"), str):
        raise Closed(4400, "Failed to parse message")
    return parsed


def _operation_id(message: Mapping[str, Any]) -> str:
    operation_id = message.get("id")
    if not isinstance(operation_id, str) or not operation_id or len(operation_id) > 200:
        raise Closed(4400, "Failed to parse message: an operation needs an id")
    return operation_id


def _coded(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def _client(scope: Mapping[str, Any]) -> str | None:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else None
