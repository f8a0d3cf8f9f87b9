"""IRIs for the schema's types and properties, and for graph elements; literal typing by the schema."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import quote, unquote

from rdflib import XSD, Literal, Namespace, URIRef

from chokepoint.schema.specs import PropertySpec

CHK = Namespace("https://chokepoint.example/ontology#")
IDS = "https://chokepoint.example/id/"
RELS = "https://chokepoint.example/relationship/"
XSD_TYPES = {
    "string": XSD.string,
    "integer": XSD.integer,
    "float": XSD.double,
    "decimal": XSD.decimal,
    "boolean": XSD.boolean,
    "date": XSD.date,
    "datetime": XSD.dateTime,
}


def node_iri(node_id: str) -> URIRef:
    return URIRef(IDS + quote(node_id, safe=""))


def node_id_of(iri: URIRef) -> str:
    return unquote(str(iri).removeprefix(IDS))


def relationship_iri(rel_type: str, source: str, target: str, identity: tuple[Any, ...]) -> URIRef:
    digest = hashlib.sha256(repr((rel_type, source, target, identity)).encode()).hexdigest()[:32]
    return URIRef(RELS + digest)


def literal(spec: PropertySpec, value: Any) -> Literal:
    """A property value as a literal typed by the schema (dates from their ISO text)."""
    kind = spec.type.removesuffix("[]")
    if kind == "date" and isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    elif kind == "datetime" and isinstance(value, str):
        value = dt.datetime.fromisoformat(_trim_nanoseconds(value))
    return Literal(value, datatype=XSD_TYPES[kind])


def _trim_nanoseconds(text: str) -> str:
    """Neo4j prints nanoseconds; Python parses microseconds."""
    if "." not in text:
        return text
    head, _, tail = text.partition(".")
    digits = "".join(ch for ch in tail if ch.isdigit())
    zone = tail[len(digits) :]
    return f"{head}.{digits[:6]}{zone}"
