"""P5: a 100k-node subgraph to every link-chart format, and GEXF/GraphML against networkx's writers.

    .venv/bin/python bench/export_formats.py

Uses the "bench" instance (port 7689); loads the OFAC XML, the SDN.CSV, the CBP seizures and the
OpenSanctions wallets from ../shared/data first when it holds fewer than 100k nodes. Each format is
exported in a fresh process (its own peak RSS), end to end: fetch from Neo4j and write; then the
same 100k nodes as a partner agency's export (the viewer's path of ``POST /export``: visible-only
queries, every element shown through ``for_viewer``), with a viewer holding every grant so both
write the same elements: the ratio is the viewer path's cost. Then ``POST /export`` over HTTP
(development mode, ``chokepoint serve`` in its own process, 10,000 seed ids: the most one request
takes) against the CLI's export of the same seeds, medians of five alternating runs. The writer
comparison runs on the same in-memory nodes and edges, ours and networkx's, in one process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import networkx as nx  # noqa: E402

from bench.api_paths import chokepoint_api  # noqa: E402
from chokepoint import composition  # noqa: E402
from chokepoint.exports.attributes import edge_attributes, node_attributes, text  # noqa: E402
from chokepoint.exports.gexf import write_gexf  # noqa: E402
from chokepoint.exports.graphml import write_graphml  # noqa: E402
from chokepoint.exports.service import ExportFormat, Selection, export, select_for  # noqa: E402
from chokepoint.exports.styles import node_styles, rgb  # noqa: E402
from chokepoint.exports.subgraph import ExportShapes, Subgraph, whole_graph  # noqa: E402
from chokepoint.exports.view import ExportView  # noqa: E402
from chokepoint.graph.schema_sync import apply_schema  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.service import ingest_source  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.investigations.runner import every_grant  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SIZE = 100_000
ROUNDS = 3  # viewer against CLI: single runs on this 2-core machine vary by +-20 %
HTTP_SEEDS = 10_000
SOURCES = [
    ("ofac-advanced", SHARED / "ofac-sdn-advanced-xml" / "sdn_advanced.xml.bz2", None),
    ("ofac-csv", SHARED / "ofac-sdn-csv-2024" / "sdn.csv", dt.date(2024, 5, 3)),
    ("cbp-seizures", SHARED / "cbp-drug-seizures", None),
    ("opensanctions", SHARED / "opensanctions-ransomwhere" / "targets.simple.csv", None),
]


def settings() -> Settings:
    return Settings(instance="bench", bolt_port=7689)


def rss_mb() -> float:
    """This process's peak resident set. Linux's ``ru_maxrss`` keeps the parent's peak across fork and
    exec (the parent lists every id of the graph first), so the kernel's VmHWM is read where it exists."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def subgraph(graph: object) -> Subgraph:
    return whole_graph(graph, ExportShapes.of(composition.model_of(settings())), limit=SIZE)  # type: ignore[arg-type]


def phase_export(fmt: str, out: Path, viewer: bool = False) -> dict[str, float]:
    config = settings()
    with composition.connect(config) as graph:
        started = time.perf_counter()
        selected = subgraph(graph)  # which 100k nodes: the input, timed apart from the export
        if viewer:  # the same nodes, through a viewer's view holding every grant (same elements)
            view = ExportView.of(composition.model_of(config), every_grant(graph))
            selected = Subgraph(selected.graph, selected.ids, selected.shapes, view)
        selecting = time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        nodes, edges = export(selected, composition.model_of(config), ExportFormat(fmt), out)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "seconds": seconds,
        "cpu": cpu,
        "select": selecting,
        "nodes": nodes,
        "edges": edges,
        "rss_mb": rss_mb(),
    }


def phase_writers(out: Path) -> dict[str, float]:
    """Ours and networkx's GraphML and GEXF writers on the same nodes and edges, already in memory."""
    config = settings()
    model = composition.model_of(config)
    with composition.connect(config) as graph:
        selected = subgraph(graph)
        nodes, edges = list(selected.nodes()), list(selected.edges())
    node_attrs, edge_attrs, styles = node_attributes(model), edge_attributes(model), node_styles(model)
    colours = {  # the same colour values ours writes per node, so both sides write as much
        label: {"color": style.colour, **dict(zip("rgb", rgb(style.colour), strict=True))}
        for label, style in styles.items()
    }
    digraph = nx.MultiDiGraph()
    for node in nodes:
        digraph.add_node(
            node.id,
            label=node.label,
            caption=node.caption,
            **{k: text(v) for k, v in node.props.items() if v is not None},
            **colours.get(node.label, {}),
        )
    for edge in edges:
        digraph.add_edge(
            edge.source,
            edge.target,
            key=edge.id,
            type=edge.type,
            **{k: text(v) for k, v in edge.props.items() if v is not None},
        )
    results: dict[str, float] = {}
    for name, run in (
        ("ours_graphml", lambda p: write_graphml(p.open("wb"), nodes, edges, node_attrs, edge_attrs, styles)),
        ("networkx_graphml", lambda p: nx.write_graphml(digraph, p)),
        ("ours_gexf", lambda p: write_gexf(p.open("wb"), nodes, edges, node_attrs, edge_attrs, styles)),
        ("networkx_gexf", lambda p: nx.write_gexf(digraph, p)),
    ):
        started = time.perf_counter()
        run(out)
        results[name] = time.perf_counter() - started
    return results


