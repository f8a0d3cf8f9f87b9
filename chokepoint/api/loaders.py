"""Per-request DataLoaders: nested fields of many entities are answered by one query per level.

Built fresh for every request (a loader shared between requests would leak one caller's records to
another). Keys that share a filter and page are answered together; ``neighbors(first: 5)`` under
twenty search hits is one count query and one page query, not forty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from chokepoint.api.arguments import encode_cursor
from chokepoint.api.derived import TypeRegistry
from chokepoint.api.loader_keys import NeighborKey
from chokepoint.api.objects import Direction, Entity, NeighborEdge, TypeCount
from chokepoint.api.reads import GraphReads

T = TypeVar("T")
NeighborPage = tuple[list[NeighborEdge], bool]  # the edges, and whether more follow


@dataclass(frozen=True)
class Loaders:
    entities: DataLoader[str, Entity | None]
    neighbor_counts: DataLoader[NeighborKey, list[TypeCount]]
    neighbor_pages: DataLoader[NeighborKey, NeighborPage]


def build_loaders(reads: GraphReads, registry: TypeRegistry) -> Loaders:
    async def load_entities(ids: list[str]) -> list[Entity | None]:
        rows = await reads.entities(ids)
        return [registry.entity(rows[i]) if i in rows else None for i in ids]

    async def count_group(keys: Sequence[NeighborKey]) -> dict[str, list[TypeCount]]:
        rows = await reads.neighbor_counts(keys)
        return {entity: [_count(row) for row in counts] for entity, counts in rows.items()}

    async def page_group(keys: Sequence[NeighborKey]) -> dict[str, NeighborPage]:
        first = keys[0]
        rows = await reads.neighbor_pages(keys, limit=first.first + 1)  # one extra: is there more?
        return {
            entity: (_edges(registry, page[: first.first], first.offset), len(page) > first.first)
            for entity, page in rows.items()
        }

    return Loaders(
        entities=DataLoader(load_fn=load_entities),
        neighbor_counts=DataLoader(load_fn=_grouped(count_group, _no_counts)),
        neighbor_pages=DataLoader(load_fn=_grouped(page_group, _no_page)),
    )


def _no_counts() -> list[TypeCount]:
    return []


def _no_page() -> NeighborPage:
    return [], False


def _grouped(
    run: Callable[[Sequence[NeighborKey]], Awaitable[dict[str, T]]], missing: Callable[[], T]
) -> Callable[[list[NeighborKey]], Awaitable[list[T]]]:
    """A batch function that sends one query per group of keys sharing a filter and page."""

    async def load(keys: list[NeighborKey]) -> list[T]:
        groups: dict[tuple[object, ...], list[NeighborKey]] = defaultdict(list)
        for key in keys:
            groups[key.batch()].append(key)
        answers: dict[NeighborKey, T] = {}
        for group in groups.values():
            found = await run(group)
            answers.update({key: found[key.id] if key.id in found else missing() for key in group})
        return [answers[key] for key in keys]

    return load


def _count(row: dict[str, object]) -> TypeCount:
    outgoing, incoming = int(str(row["outgoing"])), int(str(row["incoming"]))
    return TypeCount(type=str(row["type"]), outgoing=outgoing, incoming=incoming, total=outgoing + incoming)


def _edges(registry: TypeRegistry, rows: list[dict[str, object]], offset: int) -> list[NeighborEdge]:
    return [
        NeighborEdge(
            cursor=encode_cursor(offset + i),
            node=registry.entity(row["node"]),  # type: ignore[arg-type]
            relationship=registry.relationship(row["relationship"]),  # type: ignore[arg-type]
            direction=Direction.OUTGOING if row["outgoing"] else Direction.INCOMING,
        )
        for i, row in enumerate(rows)
    ]
