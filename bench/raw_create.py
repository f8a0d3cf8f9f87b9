"""The ingest benches' baseline: raw ``UNWIND $rows CREATE`` of the rows the normal path would write.

Each parsed source is batched as the normal path batches it (``RowBatcher``: the same validated node
and relationship rows), untimed; then its nodes and relationships are created with plain ``CREATE``
(no ``MERGE``, no provenance folding, no totals), timed. Nodes already created by an earlier source
(``seen``: addresses recur across files) are not created again, so the database holds one of each.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery
from chokepoint.graph.statements import q
from chokepoint.ingest.batcher import NodeBatch, RelationshipBatch, RowBatcher
from chokepoint.ingest.source import ParsedSource
from chokepoint.schema.model import DomainModel

BATCH = 10_000


def create_rows(graph: Graph, model: DomainModel, sources: Iterable[ParsedSource], seen: set[str]) -> float:
    """Batch ``sources`` (untimed), then CREATE their new nodes and all their relationships: seconds."""
    nodes: dict[str, list[dict[str, object]]] = {}
    rels: dict[str, list[dict[str, object]]] = {}
    for parsed in sources:
        batcher = RowBatcher(model)
        events = [e for record in parsed.records for e in batcher.add(record)]
        for event in [*events, *batcher.finish()]:
            if isinstance(event, NodeBatch):
                for row in event.rows:
                    if row["props"]["id"] not in seen:
                        seen.add(row["props"]["id"])
                        nodes.setdefault(event.label, []).append(row)
            elif isinstance(event, RelationshipBatch):
                rels.setdefault(event.signature[0], []).extend(event.rows)
    started = time.perf_counter()
    for label, rows in nodes.items():
        create = CypherQuery("create", f"UNWIND $rows AS row CREATE (x:{q(label)}:Entity) SET x = row.props")
        for _ in graph.write_batches(create, rows, BATCH):
            pass
    for rel_type, rows in rels.items():
        create = CypherQuery(
            "create",
            "UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
            f"CREATE (a)-[x:{q(rel_type)}]->(b) SET x = row.props",
        )
        for _ in graph.write_batches(create, rows, BATCH):
            pass
    return time.perf_counter() - started
