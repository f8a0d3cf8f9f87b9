"""Reading agency record files: the JSON envelope, or a CSV layout plus provenance from CLI options.

A file that is not of the declared format (not JSON, no envelope, another ``format``, a CSV lacking
the layout's columns, CSV without ``--dataset/--agency/--caveat``) stops here, before any write.
Each record is then validated alone against the format's model: a bad one becomes a RejectedRecord
naming the record and the field, and the rest load.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import ValidationError

from chokepoint.errors import ConfigurationError, InvalidRecord
from chokepoint.formats.common import EnvelopeHeader, FormatModel, RawEnvelope
from chokepoint.graph.queries import load_query
from chokepoint.ingest.files import read_csv_rows, sha256_of
from chokepoint.ingest.records import Provenance, Record, RejectedRecord
from chokepoint.ingest.source import Opener, Options, ParsedSource, SourceSpec

if TYPE_CHECKING:
    from chokepoint.graph import Graph

R = TypeVar("R", bound=FormatModel)


@dataclass(frozen=True)
class RawRecord:
    """One record as read: where it is in the file, its key when it has one, and its fields."""

    where: str  # "file.json records[3]" or "file.csv line 4"
    key: str | None
    data: Any  # a JSON object when well formed; anything else is rejected by the model
    problem: str | None = None  # why the reader already knows to refuse it (a failed transaction)

    @property
    def record_id(self) -> str:
        """The id rejections and provenance use: the record's own key, else its place in the file."""
        return self.key or self.where


@dataclass(frozen=True)
class CsvLayout:
    """A CSV layout of a format: its required columns and how a row becomes a record's JSON fields."""

    columns: tuple[str, ...]
    to_record: Callable[[dict[str, str]], dict[str, Any]]


@dataclass(frozen=True)
class RecordContext:
    """What an adapter needs to name a record's nodes: its dataset, agency, key and record id.

    ``existing`` maps the global ids of nodes already in the graph that the file's records name (see
    ``AgencyFormat.refers_to``) to their type label; it is filled just before the records are read.
    A mapping treats an id absent from it as the writer treats a missing endpoint: it rejects the
    links to it, not the elements the record asserts itself (the node may exist under records a
    reader of this one may not see: ARCHITECTURE.md).
    """

    dataset: str
    agency: str
    key: str
    record_id: str
    existing: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AgencyFormat(Generic[R]):
    """One agency format, declared once beside its model in ``chokepoint/formats/<format>.py``.

    Its name, record model, key field, graph mapping and CSV layout; ``reads`` and ``becomes`` for
    the CLI help and the README. The registry finds every module of ``chokepoint.formats`` that
    declares ``SPEC = AgencyFormat(...)``, so a new format is registered by writing its module.
    """

    name: str
    model: type[R]
    key_field: str  # the camelCase JSON field holding the record's stable id
    to_records: Callable[[R, RecordContext], Iterable[Record]]
    reads: str
    becomes: str
    csv: CsvLayout | None = None
    refers_to: Callable[[R], Iterable[str]] | None = None  # ids of existing nodes a record names
    finish: Callable[[Graph, list[R]], None] | None = None  # post-ingest step over the valid records
    opener: Opener | None = None  # a format read its own way (wallet-ledger streams its CSV)

    def source(self) -> SourceSpec:
        """The format as a source of ``chokepoint ingest``."""
        opener = self.opener or partial(_open_one, spec=self)
        return SourceSpec(self.name, opener, self.reads, self.becomes, public=False)


def _open_one(path: Path, options: Options, spec: AgencyFormat[Any]) -> list[ParsedSource]:
    return [open_agency(path, options, spec)]


def open_agency(path: Path, options: Options, spec: AgencyFormat[R]) -> ParsedSource:
    """Read and check the file, then stream its records (each valid one mapped, each bad one rejected).

    Every record is validated here, before anything is written; the mapping to graph records runs
    while the ingest reads them, after ``prepare`` has looked up the existing nodes they name.
    """
    provenance, raws = read_input(path, options, spec)
    parsed = [(raw, validate(spec, raw)) for raw in raws]
    valid = [item for _, item in parsed if not isinstance(item, RejectedRecord)]
    existing: dict[str, str] = {}
    refers_to = spec.refers_to
    prepare = None
    if refers_to is not None:
        ids = sorted({node_id for record in valid for node_id in refers_to(record)})
        prepare = partial(_fetch_labels, ids=ids, into=existing)
    finish = spec.finish
    return ParsedSource(
        provenance,
        _records(provenance, parsed, spec, existing),
        total=len(raws),
        prepare=prepare,
        finish=None if finish is None else _bound(finish, valid),
    )


def read_input(path: Path, options: Options, spec: AgencyFormat[Any]) -> tuple[Provenance, list[RawRecord]]:
    """Provenance and raw records of a JSON envelope file or, for ``.csv`` files, of a CSV layout."""
    if path.suffix.lower() == ".csv":
        if spec.csv is None:
            raise InvalidRecord(f"{path}: the {spec.name} format has no CSV layout; give a JSON file")
        return _read_csv(path, options, spec.name, spec.csv, spec.key_field)
    return read_envelope(path, spec.name, spec.key_field)


