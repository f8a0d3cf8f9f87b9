"""The caveat oracle: what the API tells a viewer about the full graph must equal what a
development-mode API tells about a graph built only from the records that viewer may see.

A *build* ingests an ordered list of source files into the emptied database; a restricted build
skips every file whose marking the viewer cannot see (a file carries one provenance, so a file is
visible or not as a whole), in the same order. The *questions* are GraphQL operations whose answers
are compared field by field; the first difference is reported with its path.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoint import composition
from chokepoint.api.security.config import AccessConfig
from chokepoint.api.security.policy import viewer_for
from chokepoint.api.viewer import Viewer, development_viewer
from chokepoint.graph import Graph
from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.ingest.registry import Options, opener
from chokepoint.ingest.service import ingest_source
from chokepoint.markings import PUBLIC, visibility
from chokepoint.settings import load_settings


@dataclass(frozen=True)
class SourceFile:
    """One ``chokepoint ingest SOURCE PATH`` of a build."""

    source: str
    path: Path
    options: Mapping[str, Any] = field(default_factory=dict)


def build(graph: Graph, sources: Sequence[SourceFile], tmp: Path, held: frozenset[str] | None) -> list[str]:
    """Empty the database and ingest ``sources`` in order, only the files visible under ``held``
    (None: all). Returns the markings of the files loaded."""
    graph.run_autocommit(load_query("delete_all_in_batches"))
    model = composition.model_of(load_settings())
    loaded = []
    for source in sources:
        for parsed in opener(source.source)(source.path, Options(**source.options)):
            grant = visibility(parsed.provenance.agency, parsed.provenance.caveat)
            if held is not None and grant not in held:
                parsed.close()
                continue
            loaded.append(grant)
            ingest_source(graph, model, parsed, tmp / "rejects.jsonl")
    return loaded


def all_ids(graph: Graph) -> list[str]:
    rows = graph.read(CypherQuery("oracle_ids", "MATCH (n:Entity) RETURN n.id AS id ORDER BY id"))
    return [str(row["id"]) for row in rows]


def present_grants(graph: Graph) -> list[str]:
    """The development viewer's grants: every marking in the database."""
    return list(graph.read(load_query("api_list_grants"))[0]["grants"])


def viewers(agencies: Iterable[str], config: AccessConfig) -> dict[str, Viewer]:
    return {agency: viewer_for(agency, config) for agency in agencies}


def held_by(viewer: Viewer) -> frozenset[str]:
    return frozenset({*viewer.grants, PUBLIC})


# --- the questions ---------------------------------------------------------------------------------

PROVENANCE = "agency caveat sourceDataset sourceRecordId sourceRecords sourceRecordMarkings markings"
ENTITY = f"""id labels {PROVENANCE}
  neighbors(first: 100) {{
    totalCount countsByType {{ type incoming outgoing }}
    edges {{ node {{ id }} relationship {{ type startId endId {PROVENANCE} }} }}
  }}"""
OWN = f"id labels {PROVENANCE}"  # an entity without its neighbours
VALUES = "id displayName"
CHUNK = 40


def entity_questions(ids: Sequence[str], selection: str = ENTITY) -> Iterator[tuple[str, str]]:
    """``entity(id)`` for every id, ``CHUNK`` aliases an operation."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        fields = "\n".join(
            f"e{i}: entity(id: {json.dumps(entity_id)}) {{ {selection} }}"
            for i, entity_id in enumerate(chunk)
        )
        yield f"entities {start}..{start + len(chunk)}", f"query {{ {fields} }}"


def entities_questions(ids: Sequence[str], selection: str = OWN) -> Iterator[tuple[str, str]]:
    """``entities(ids)`` over every id, ``CHUNK`` ids a field (an operation's cost stays within the
    limit: the selection is priced once per id)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = f"query {{ entities(ids: {json.dumps(chunk)}) {{ {selection} }} }}"
        yield f"entities(ids) {start}..{start + len(chunk)}", query


