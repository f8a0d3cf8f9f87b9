"""The fixed part of the GraphQL schema: the Entity and Relationship interfaces, connections, paths.

Per-type objects (``Person``, ``CryptoAddress``, ``ControlsAddressRelationship`` …) are generated
from the domain model in ``derived.py`` and implement these interfaces. Resolvers here only ask the
request context's DataLoaders and readers; they hold no Cypher.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

import strawberry

from chokepoint.api import arguments
from chokepoint.api.loader_keys import NeighborKey
from chokepoint.deconfliction.notices import link_key
from chokepoint.deconfliction.pointers import Pointer

if TYPE_CHECKING:
    from chokepoint.api.context import RequestContext


F = TypeVar("F", bound=Callable[..., Any])


def context_of(info: strawberry.Info) -> RequestContext:
    return cast("RequestContext", info.context)


def resolver(description: str) -> Callable[[F], F]:
    """``@resolver(…)``, typed for ``mypy --strict`` (strawberry's is not)."""
    return cast("Callable[[F], F]", strawberry.field(description=description))


@strawberry.enum(description="Direction of a relationship, seen from the entity asked about.")
class Direction(Enum):
    OUTGOING = "OUTGOING"
    INCOMING = "INCOMING"
    BOTH = "BOTH"


@strawberry.enum(description="Which way money on an exposure path must have moved.")
class MoneyFlow(Enum):
    ANY = strawberry.enum_value("ANY", description="Any way: every link of the path followed either way")
    RECEIVED = strawberry.enum_value(
        "RECEIVED", description="Money the address received from the party: money flows toward the address"
    )
    SENT = strawberry.enum_value(
        "SENT", description="Money the address sent toward the party: money flows away from the address"
    )


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def page_info(offset: int, count: int, has_next: bool) -> PageInfo:
    """Page information for ``count`` items starting at absolute position ``offset``."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=offset > 0,
        start_cursor=arguments.encode_cursor(offset) if count else None,
        end_cursor=arguments.encode_cursor(offset + count - 1) if count else None,
    )


def _own_type_name(value: Any) -> str:
    """The GraphQL type of an interface's value: the name its generated class declares.

    Every value of an interface field is built by ``derived.TypeRegistry``, so the name is on its
    class; Strawberry's generic resolution (casts, possible types, generics) ran for every node and
    relationship of every path.
    """
    return str(value.__strawberry_definition__.name)


POINTERS = "_deconfliction"  # where derived.TypeRegistry leaves an element's pointers (a tuple)


@strawberry.type(
    description="An agency that holds records on this element which you may not see, and agreed to be "
    "named: whom to call before acting on it. Nothing else of those records is shown."
)
class DeconflictionPointer:
    agency: str
    desk: str | None
    phone: str | None
    email: str | None


def given_pointers(element: object, info: strawberry.Info, key: str) -> list[DeconflictionPointer]:
    """The element's pointers; each one given is a touch its owner is told of (``RequestContext``)."""
    pointers: tuple[Pointer, ...] = getattr(element, POINTERS, ())
    if pointers:
        context_of(info).touches.add(key, pointers)
    return [
        DeconflictionPointer(agency=p.agency, desk=p.desk, phone=p.phone, email=p.email) for p in pointers
    ]


_POINTERS_HELP = (
    "Deconfliction: agencies that hold records on it you may not see and agreed to be named, with "
    "their contact; empty when none. Each pointer given is reported to its agency."
)


@strawberry.interface(description="Any node of the graph: its global id, type and provenance.")
class Entity:
    @classmethod
    def resolve_type(cls, value: Any, _info: Any, _abstract_type: Any) -> str:
        return _own_type_name(value)

    id: strawberry.ID
    labels: list[str] = strawberry.field(description="Node labels: the type and the base label")
    display_name: str | None = strawberry.field(
        default=None, description="Caption: the value of the type's display property"
    )
    agency: str | None = strawberry.field(default=None, description="Agency of the latest record you may see")
    caveat: str | None = strawberry.field(default=None, description="Handling caveat of that record")
    source_dataset: str | None = strawberry.field(default=None, description="Dataset of the values")
    source_record_id: str | None = strawberry.field(default=None, description="Record id in it")
    source_records: list[str] | None = strawberry.field(
        default=None, description="Every dataset:record that asserted this entity (that you may see)"
    )
    source_record_markings: list[str] | None = strawberry.field(
        default=None, description="AGENCY|CAVEAT of each of sourceRecords, in the same order"
    )
    markings: list[str] | None = strawberry.field(
        default=None, description="The grants under which you see it (PUBLIC or AGENCY|CAVEAT)"
    )

    @resolver("Neighbours: counts per relationship type first, then a page.")
    def neighbors(
        self,
        rel_types: list[str] | None = None,
        direction: Direction = Direction.BOTH,
        first: int = arguments.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        *,
        info: strawberry.Info,
    ) -> NeighborConnection:
        model = context_of(info).registry.model
        wanted = arguments.page(first, after)
        key = NeighborKey(
            id=str(self.id),
            rel_types=tuple(arguments.relationship_types(model, rel_types)),
            direction=direction.value,
            first=wanted.first,
            offset=wanted.offset,
        )
        return NeighborConnection(key=key)

    @resolver(_POINTERS_HELP)
    def deconfliction(self, info: strawberry.Info) -> list[DeconflictionPointer]:
        return given_pointers(self, info, str(self.id))


@strawberry.interface(description="Any relationship, with the evidence behind it.")
class Relationship:
    @classmethod
    def resolve_type(cls, value: Any, _info: Any, _abstract_type: Any) -> str:
        return _own_type_name(value)

    type: str = strawberry.field(description="Relationship type (UPPER_SNAKE)")
    start_id: strawberry.ID = strawberry.field(description="Id of the node it starts at")
    end_id: strawberry.ID = strawberry.field(description="Id of the node it ends at")
    agency: str | None = strawberry.field(default=None, description="Agency of the latest record you may see")
    caveat: str | None = strawberry.field(default=None, description="Handling caveat of that record")
    source_dataset: str | None = strawberry.field(default=None, description="Dataset of the evidence")
    source_record_id: str | None = strawberry.field(default=None, description="Record id in it")
    source_records: list[str] | None = strawberry.field(
        default=None, description="Every dataset:record that asserted this relationship (that you may see)"
    )
    source_record_markings: list[str] | None = strawberry.field(
        default=None, description="AGENCY|CAVEAT of each of sourceRecords, in the same order"
    )
    markings: list[str] | None = strawberry.field(
        default=None, description="The grants under which you see it (PUBLIC or AGENCY|CAVEAT)"
    )

    @resolver(_POINTERS_HELP)
    def deconfliction(self, info: strawberry.Info) -> list[DeconflictionPointer]:
        return given_pointers(self, info, link_key(str(self.start_id), self.type, str(self.end_id)))


@strawberry.type(description="A node whose type the schema does not declare.")
class GenericEntity(Entity):
    pass


@strawberry.type(description="A relationship whose type the schema does not declare.")
class GenericRelationship(Relationship):
    pass


@strawberry.type
class EntityEdge:
    cursor: str
    node: Entity


@strawberry.type(description="A page of entities.")
class EntityConnection:
    edges: list[EntityEdge]
    page_info: PageInfo
    total_count: int


def entity_connection(nodes: list[Entity], offset: int, first: int, total: int) -> EntityConnection:
    """A connection over ``nodes`` (the page) that starts at ``offset`` of ``total`` items."""
    edges = [EntityEdge(cursor=arguments.encode_cursor(offset + i), node=n) for i, n in enumerate(nodes)]
    has_next = offset + len(nodes) < total
    return EntityConnection(edges=edges, page_info=page_info(offset, len(edges), has_next), total_count=total)


@strawberry.type(description="How many visible relationships of one type touch the entity.")
class TypeCount:
    type: str
    outgoing: int
    incoming: int
    total: int


@strawberry.type
class NeighborEdge:
    cursor: str
    node: Entity
    relationship: Relationship
    direction: Direction


@strawberry.type(description="Neighbours of an entity: ask countsByType first on a supernode.")
class NeighborConnection:
    key: strawberry.Private[NeighborKey]

    @resolver("Visible relationships per type and direction (cheap, no paging)")
    async def counts_by_type(self, info: strawberry.Info) -> list[TypeCount]:
        return await context_of(info).loaders.neighbor_counts.load(self.key.counted())

    @strawberry.field
    async def total_count(self, info: strawberry.Info) -> int:
        counts = await context_of(info).loaders.neighbor_counts.load(self.key.counted())
        return sum(count.total for count in counts)

    @strawberry.field
    async def edges(self, info: strawberry.Info) -> list[NeighborEdge]:
        edges, _ = await context_of(info).loaders.neighbor_pages.load(self.key)
        return edges

    @strawberry.field
    async def page_info(self, info: strawberry.Info) -> PageInfo:
        edges, has_next = await context_of(info).loaders.neighbor_pages.load(self.key)
        return page_info(self.key.offset, len(edges), has_next)


@strawberry.type(description="One step of a path: the relationship and which way it was walked.")
class Hop:
    direction: Direction = strawberry.field(
        description="OUTGOING when the relationship points from the previous node to the next"
    )
    relationship: Relationship


@strawberry.type(description="A path: its nodes in order and the relationships between them.")
class Path:
    length: int
    nodes: list[Entity]
    relationships: list[Hop]


@strawberry.type
class PathEdge:
    cursor: str
    node: Path


@strawberry.type(description="A page of paths, shortest first.")
class PathConnection:
    edges: list[PathEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class TransferEdge:
    cursor: str
    node: Entity = strawberry.field(description="The Transfer")
    direction: Direction = strawberry.field(description="OUTGOING: the address sent it")
    counterparties: list[Entity] = strawberry.field(
        description="The addresses on the other side of the transfer"
    )


@strawberry.type(description="A page of transfers, newest first.")
class TransferConnection:
    edges: list[TransferEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="The nearest designated party or sanctioned address, and the way there.")
class SanctionsExposure:
    hops: int
    flow: MoneyFlow = strawberry.field(description="Which way the path's money flows were followed")
    party: Entity = strawberry.field(description="Designated party, or sanctioned address")
    designations: list[Entity] = strawberry.field(description="The party's active designations")
    path: Path