def read_envelope(path: Path, format_name: str, key_field: str) -> tuple[Provenance, list[RawRecord]]:
    """The envelope's provenance and its records, unparsed; a file of another format stops here."""
    try:
        data = path.read_bytes()
        document = json.loads(data)
    except OSError as exc:
        raise InvalidRecord(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidRecord(f"{path}: not a {format_name} file: not JSON ({exc})") from exc
    if not isinstance(document, dict) or "format" not in document or "records" not in document:
        raise InvalidRecord(
            f"{path}: not a {format_name} file: expected an envelope object with 'format' and 'records'"
        )
    if document["format"] != format_name:
        raise InvalidRecord(f"{path}: declares format {document['format']!r}, not {format_name!r}")
    try:
        envelope = RawEnvelope.model_validate(document)
    except ValidationError as exc:
        raise InvalidRecord(f"{path}: envelope: {describe(exc)}") from None
    provenance = _provenance(envelope, sha256=hashlib.sha256(data).hexdigest())
    raws = [
        RawRecord(f"{path.name} records[{index}]", _key(item, key_field), item)
        for index, item in enumerate(envelope.records)
    ]
    return provenance, raws


def provenance_from_options(path: Path, options: Options, format_name: str) -> Provenance:
    """The provenance a CSV file cannot carry: ``--dataset --agency --caveat [--published --synthetic]``."""
    missing = [f"--{name}" for name in ("dataset", "agency", "caveat") if not getattr(options, name)]
    if missing:
        raise ConfigurationError(
            f"{path}: a {format_name} CSV carries no provenance: give {', '.join(missing)} "
            "(and --published YYYY-MM-DD, --synthetic when they apply)"
        )
    try:
        header = EnvelopeHeader(
            format=format_name,
            version=1,
            dataset=options.dataset,
            agency=options.agency,
            caveat=options.caveat,
            published=options.published,
            synthetic=options.synthetic,
        )
    except ValidationError as exc:
        raise ConfigurationError(f"{path}: provenance options: {describe(exc)}") from None
    return _provenance(header, sha256=sha256_of(path))


def validate(spec: AgencyFormat[R], raw: RawRecord) -> R | RejectedRecord:
    """The record parsed by the format's model, or a rejection naming the record and the fields."""
    try:
        return spec.model.model_validate(raw.data)
    except ValidationError as exc:
        return RejectedRecord(raw.record_id, f"{spec.name} record ({raw.where}): {describe(exc)}")


def describe(error: ValidationError) -> str:
    """A pydantic error as one line per problem: ``items.0.quantityKg: Input should be …``."""
    parts = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "record"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def _records(
    provenance: Provenance,
    parsed: list[tuple[RawRecord, R | RejectedRecord]],
    spec: AgencyFormat[R],
    existing: Mapping[str, str],
) -> Iterator[Record]:
    for raw, record in parsed:
        if isinstance(record, RejectedRecord):
            yield record
            continue
        key = raw.key or raw.where
        context = RecordContext(provenance.dataset, provenance.agency, key, raw.record_id, existing)
        try:
            mapped = list(spec.to_records(record, context))  # the whole record or nothing
        except InvalidRecord as exc:
            yield RejectedRecord(raw.record_id, f"{spec.name} record ({raw.where}): {exc}")
            continue
        for item in mapped:  # a mapping may reject a part of its record (intel-note: a missing end)
            if isinstance(item, RejectedRecord):
                yield RejectedRecord(item.record_id, f"{spec.name} record ({raw.where}): {item.reason}")
            else:
                yield item


def _bound(finish: Callable[[Graph, list[R]], None], valid: list[R]) -> Callable[[Graph], None]:
    return lambda graph: finish(graph, valid)


def _fetch_labels(graph: Graph, ids: list[str], into: dict[str, str]) -> None:
    if ids:
        rows = graph.read(load_query("fetch_node_labels"), ids=ids)
        into.update({str(row["id"]): str(row["label"]) for row in rows})


def _read_csv(
    path: Path, options: Options, format_name: str, layout: CsvLayout, key_field: str
) -> tuple[Provenance, list[RawRecord]]:
    provenance = provenance_from_options(path, options, format_name)
    rows = read_csv_rows(path, layout.columns, f"a {format_name} CSV")
    raws = []
    for line, row in rows:
        cells = {name: (value or "").strip() for name, value in row.items() if name is not None}
        data = layout.to_record(cells)
        raws.append(RawRecord(f"{path.name} line {line}", _key(data, key_field), data))
    return provenance, raws


def _provenance(header: EnvelopeHeader, sha256: str) -> Provenance:
    return Provenance(
        dataset=header.dataset,
        agency=header.agency,
        caveat=header.caveat,
        file_sha256=sha256,
        published=header.published,
        synthetic=header.synthetic,
    )


def _key(item: Any, key_field: str) -> str | None:
    value = item.get(key_field) if isinstance(item, dict) else None
    return value.strip() or None if isinstance(value, str) else None