def search_questions(texts: Iterable[str]) -> Iterator[tuple[str, str]]:
    for text in texts:
        yield (
            f"search {text!r}",
            f"query {{ search(text: {json.dumps(text)}, first: 25) "
            f"{{ totalCount edges {{ node {{ id }} }} }} }}",
        )


PATH = f"length nodes {{ id }} relationships {{ direction relationship {{ type {PROVENANCE} }} }}"


def path_questions(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for source, target in pairs:
        if source == target:
            continue
        yield (
            f"paths {source} -> {target}",
            f"query {{ paths(from: {json.dumps(source)}, to: {json.dumps(target)}, maxHops: 4, first: 5) "
            f"{{ totalCount edges {{ node {{ {PATH} }} }} }} }}",
        )


def first_difference(left: Any, right: Any, path: str = "") -> str | None:
    """Where ``left`` and ``right`` first differ, as a path and both values; None when equal."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            found = first_difference(left.get(key, "<absent>"), right.get(key, "<absent>"), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return (
                f"{path}: {len(left)} items (full graph) != {len(right)} (visible records only): "
                f"{left!r:.300} vs {right!r:.300}"
            )
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    if left == right:
        return None
    return f"{path}: {left!r:.200} (full graph) != {right!r:.200} (visible records only)"


def development(graph: Graph) -> Viewer:
    return development_viewer(present_grants(graph))


# --- seeded random cases ---------------------------------------------------------------------------

AGENCIES = ("DEA", "HSI", "FBI")
CAVEATS = ("PUBLIC", "SBU", "LES", "LES", "FOUO", "ORCON")
NAMES = ("GARCIA", "LOPEZ", "ZHANG", "WANG", "CHEN", "RUIZ", "MORALES", "LI", "TORRES", "HUANG")


def random_sources(seed: int, folder: Path, vary_values: bool = False) -> list[SourceFile]:
    """Six to nine record files of random owners and caveats over one small pool of people and
    organisations, so the same node and the same link are asserted under several markings. Each
    node has one name in every file unless ``vary_values``: then each file names it as it likes."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    people = [f"p:{i}" for i in range(14)]
    orgs = [f"org:{i}" for i in range(5)]
    files = []
    for index in range(rng.randint(6, 9)):
        published = rng.choice([None, "2025-06-01", "2026-01-15", "2026-09-30"])
        provenance: dict[str, Any] = {
            "dataset": f"oracle-{seed}-{index}",
            "agency": rng.choice(AGENCIES),
            "caveat": rng.choice(CAVEATS),
            "synthetic": True,
        }
        if published:
            provenance["published"] = published
        members = rng.sample(people, rng.randint(3, 7)) + rng.sample(orgs, rng.randint(1, 3))
        nodes = [
            {
                "label": "Person" if node_id.startswith("p:") else "Organization",
                "record": f"n{position}",
                "props": {"id": node_id, "name": _name(node_id, rng if vary_values else None)},
            }
            for position, node_id in enumerate(members)
        ]
        rels = []
        for position in range(rng.randint(2, 8)):
            source, target = rng.sample(members, 2)
            kind = "MEMBER_OF" if target.startswith("org:") else "ASSOCIATE_OF"
            rels.append(
                {
                    "type": kind,
                    "record": f"r{position}",
                    "from": {"label": "Person" if source.startswith("p:") else "Organization", "id": source},
                    "to": {"label": "Person" if target.startswith("p:") else "Organization", "id": target},
                }
            )
        path = folder / f"oracle-{seed}-{index}.json"
        path.write_text(json.dumps({"provenance": provenance, "nodes": nodes, "relationships": rels}))
        files.append(SourceFile("records", path))
    return files


def _name(node_id: str, rng: random.Random | None) -> str:
    number = int(node_id.rpartition(":")[2])
    return f"{rng.choice(NAMES) if rng else NAMES[number % len(NAMES)]} {node_id}"
