"""``GET /export``: a link chart (or RDF) for a partner agency, holding only what the API would show it.

The query string names the chart: ``format`` (anx, mtgx, gexf, graphml, cytoscape; csv, neo4j-csv,
linkurious-csv: a zip of the folder; or RDF: turtle, nt, json-ld), the seeds as ``ids``
(comma-separated, the parameter may repeat) and/or ``investigation`` with its ``parameters`` (a
JSON object), ``hops`` of neighbourhood (0 to 4), ``maxNodes`` and ``layout`` (auto, layered,
force: :class:`chokepoint.exports.service.LayoutChoice`). The selection and every
element in it are the caller's view (:func:`chokepoint.exports.service.select_for` with its
grants): a seed it may not see is "not found" like an id no node has, neighbours are reached only
over what it sees, and each element shows its visible assertions, values and totals only.

The writers stream from iterators over a synchronous driver, so an export runs on a worker thread
into a temporary file, which is then sent in chunks: a failure half-way answers a coded error, never
a truncated chart. A client that goes away stops the worker at its next element.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Event
from typing import Any
from urllib.parse import parse_qs, urlencode

from chokepoint.api import json_bytes
from chokepoint.api.arguments import MAX_ID_LENGTH
from chokepoint.api.errors import InvalidArgument
from chokepoint.api.viewer import Viewer
from chokepoint.deconfliction.notices import Touches
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.errors import InvalidInput
from chokepoint.exports.service import (
    FOLDER_FORMATS,
    MAX_HOPS,
    ExportFormat,
    LayoutChoice,
    Selection,
    check_clusters,
    export,
    select_for,
)
from chokepoint.graph import Graph
from chokepoint.rdf.exchange import RdfFormat, export_rdf
from chokepoint.schema import DomainModel

EXPORT_PATH = "/export"
_ARGUMENTS = ("format", "ids", "investigation", "parameters", "hops", "maxNodes", "layout", "clusters")
_MAX_IDS = 10_000
# Media type and file name of each format's download.
Format = ExportFormat | RdfFormat
_FORMATS: dict[str, Format] = {f.value: f for f in (*ExportFormat, *RdfFormat)}
_FILES: dict[Format, tuple[bytes, str]] = {
    ExportFormat.anx: (b"application/xml", "chart.anx"),
    ExportFormat.mtgx: (b"application/zip", "chart.mtgx"),
    ExportFormat.gexf: (b"application/xml", "chart.gexf"),
    ExportFormat.graphml: (b"application/graphml+xml", "chart.graphml"),
    ExportFormat.cytoscape: (b"application/json", "chart.cyjs"),
    ExportFormat.csv: (b"application/zip", "chart-csv.zip"),
    ExportFormat.neo4j_csv: (b"application/zip", "chart-neo4j-csv.zip"),
    ExportFormat.linkurious_csv: (b"application/zip", "chart-linkurious-csv.zip"),
    RdfFormat.turtle: (b"text/turtle", "chart.ttl"),
    RdfFormat.ntriples: (b"application/n-triples", "chart.nt"),
    RdfFormat.jsonld: (b"application/ld+json", "chart.jsonld"),
}


def export_files() -> dict[str, str]:
    """Each format ``/export`` offers, by its argument value, with its download's file name."""
    return {fmt.value: name for fmt, (_, name) in _FILES.items()}


@dataclass(frozen=True)
class ExportCall:
    """A parsed ``/export`` query string; ``arguments`` is what the audit line records."""

    fmt: Format
    selection: Selection
    arguments: dict[str, Any]
    layout: LayoutChoice = LayoutChoice.auto


