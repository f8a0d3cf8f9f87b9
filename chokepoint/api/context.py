"""What one request carries: the viewer, its database session and readers, and its DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chokepoint.alerts.feed import AlertFeed
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.loaders import Loaders, build_loaders
from chokepoint.api.reads import GraphReads
from chokepoint.api.viewer import Viewer
from chokepoint.deconfliction.notices import Touches
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.graph.async_adapter import AsyncGraph, AsyncReadSession


@dataclass
class RequestContext:
    """Built for each request by :func:`request_context`; closed by whoever built it once the
    operation ends (``GraphQLApp.run``)."""

    viewer: Viewer
    session: AsyncReadSession
    reads: GraphReads
    registry: TypeRegistry
    loaders: Loaders
    request: Any = None  # the transport's request (headers for authentication come later)
    extras: dict[str, Any] = field(default_factory=dict)  # room for later hooks (audit, limits)
    touches: Touches = field(default_factory=Touches)  # deconfliction pointers this answer gave
    graph: AsyncGraph | None = None  # for the API's own bookkeeping writes (watches, alerts)
    feed: AlertFeed | None = None  # live alerts, for subscriptions (the served API has one)

    @property
    def round_trips(self) -> int:
        """Database queries this request has sent."""
        return self.session.round_trips

    async def close(self) -> None:
        await self.session.close()

    async def renew(self) -> None:
        """Between two events of a subscription: give back the session's connection and start with
        empty DataLoader caches, so each event reads the graph as it is then."""
        await self.session.close()
        self.loaders = build_loaders(self.reads, self.registry)


def request_context(
    graph: AsyncGraph,
    registry: TypeRegistry,
    viewer: Viewer,
    request: Any = None,
    pointers: PointerRule | None = None,
    feed: AlertFeed | None = None,
) -> RequestContext:
    """A fresh context: one session, fresh loaders; nothing is shared with another request.
    With ``pointers`` (owners' deconfliction opt-ins), elements carry pointers; those the answer gives
    are collected in ``touches`` for the caller to record once the answer has left."""
    session = graph.session()
    reads = GraphReads(session, viewer, registry.model.relationship_identity_keys())
    held = frozenset(viewer.grant_list())
    viewer_pointers = pointers.for_viewer(viewer.agency, held) if pointers is not None else None
    types = registry.for_viewer(held, viewer_pointers)
    return RequestContext(
        viewer=viewer,
        session=session,
        reads=reads,
        registry=types,
        loaders=build_loaders(reads, types),
        request=request,
        graph=graph,
        feed=feed,
    )
