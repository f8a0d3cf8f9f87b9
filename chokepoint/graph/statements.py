"""Cypher derived from the schema: constraints, indexes and the batched MERGE templates.

This is the one place where query text is assembled. Labels, relationship types and property
names come only from the loaded DomainModel (validated identifiers, quoted in backticks); every
value travels as a ``$parameter``.
"""

from __future__ import annotations

import re

from chokepoint.graph.queries import CypherQuery, load_query
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import NodeTypeSpec, PropertySpec
from chokepoint.values.log import LOGGED_PROVENANCE, logged_properties
from chokepoint.values.log import PROPERTY as VALUE_LOG

FULLTEXT_INDEX = "entity_search"
VALUE_LOG_INDEX = "entity_value_log"  # every value a grant logged: what a partial viewer may search
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def q(identifier: str) -> str:
    """Backtick-quote a schema identifier, refusing anything that is not a plain identifier."""
    if not _IDENTIFIER.match(identifier):
        raise ValueError(f"not a schema identifier: {identifier!r}")
    return f"`{identifier}`"


def _snake(label: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", label).lower()


def schema_statements(model: DomainModel) -> list[CypherQuery]:
    """Every constraint and index the model implies, each ``IF NOT EXISTS`` (idempotent)."""
    base = model.base_label
    out = [_unique(f"{_snake(base)}_id", base, ("id",))]
    for name, spec in model.nodes.items():
        out.append(_unique(f"{_snake(name)}_identity", name, spec.identity))
        if spec.identity != ("id",):
            out.append(_unique(f"{_snake(name)}_id", name, ("id",)))
        out.extend(
            _range_index(f"{_snake(name)}_{prop}", name, prop)
            for prop, prop_spec in spec.properties.items()
            if prop_spec.indexed and prop not in spec.identity
        )
    out.extend(
        _range_index(f"{_snake(base)}_{prop}", base, prop)
        for prop, prop_spec in {**model.common.node_properties, **model.common.provenance}.items()
        if prop_spec.indexed and prop != "id"
    )
    out.append(_fulltext(model))
    log = f"n.{q(VALUE_LOG)}"
    text = f"CREATE FULLTEXT INDEX {q(VALUE_LOG_INDEX)} IF NOT EXISTS FOR (n:{q(base)}) ON EACH [{log}]"
    out.append(CypherQuery(name=VALUE_LOG_INDEX, text=text))
    # Each file's hash, once (chokepoint/graph/source_files.py); named as the constraint it creates.
    out.append(CypherQuery(name="source_file_key", text=load_query("create_source_file_key").text))
    notices = load_query("create_deconfliction_notice_index").text  # chokepoint/deconfliction/notices.py
    out.append(CypherQuery(name="deconfliction_notice_owner", text=notices))
    # Watches and their alerts (chokepoint/alerts), named as the constraint or index each creates.
    for name, file in (
        ("watch_id", "create_watch_id"),
        ("watch_subject", "create_watch_subject_index"),
        ("alert_key", "create_alert_key"),
        ("alert_id", "create_alert_id"),
        ("alert_agency_at", "create_alert_agency_index"),
        ("alert_at", "create_alert_at_index"),
        ("graph_state_key", "create_graph_state_key"),  # the write count (adapter.py)
        ("exposure_floor_key", "create_exposure_floor_key"),  # chokepoint/analysis/exposure_floor.py
        ("chain_floor_key", "create_chain_floor_key"),  # chokepoint/analysis/chain_floor.py
    ):
        out.append(CypherQuery(name=name, text=load_query(file).text))
    return out


def _unique(name: str, label: str, keys: tuple[str, ...]) -> CypherQuery:
    props = ", ".join(f"n.{q(k)}" for k in keys)
    text = f"CREATE CONSTRAINT {q(name)} IF NOT EXISTS FOR (n:{q(label)}) REQUIRE ({props}) IS UNIQUE"
    return CypherQuery(name=name, text=text)


def _range_index(name: str, label: str, prop: str) -> CypherQuery:
    text = f"CREATE INDEX {q(name)} IF NOT EXISTS FOR (n:{q(label)}) ON (n.{q(prop)})"
    return CypherQuery(name=name, text=text)


def _fulltext(model: DomainModel) -> CypherQuery:
    searchable = model.search_properties()
    labels = "|".join(q(label) for label in searchable)
    props = sorted({prop for props in searchable.values() for prop in props})
    on_each = ", ".join(f"n.{q(p)}" for p in props)
    text = f"CREATE FULLTEXT INDEX {q(FULLTEXT_INDEX)} IF NOT EXISTS FOR (n:{labels}) ON EACH [{on_each}]"
    return CypherQuery(name=FULLTEXT_INDEX, text=text)


# The write templates. Parameters: $rows, and per batch $provenance (the source's provenance map,
# the same for every row), $ingestedAt, $dataset, $marking (the source's AGENCY|CAVEAT) and
# $visibility (the grant that sees it: PUBLIC or the marking). Each row is {props, earliest?,
# latest?, source?, target?, record}: `props` holds the values that replace stored ones (identity
# keys included), `earliest` / `latest` / `union` values that combine with the stored one, `record`
# the source record
# id (stamped, with ingestedAt, only when the element changes: several records of one file may assert
# the same element, and re-reading them must not flip it from one to the other). For the same reason
# the batch provenance (dataset, file hash, agency, caveat) is written only with a content change:
# it names the source of the values the element holds, while sourceRecords lists every assertion,
# sourceRecordMarkings the marking of each (or sourceRecordsMarking the one they all share, until a
# record of another marking comes: chokepoint/markings.py; the two markings SETs read the stored
# lists before sourceRecords grows, and hold whether a SET's items see the earlier items' writes or
# not), and markings the grants under which any assertion is visible: element visibility is the
# union of its assertions', never its last writer's.
# `asserted` lists the rows (by their `n`, which a batch carries only when someone listens: the
# watches of chokepoint/alerts) whose record is a new assertion of its element: what alerts fire on.
# A row changes the graph only when a value differs or a new source asserts the element, so
# re-ingesting the same file leaves every property, ingestedAt included, as it was. Values from a
# source published before the one that last wrote the element do not replace newer ones (a 2024
# list loaded after a 2025 one only adds provenance and widens first-seen).
_CHANGE_AND_COUNT = """
WITH x, row, x.ingestedAt IS NULL AS created, $dataset + ':' + row.record AS sourceRecord,
     $provenance.sourcePublished IS NULL OR x.sourcePublished IS NULL
       OR $provenance.sourcePublished >= x.sourcePublished AS fresh
WITH x, row, created, fresh, sourceRecord,
     CASE WHEN fresh THEN [k IN keys(row.props) WHERE x[k] IS NULL OR x[k] <> row.props[k]]
          ELSE [] END{rule_changes} AS changed,
     NOT sourceRecord IN coalesce(x.sourceRecords, []) AS newSource{value_log}
FOREACH (_ IN CASE WHEN created OR size(changed) > 0 OR newSource THEN [1] ELSE [] END |
  SET x += CASE WHEN fresh THEN row.props ELSE {} END,
      x += CASE WHEN fresh AND (created OR size(changed) > 0) THEN $provenance ELSE {} END,
      x.ingestedAt = $ingestedAt, x.sourceRecordId = row.record{rule_sets},
      x.sourceRecordMarkings = CASE
        WHEN NOT newSource THEN x.sourceRecordMarkings
        WHEN x.sourceRecordMarkings IS NOT NULL THEN x.sourceRecordMarkings + $marking
        WHEN coalesce(x.sourceRecordsMarking, $marking) = $marking THEN null
        ELSE [r IN coalesce(x.sourceRecords, []) | x.sourceRecordsMarking] + $marking END,
      x.sourceRecordsMarking = CASE
        WHEN NOT newSource THEN x.sourceRecordsMarking
        WHEN x.sourceRecordMarkings IS NOT NULL OR coalesce(x.sourceRecordsMarking, $marking) <> $marking
          THEN null
        ELSE $marking END,
      x.sourceRecords = CASE WHEN newSource THEN coalesce(x.sourceRecords, []) + sourceRecord
                             ELSE x.sourceRecords END,
      x.markings = CASE WHEN $visibility IN coalesce(x.markings, []) THEN x.markings
                        ELSE coalesce(x.markings, []) + $visibility END)
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND (size(changed) > 0 OR newSource) THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN NOT created AND size(changed) = 0 AND NOT newSource THEN 1 ELSE 0 END) AS unchanged,
       collect(CASE WHEN newSource THEN row.n END) AS asserted
"""
_RULE_CHANGES = {
    "earliest": "\n       + [k IN keys(row.earliest) WHERE x[k] IS NULL OR row.earliest[k] < x[k]]",
    "latest": "\n       + [k IN keys(row.latest) WHERE x[k] IS NULL OR row.latest[k] > x[k]]",
    "union": (
        "\n       + [k IN keys(row.union)"
        "\n          WHERE any(v IN row.union[k] WHERE NOT v IN coalesce(x[k], []))]"
    ),
}


def merge_rules(properties: dict[str, PropertySpec]) -> set[str]:
    """The merge rules other than replace that a type's properties use ("earliest", "latest")."""
    return {str(spec.merge) for spec in properties.values()} - {"replace"}


def _change_and_count(properties: dict[str, PropertySpec], logged: dict[str, PropertySpec]) -> str:
    sets = []
    for name, spec in properties.items():
        if spec.merge == "replace":
            continue
        given, stored = f"row.{spec.merge}.{q(name)}", f"x.{q(name)}"
        if spec.merge == "union":
            sets.append(
                f",\n      {stored} = CASE WHEN {given} IS NULL THEN {stored} ELSE coalesce({stored}, []) + "
                f"[v IN {given} WHERE NOT v IN coalesce({stored}, [])] END"
            )
            continue
        better = "<" if spec.merge == "earliest" else ">"
        sets.append(
            f",\n      {stored} = CASE WHEN {given} IS NOT NULL AND ({stored} IS NULL OR "
            f"{given} {better} {stored}) THEN {given} ELSE {stored} END"
        )
    changes = "".join(_RULE_CHANGES[rule] for rule in sorted(merge_rules(properties)))
    return (
        _CHANGE_AND_COUNT.replace("{rule_sets}", "".join(sets))
        .replace("{rule_changes}", changes)
        .replace("{value_log}", _value_log(logged))
    )


# The value log (chokepoint/values/log.py): once a second grant asserts an element, a seed of the
# values the first grant's records left (at its last write, after an empty statement at its first
# write when they differ, so a viewer's first and last sight of the element replay exactly), then
# each write that could matter to some viewer, one statement per value:
# GRANT␟SEQ␟PUBLISHED␟PROPERTY␟VALUE (a write without values: one empty statement, PROPERTY and
# VALUE "", so its time is kept). A write is logged when it is a new source, changes the element, or
# carries a value its grant never logged.
_SEP = "'\\u001e'"
_ROW_MAP = {"replace": "props"}  # where a row carries a value of each merge rule
_MICROS = "{time}.epochMillis * 1000 + {time}.microsecond % 1000"  # a time as a log SEQ
# The logged properties are one literal list the template loops over ({n: name, m: the row map that
# carries it, or "" for the batch provenance; l: a list property}), not one expression per property:
# planning time grows with the expression count, and every template is planned at each server start.
_TAILS = """reduce(out = [], p IN {props} | out + [v IN CASE WHEN p.l THEN coalesce({value}, [])
          ELSE [w IN [{value}] WHERE w IS NOT NULL] END | p.n + {S} + toString(v)])"""
_OWN_VALUE = "CASE p.m WHEN '' THEN $provenance[p.n] ELSE row[p.m][p.n] END"
_VALUE_LOG = """, coalesce(x.markings, []) AS before
WITH x, row, created, fresh, sourceRecord, changed, newSource, before,
     size(before) > 1 OR (size(before) = 1 AND before[0] <> $visibility) AS logging
WITH x, row, created, fresh, sourceRecord, changed, newSource, before, logging,
     CASE WHEN size(before) = 1 AND logging THEN {seed} END AS seed,
     CASE WHEN logging THEN {own} ELSE [] END AS own
WITH x, row, created, fresh, sourceRecord, changed, newSource,
     CASE WHEN seed IS NULL THEN []
          ELSE CASE WHEN x.firstSeenAt < x.ingestedAt
                    THEN [before[0] + {S} + toString({micros_first}) + {S} + {S} + {S}] ELSE [] END
               + [t IN CASE WHEN size(seed) = 0 THEN [{S}] ELSE seed END | before[0] + {S}
                  + coalesce(toString({micros_last}), '0')
                  + {S} + coalesce(toString(x.sourcePublished), '') + {S} + t] END
     + [t IN CASE WHEN NOT logging THEN [] WHEN size(own) = 0 THEN [{S}] ELSE own END
        WHERE newSource OR size(changed) > 0
              OR any(u IN CASE WHEN size(own) = 0 THEN [{S}] ELSE own END
                     WHERE NOT any(s IN coalesce(x.valueStatements, [])
                                   WHERE s STARTS WITH $visibility + {S} AND s ENDS WITH {S} + u))
        | $visibility + {S} + $seq + {S} + coalesce(toString($provenance.sourcePublished), '') + {S} + t]
       AS logged
FOREACH (_ IN CASE WHEN size(logged) > 0 THEN [1] ELSE [] END |
  SET x.valueStatements = coalesce(x.valueStatements, []) + logged)"""


def _value_log(logged: dict[str, PropertySpec]) -> str:
    entries = [
        (name, _ROW_MAP.get(str(spec.merge), str(spec.merge)), spec.type.endswith("[]"))
        for name, spec in logged.items()
    ]
    own = [*entries, *((name, "", False) for name in LOGGED_PROVENANCE)]
    seed = [(name, "", is_list) for name, _, is_list in own]
    return (
        _VALUE_LOG.replace("{own}", _TAILS.replace("{props}", _literal(own)).replace("{value}", _OWN_VALUE))
        .replace("{seed}", _TAILS.replace("{props}", _literal(seed)).replace("{value}", "x[p.n]"))
        .replace("{micros_first}", _MICROS.format(time="x.firstSeenAt"))
        .replace("{micros_last}", _MICROS.format(time="x.ingestedAt"))
        .replace("{S}", _SEP)
    )


def _literal(entries: list[tuple[str, str, bool]]) -> str:
    """The logged properties as a Cypher list literal (names are schema identifiers, checked by ``q``)."""
    for name, where, _ in entries:
        q(name)
        if where:
            q(where)
    items = [f"{{n: '{name}', m: '{where}', l: {str(is_list).lower()}}}" for name, where, is_list in entries]
    return "[" + ", ".join(items) + "]"


def merge_nodes(model: DomainModel, label: str) -> CypherQuery:
    """``UNWIND $rows MERGE`` for one node type, on its identity keys."""
    spec = model.node(label)
    logged = logged_properties(spec.properties, spec.identity)
    text = (
        f"{_merge_node(model, label)}\n"
        f"ON CREATE SET x:{q(model.base_label)}, x.firstSeenAt = $ingestedAt"
        f"{_change_and_count(model.node_properties(label), logged)}"
    )
    return CypherQuery(name=f"merge_{_snake(label)}", text=text)


def merge_relationships(model: DomainModel, rel_type: str, source: str, target: str) -> CypherQuery:
    """``UNWIND $rows MERGE`` for one relationship type between two node types (matched by id)."""
    rel = model.relationship(rel_type)
    logged = logged_properties(rel.properties, rel.identity)
    text = (
        f"{_merge_relationship(model, rel_type, source, target)}\n"
        f"ON CREATE SET x.firstSeenAt = $ingestedAt"
        f"{_change_and_count(model.relationship_properties(rel_type), logged)}"
    )
    return CypherQuery(name=f"merge_{rel_type.lower()}_{_snake(source)}_{_snake(target)}", text=text)


def restore_nodes(model: DomainModel, label: str) -> CypherQuery:
    """Write nodes exactly as given (``SET x = row.props``): restoring an export, not an ingest."""
    text = f"{_merge_node(model, label)}\nSET x = row.props, x:{q(model.base_label)}"
    return CypherQuery(name=f"restore_{_snake(label)}", text=text)


def restore_relationships(model: DomainModel, rel_type: str, source: str, target: str) -> CypherQuery:
    """Write relationships exactly as given, between nodes matched by id."""
    text = f"{_merge_relationship(model, rel_type, source, target)}\nSET x = row.props"
    return CypherQuery(name=f"restore_{rel_type.lower()}", text=text)


# A write template's plan is a unique-constraint seek (between two such seeks, an Expand(Into))
# whatever the statistics, so replanning it while a load changes them only costs time: planning one
# takes 0.1 to 0.5 s and the OFAC load alone uses 51 templates (measured, bench/ofac_ingest.py).
_PLANNED_ONCE = "CYPHER replan=skip "


def _identity_map(keys: tuple[str, ...]) -> str:
    """``{`k`: row.props.`k`, …}`` over identity keys ("" when there are none)."""
    pairs = ", ".join(f"{q(k)}: row.props.{q(k)}" for k in keys)
    return f" {{{pairs}}}" if pairs else ""


def _merge_node(model: DomainModel, label: str) -> str:
    spec: NodeTypeSpec = model.node(label)
    return f"{_PLANNED_ONCE}UNWIND $rows AS row\nMERGE (x:{q(label)}{_identity_map(spec.identity)})"


def _merge_relationship(model: DomainModel, rel_type: str, source: str, target: str) -> str:
    identity = _identity_map(model.relationship(rel_type).identity)
    return (
        f"{_PLANNED_ONCE}UNWIND $rows AS row\n"
        f"MATCH (a:{q(source)} {{id: row.source}})\n"
        f"MATCH (b:{q(target)} {{id: row.target}})\n"
        f"MERGE (a)-[x:{q(rel_type)}{identity}]->(b)"
    )