@dataclass(frozen=True)
class FileAnswer:
    """A written chart to send, and the temporary folder to remove once it is sent."""

    path: Path
    content_type: bytes
    filename: str
    folder: Path
    nodes: int
    edges: int
    touches: Touches | None = None  # the deconfliction pointers the chart gives, to record once sent

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"content-type", self.content_type),
            (b"content-length", str(self.size).encode()),
            (b"content-disposition", f'attachment; filename="{self.filename}"'.encode()),
        ]

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def parse_call(query_string: str, max_nodes: int) -> ExportCall:
    """The export a query string asks for; :class:`InvalidArgument` names the argument and why."""
    try:
        given = parse_qs(query_string, keep_blank_values=True, max_num_fields=len(_ARGUMENTS) + _MAX_IDS)
    except ValueError:  # more fields than any export takes
        raise InvalidArgument(f"too many arguments; known: {', '.join(_ARGUMENTS)}") from None
    unknown = sorted(set(given) - set(_ARGUMENTS))
    if unknown:
        raise InvalidArgument(f"unknown argument {unknown[0]!r}; known: {', '.join(_ARGUMENTS)}")
    fmt = _format(_single(given, "format"))
    ids = tuple(part.strip() for value in given.get("ids", []) for part in value.split(",") if part.strip())
    if len(ids) > _MAX_IDS:
        raise InvalidArgument(f"ids: at most {_MAX_IDS} ids, not {len(ids)}")
    investigation = _single(given, "investigation", required=False)
    if investigation is not None and len(investigation) > MAX_ID_LENGTH:
        raise InvalidArgument(f"investigation: longer than {MAX_ID_LENGTH} characters")
    raw_parameters = _single(given, "parameters", required=False)
    parameters = _parameters(raw_parameters)
    if raw_parameters is not None and investigation is None:
        raise InvalidArgument("parameters: given without an investigation")
    hops = _integer(given, "hops", 0, 0, MAX_HOPS)
    nodes = _integer(given, "maxNodes", max_nodes, 1, max_nodes)
    if not ids and investigation is None:
        raise InvalidArgument("give ids (comma-separated node ids) or an investigation to chart")
    layout = _layout(_single(given, "layout", required=False))
    clusters = _boolean(given, "clusters")
    if clusters and not isinstance(fmt, ExportFormat):
        raise InvalidArgument(
            f"clusters: the {fmt.value} export is the records as stored; clusters are for charts"
        )
    try:
        check_clusters(fmt.value, clusters)
    except InvalidInput as exc:
        raise InvalidArgument(str(exc)) from None
    selection = Selection(ids, investigation, parameters, hops, nodes, clusters)
    arguments = {
        "format": fmt.value,
        "ids": list(ids),
        "investigation": investigation,
        "parameters": parameters,
        "hops": hops,
        "maxNodes": nodes,
        "layout": layout.value,
        "clusters": clusters,
    }
    return ExportCall(fmt, selection, arguments, layout)


def parse_body(body: bytes, content_type: str, max_nodes: int) -> ExportCall:
    """The export a POSTed JSON object asks for (the query string's arguments as its keys, ``ids`` a
    list, ``parameters`` an object): a selection too long for a URL. Checked as :func:`parse_call`."""
    if not content_type.startswith("application/json"):
        raise InvalidArgument("POST the export's arguments as an application/json object")
    try:
        document = json_bytes.loads(body)
    except json_bytes.DecodeError:
        raise InvalidArgument("the body is not JSON") from None
    if not isinstance(document, dict):
        raise InvalidArgument("the body must be a JSON object of the export's arguments")
    given: dict[str, str] = {}
    for name, value in document.items():
        if name == "ids" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            given[name] = ",".join(value)
        elif name == "parameters":
            given[name] = json.dumps(value)
        elif isinstance(value, bool) and name == "clusters":
            given[name] = "true" if value else "false"
        elif isinstance(value, str | int) and not isinstance(value, bool):
            given[name] = str(value)
        else:
            raise InvalidArgument(f"{name}: {type(value).__name__} is not a value this argument takes")
    return parse_call(urlencode(given), max_nodes)


def _single(given: Mapping[str, list[str]], name: str, required: bool = True) -> str | None:
    values = given.get(name)
    if not values:
        if required:
            raise InvalidArgument(f"{name}: required")
        return None
    if len(values) > 1:
        raise InvalidArgument(f"{name}: given {len(values)} times")
    return values[0]