def phase_http(out: Path) -> dict[str, float]:
    """``POST /export`` (cytoscape) of the first 10,000 ids over HTTP, from ``chokepoint serve`` in its
    own process as in production (a server thread in this process would share its interpreter lock
    with the client reading the answer), against the CLI's export of the same seeds in this process;
    alternating, five times each, the medians."""
    config = settings()
    with composition.connect(config) as graph:
        seeds = tuple(subgraph(graph).ids[:HTTP_SEEDS])
        model = composition.model_of(config)
        cli, api = [], []
        with chokepoint_api(config) as graphql_url:
            url = graphql_url.removesuffix("/graphql")
            for _ in range(5):
                started = time.perf_counter()
                export(
                    select_for(graph, model, config.queries_dir, Selection(seeds)),
                    model,
                    ExportFormat.cytoscape,
                    out,
                )
                cli.append(time.perf_counter() - started)
                started = time.perf_counter()
                body = {"format": "cytoscape", "ids": list(seeds), "maxNodes": HTTP_SEEDS}
                with httpx.stream("POST", f"{url}/export", json=body, timeout=600) as response:
                    response.raise_for_status()
                    size = sum(len(chunk) for chunk in response.iter_bytes())
                api.append(time.perf_counter() - started)
    return {
        "cli": statistics.median(cli),
        "api": statistics.median(api),
        "bytes": size,
        "cli_bytes": float(out.stat().st_size),
    }


def run_phase(*args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", *args],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_data() -> int:
    config = settings()
    model = composition.model_of(config)
    with composition.connect(config) as graph:
        apply_schema(graph, model)
        count = len(whole_graph(graph).ids)
        if count >= SIZE:
            return count
        for source, path, published in SOURCES:
            for parsed in opener(source)(path, Options(published=published)):
                ingest_source(graph, model, parsed, Path(tempfile.mkdtemp()) / "rejects.jsonl")
        return len(whole_graph(graph).ids)


def main() -> None:
    config = settings()
    start = composition.start_embedded(config)
    print(f"Neo4j {start.version} on {config.bolt_uri}; graph of {ensure_data():,} nodes; exporting {SIZE:,}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ExportFormat:
            out = Path(tmp) / f"chart.{fmt.value}"
            result = run_phase("export", fmt.value, str(out))
            size = sum(p.stat().st_size for p in out.rglob("*")) if out.is_dir() else out.stat().st_size
            print(
                f"{fmt.value:10} {result['seconds']:6.1f} s (Python CPU {result['cpu']:4.1f} s; "
                f"+ listing the ids {result['select']:.1f} s)  "
                f"peak RSS {result['rss_mb']:5.0f} MB  "
                f"{result['nodes']:,.0f} nodes {result['edges']:,.0f} edges  {size / 1e6:6.1f} MB"
            )
        print(
            f"as a partner's export (viewer path; a viewer holding every grant: the same elements), "
            f"{ROUNDS} rounds, CLI and viewer alternating, medians:"
        )
        for chosen in ExportFormat:
            clis, viewers, peak = [], [], 0.0
            for _ in range(ROUNDS):
                clis.append(
                    run_phase("export", chosen.value, str(Path(tmp) / f"again.{chosen.value}"))["seconds"]
                )
                result = run_phase("viewer", chosen.value, str(Path(tmp) / f"viewer.{chosen.value}"))
                viewers.append(result["seconds"])
                peak = max(peak, result["rss_mb"])
            viewer, cli = statistics.median(viewers), statistics.median(clis)
            runs = " ".join(f"{v:.1f}/{c:.1f}" for v, c in zip(viewers, clis, strict=True))
            print(
                f"{chosen.value:14} {viewer:6.1f} s  (CLI path in the same run {cli:5.1f} s; ratio "
                f"{viewer / cli:.2f}; runs, viewer/CLI: {runs})"
                f"  peak RSS {peak:5.0f} MB"
            )
        http = run_phase("http", str(Path(tmp) / "http.cyjs"))
        print(
            f"POST /export cytoscape, {HTTP_SEEDS:,} seed ids (medians of 5): {http['api']:.2f} s over HTTP, "
            f"CLI export of the same seeds {http['cli']:.2f} s, ratio {http['api'] / http['cli']:.2f} "
            f"({http['bytes'] / 1e6:.1f} MB vs {http['cli_bytes'] / 1e6:.1f} MB)"
        )
        writers = run_phase("writers", str(Path(tmp) / "writer.out"))
    for fmt in ("graphml", "gexf"):
        ours, theirs = writers[f"ours_{fmt}"], writers[f"networkx_{fmt}"]
        print(
            f"writer only, {fmt:8} ours {ours:5.1f} s   networkx {theirs:5.1f} s   ratio {ours / theirs:.2f}"
        )
    print(
        "goals: each format <= 10 s and <= 500 MB; GEXF and GraphML writers at least as fast as networkx's; "
        "the API export within 1.2x of the CLI's"
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--phase":
        if sys.argv[2] in ("export", "viewer"):
            print(json.dumps(phase_export(sys.argv[3], Path(sys.argv[4]), viewer=sys.argv[2] == "viewer")))
        elif sys.argv[2] == "http":
            print(json.dumps(phase_http(Path(sys.argv[3]))))
        else:
            print(json.dumps(phase_writers(Path(sys.argv[3]))))
    else:
        main()
