"""The value log: what each grant's records wrote into an element asserted under several grants.

An element asserted under one grant holds exactly the values those records wrote, so it needs
nothing more. Once a record of a second grant asserts it, the MERGE template (and its bulk twin)
appends to ``valueStatements`` one statement per value of every write that could matter to some
viewer — first a *seed* holding the element's values as the first grant's records left them, then
each later write of any grant — as ``GRANT␟SEQ␟PUBLISHED␟PROPERTY␟VALUE`` (``␟`` is U+001E; SEQ
the write's time in microseconds since the epoch, PUBLISHED its source's publication date or "";
list values one statement per item). A viewer that lacks some of the element's grants is shown the
values of replaying its visible writes, in order, with the template's own rules (:mod:`fold`): the
values a graph built from its visible records alone would hold.

What the log cannot replay exactly (documented in ARCHITECTURE.md): a write that changes neither
the element, nor its source list, nor adds a value its grant never wrote is not logged (a record
re-ingested with the value a hidden record had meanwhile also written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.fold import Row, fold

SEPARATOR = "\x1e"  # U+001E: not the bulk import's array delimiter (U+001F)
PROPERTY = "valueStatements"
# Per-source provenance that a viewer sees with the values (dataset, agency and caveat come from the
# latest visible assertion instead, and the publication date is in every statement's header).
LOGGED_PROVENANCE = ("sourceFile", "synthetic")
# The same as readers see it: the graph's read adapters put a file's hash in place of its key, in the
# log too (chokepoint/graph/source_files.py).
SHOWN_PROVENANCE = ("sourceFileSha256", "synthetic")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Statement:
    grant: str
    seq: int
    published: str
    prop: str
    value: str


def seq_of(moment: dt.datetime) -> int:
    """A write's place in time: microseconds since the epoch (what the Cypher template computes)."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def encode(grant: str, seq: int, published: object, prop: str, value: object) -> str:
    return SEPARATOR.join(
        (grant, str(seq), text_of(published) if published is not None else "", prop, text_of(value))
    )


def text_of(value: object) -> str:
    """A value as the Cypher template's ``toString`` writes it, closely enough to decode alike."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def parse(text: str) -> Statement | None:
    parts = text.split(SEPARATOR, 4)
    if len(parts) != 5 or not parts[1].isdigit():
        return None
    grant, seq, published, prop, value = parts
    return Statement(grant, int(seq), published, prop, value)


def decode(value: str, type_name: str) -> Any:
    """A logged value back in its schema type (an item's type for list properties)."""
    scalar = type_name.removesuffix("[]")
    try:
        if scalar == "integer":
            return int(value)
        if scalar == "float":
            return float(value)
        if scalar == "boolean":
            return value == "true"
        if scalar == "date":
            return dt.date.fromisoformat(value[:10])
        if scalar == "datetime":
            return dt.datetime.fromisoformat(value.split("[", 1)[0])
    except ValueError:
        return value
    return value


def logged_properties(own: Mapping[str, PropertySpec], identity: Iterable[str]) -> dict[str, PropertySpec]:
    """The properties a write logs: a type's own, less its identity keys (the same in every assertion
    that names the element)."""
    skip = {"id", *identity}
    return {name: spec for name, spec in own.items() if name not in skip and not spec.internal}


def logged_by_kind(model: DomainModel) -> dict[str, dict[str, PropertySpec]]:
    """Each node label's and relationship type's logged properties (what its value log replays)."""
    kinds = {label: (spec.properties, spec.identity) for label, spec in model.nodes.items()}
    kinds.update({rel: (spec.properties, spec.identity) for rel, spec in model.relationships.items()})
    return {kind: logged_properties(own, identity) for kind, (own, identity) in kinds.items()}


def statements_of(grant: str, seq: int, published: object, values: Mapping[str, object]) -> list[str]:
    """One write's statements: every value of ``values`` (list items one each), in order; a write
    without values is one empty statement (property and value ""), so the replay still knows when a
    record of that grant asserted the element (its ``firstSeenAt`` and ``ingestedAt``)."""
    out: list[str] = []
    for prop, value in values.items():
        items = value if isinstance(value, list) else [value]
        out.extend(encode(grant, seq, published, prop, item) for item in items if item is not None)
    return out or [encode(grant, seq, published, "", "")]


def replay(
    statements: Iterable[str], held: frozenset[str], specs: Mapping[str, PropertySpec]
) -> dict[str, Any]:
    """The values (and their provenance stamps) that the writes of grants in ``held`` leave when
    folded in order, as a graph built from those records alone would hold them."""
    writes: list[tuple[Statement, list[Statement]]] = []
    for text in statements:
        statement = parse(text)
        if statement is None or statement.grant not in held:
            continue
        last = writes[-1][0] if writes else None
        if last is not None and (last.grant, last.seq) == (statement.grant, statement.seq):
            writes[-1][1].append(statement)
        else:
            writes.append((statement, [statement]))
    writes.sort(key=lambda write: write[0].seq)  # stable: one file's writes keep their order
    state: dict[str, Any] = {}
    for position, (header, group) in enumerate(writes):
        row, provenance = _row(group, specs, position)
        if header.published:
            provenance["sourcePublished"] = dt.date.fromisoformat(header.published[:10])
        moment = _EPOCH + dt.timedelta(microseconds=header.seq)
        params = {
            "provenance": provenance,
            "ingestedAt": moment,
            "dataset": "",
            "marking": header.grant,
            "visibility": header.grant,
        }
        fold(state, row, params)
    return state


def _row(
    group: list[Statement], specs: Mapping[str, PropertySpec], position: int
) -> tuple[Row, dict[str, Any]]:
    row: Row = {"props": {}, "record": f"write{position}"}
    provenance: dict[str, Any] = {}
    for statement in group:
        spec = specs.get(statement.prop)
        if spec is None:
            continue
        value = decode(statement.value, spec.type)
        if statement.prop in SHOWN_PROVENANCE:
            provenance[statement.prop] = value
            continue
        target = row["props"] if spec.merge == "replace" else row.setdefault(spec.merge, {})
        if spec.type.endswith("[]"):
            target.setdefault(statement.prop, []).append(value)
        else:
            target[statement.prop] = value
    return row, provenance