def _format(value: str | None) -> Format:
    if value not in _FORMATS:
        raise InvalidArgument(f"format: {value!r} is not one of {', '.join(_FORMATS)}")
    return _FORMATS[value]


def _layout(value: str | None) -> LayoutChoice:
    if value is None:
        return LayoutChoice.auto
    try:
        return LayoutChoice(value)
    except ValueError:
        known = ", ".join(choice.value for choice in LayoutChoice)
        raise InvalidArgument(f"layout: {value!r} is not one of {known}") from None


def _parameters(value: str | None) -> dict[str, Any]:
    if value is None:
        return {}
    try:
        parsed = json_bytes.loads(value)  # orjson: nesting is bounded, never a RecursionError
    except json_bytes.DecodeError:
        raise InvalidArgument("parameters: not JSON") from None
    if not isinstance(parsed, dict):
        raise InvalidArgument("parameters: must be a JSON object of the investigation's parameters")
    return parsed


def _boolean(given: Mapping[str, list[str]], name: str) -> bool:
    value = _single(given, name, required=False)
    if value is None or value in ("false", "0"):
        return False
    if value in ("true", "1", ""):
        return True
    raise InvalidArgument(f"{name}: {value[:40]!r} is not true or false")


def _integer(given: Mapping[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    value = _single(given, name, required=False)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise InvalidArgument(f"{name}: {value[:40]!r} is not an integer") from None
    if not low <= number <= high:
        raise InvalidArgument(f"{name}: {number} is not between {low} and {high}")
    return number


class Exports:
    """Writes the API's exports: each on a worker thread, over one synchronous driver opened on the
    first export (``connect``) with the investigations' longer read timeout."""

    def __init__(
        self,
        connect: Callable[[], Graph],
        model: DomainModel,
        queries_dir: Path,
        max_nodes: int,
        pointers: PointerRule | None = None,
    ) -> None:
        self._connect = connect
        self._pointers = pointers if pointers is not None and pointers.enabled else None
        self._model = model
        self._queries_dir = queries_dir
        self.max_nodes = max_nodes
        self._graph: Graph | None = None
        self._lock = threading.Lock()

    async def write(self, viewer: Viewer, call: ExportCall) -> FileAnswer:
        """The chart of ``call`` as ``viewer`` may see it, written to a temporary file. Cancelled
        (the client went away), the worker stops at its next element and removes its file."""
        stop = Event()
        try:
            return await asyncio.to_thread(self._write, viewer, call, stop)
        except asyncio.CancelledError:
            stop.set()
            raise

    def close(self) -> None:
        with self._lock:
            if self._graph is not None:
                self._graph.close()
                self._graph = None

    def _write(self, viewer: Viewer, call: ExportCall, stop: Event) -> FileAnswer:
        folder = Path(tempfile.mkdtemp(prefix="chokepoint-export-"))
        try:
            graph = self._graph_ready()
            grants = viewer.grant_list()
            pointers = self._pointers.for_viewer(viewer.agency, frozenset(grants)) if self._pointers else None
            chosen = select_for(graph, self._model, self._queries_dir, call.selection, grants, pointers, stop)
            subgraph = replace(chosen, stop=stop)  # every format, RDF too, stops when the client leaves
            content_type, filename = _FILES[call.fmt]
            written = folder / filename
            if isinstance(call.fmt, RdfFormat):
                nodes, edges = export_rdf(subgraph, self._model, call.fmt, written)
            elif call.fmt in FOLDER_FORMATS:  # a folder of files, zipped
                nodes, edges = export(subgraph, self._model, call.fmt, folder / "csv", call.layout)
                _zip_folder(folder / "csv", written)
            else:
                nodes, edges = export(subgraph, self._model, call.fmt, written, call.layout)
            touches = chosen.view.touches if chosen.view is not None and chosen.view.touches else None
            return FileAnswer(written, content_type, filename, folder, nodes, edges, touches)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def _graph_ready(self) -> Graph:
        with self._lock:
            if self._graph is None:
                self._graph = self._connect()
            return self._graph


def _zip_folder(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        for path in sorted(folder.iterdir()):
            packed.write(path, path.name)
