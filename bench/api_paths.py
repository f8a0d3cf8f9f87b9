"""P3: the supplier -> cell path query over HTTP - p50/p95 of our API, the ratio to the same Cypher
through the Python driver, and the same query served by @neo4j/graphql (npm) on the same database.

    .venv/bin/python bench/api_paths.py [--transfers N] [--requests 200] [--max-hops 10] [--no-npm]
                                        [--client keep-alive|httpx] [--instance bench --bolt-port 7689]

The graph is the bench-size one: the demo investigation (OFAC drug programmes and CBP seizures from
../shared/data, the synthetic case records of `chokepoint generate --size bench`, identity
resolution) plus that command's seeded wallet ledger (``--transfers``, default 1,000,000; the full
bench size is ``--transfers 2600000``). It is generated once into ``.chokepoint/bench/api-<N>/`` and
loaded into the ``bench`` instance (port 7689; ``--instance``/``--bolt-port`` name another while
another benchmark uses it - P2 and P4 empty it): the OFAC, CBP and ledger files by ``neo4j-admin
database import`` (the documented fast initial load), the case records through the normal ingest
(their records name nodes already loaded), then ``resolve``. ``loaded-<instance>.json`` there records
the graph's node and relationship counts: a later run whose database has the same counts reuses it.

Measured, interleaved request by request after a warm-up (the probes' order rotating each round), on
(supplier, cell) pairs that have a chain; both GraphQL servers are asked through the same client,
libcurl with one kept-alive connection each (``--client keep-alive``: the standard library's
``http.client``; ``--client httpx``):
  driver         ``api_find_supply_chains.cypher`` through the Python driver, auto-commit (the floor);
  chokepoint     ``supplyChains(suppliers: [s], cells: [c], maxHops)`` over HTTP, `chokepoint serve`
                 (uvicorn, development mode, audit log on) in a subprocess;
  neo4j-graphql  the same Cypher as an ``@cypher`` field of @neo4j/graphql on Apollo Server
                 (``bench/neo4j_graphql/``, installed there by ``npm ci`` when missing).
Goals: chokepoint p95 <= 150 ms, chokepoint / driver <= 1.3, chokepoint faster than neo4j-graphql.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import pycurl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chokepoint import composition  # noqa: E402
from chokepoint.api.chains import SUPPLY_CHAIN  # noqa: E402
from chokepoint.composition import bulk_load  # noqa: E402
from chokepoint.demo.plan import case_record_steps, demo_steps  # noqa: E402
from chokepoint.graph import Graph  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.ingest.bulk_csv import write_import_files  # noqa: E402
from chokepoint.ingest.bulk_merge import BulkGraph  # noqa: E402
from chokepoint.ingest.registry import opener  # noqa: E402
from chokepoint.ingest.service import ingest_source, rejects_file  # noqa: E402
from chokepoint.ingest.source import Options  # noqa: E402
from chokepoint.resolution import service as resolution  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402
from chokepoint.synthetic import bench  # noqa: E402
from chokepoint.synthetic.demo import write_world  # noqa: E402
from chokepoint.synthetic.ofac import load_excerpt  # noqa: E402
from chokepoint.synthetic.world import build_world  # noqa: E402

SUPPLY_CHAIN_TYPES = composition.model_of(Settings()).relationship_group(SUPPLY_CHAIN)  # the chains' links

LEDGER = Options(dataset="irs-ci-bulk-ledger", agency="IRS-CI", caveat="LES", synthetic=True)
SEED = 7
DEFAULT_TRANSFERS = 1_000_000
NODE_GRAPHQL = ROOT / "bench" / "neo4j_graphql"
COUNT_NODES = CypherQuery("count_nodes", "MATCH (n:Entity) RETURN count(n) AS n")  # the domain only
COUNT_RELATIONSHIPS = CypherQuery("count_relationships", "MATCH ()-[r]->() RETURN count(r) AS n")
CHAIN_QUERY = """query Chain($s: ID!, $c: ID!, $hops: Int!) {
  supplyChains(suppliers: [$s], cells: [$c], maxHops: $hops, first: 1) {
    totalCount edges { node { length nodes { id displayName }
      relationships { direction relationship { type agency caveat sourceRecordId } } } } } }"""
NEO4J_GRAPHQL_QUERY = """query Chain($s: ID!, $c: ID!, $hops: Int!, $types: [String!]!, $grants: [String!]!) {
  supplyChains(suppliers: [$s], cells: [$c], maxHops: $hops, relTypes: $types, first: 1, skip: 0,
               grants: $grants) {
    total page { nodes { id labels props { name } }
      relationships { type startId endId props { agency caveat sourceRecordId } } } } }"""


def add_graph_options(parser: argparse.ArgumentParser) -> None:
    """The options naming the bench-size graph and the instance that holds it (P3 and load share it)."""
    parser.add_argument("--transfers", type=int, default=DEFAULT_TRANSFERS)
    parser.add_argument("--instance", default="bench", help="embedded instance to load and query")
    parser.add_argument("--bolt-port", type=int, default=7689)


def bench_settings(instance: str = "bench", bolt_port: int = 7689) -> Settings:
    """The bench instance (another one when the bench instance is busy with another benchmark)."""
    return Settings(instance=instance, bolt_port=bolt_port)


# --- the bench-size graph --------------------------------------------------------------------------


def generate(data: Path, transfers: int) -> None:
    """``chokepoint generate --size bench --seed 7 --transfers N`` into ``data`` (once: counts.json)."""
    if (data / "counts.json").is_file():
        return
    started = time.perf_counter()
    world = build_world(SEED, load_excerpt(ROOT / "demo" / "ofac_excerpt.json"))
    write_world(world, data, SEED, size="bench")
    counts = bench.stream_ledger(world, data, bench.BenchSize(transfers))
    (data / "counts.json").write_text(json.dumps({"transfers": counts.transfers, "nodes": counts.nodes}))
    print(
        f"generated the case files and {counts.transfers:,} transfers in "
        f"{time.perf_counter() - started:.0f} s"
    )


def graph_counts(graph: Graph) -> dict[str, int]:
    return {
        "nodes": int(graph.read(COUNT_NODES)[0]["n"]),
        "relationships": int(graph.read(COUNT_RELATIONSHIPS)[0]["n"]),
    }


def ensure_graph(config: Settings, transfers: int) -> dict[str, int]:
    """Start the bench instance and make sure it holds the bench graph of ``transfers``; its counts."""
    data = config.home / "bench" / f"api-{transfers}"
    data.mkdir(parents=True, exist_ok=True)
    generate(data, transfers)
    composition.start_embedded(config)
    marker = data / f"loaded-{config.instance}.json"
    with composition.connect(config) as graph:
        counts = graph_counts(graph)
    if marker.is_file() and json.loads(marker.read_text()) == counts:
        return counts
    print(
        f"loading the bench graph ({transfers:,} transfers) into instance {config.instance!r}; "
        "this replaces its database"
    )
    marker.unlink(missing_ok=True)
    load_graph(config, data)
    with composition.connect(config) as graph:
        counts = graph_counts(graph)
    marker.write_text(json.dumps(counts))
    return counts


def graph_as_it_stands(args: argparse.Namespace) -> Settings:
    """The instance of ``add_graph_options``' arguments, holding P3's graph, or P3's graph with
    bench/interdiction.py's supply network in it (its marker says so), as it stands: the benches that
    leave the network's ends out need not reload the graph. Its counts are printed."""
    config = bench_settings(args.instance, args.bolt_port)
    marker = config.home / "bench" / f"api-{args.transfers}" / f"supply-network-{config.instance}.json"
    counts = None
    if marker.is_file():
        composition.start_embedded(config)
        with composition.connect(config) as graph:
            now = graph_counts(graph)
        if json.loads(marker.read_text())["after"] == now:
            print("(the graph holds bench/interdiction.py's supply network too)")
            counts = now
    if counts is None:
        counts = ensure_graph(config, args.transfers)
    print(f"graph: {counts['nodes']:,} nodes, {counts['relationships']:,} relationships")
    return config


def load_graph(config: Settings, data: Path) -> None:
    """Public files and ledger by neo4j-admin import, then the case records, then resolution."""
    model = composition.model_of(config)
    steps = demo_steps(config)[:2]  # OFAC and CBP; the case records come from the generated folder
    ledger = sorted((data / bench.LEDGER_DIR).glob("*.csv"))
    parts = [part for step in steps for part in opener(step.source)(step.path, step.options)]
    parts += [part for path in ledger for part in opener("wallet-ledger")(path, LEDGER)]
    started = time.perf_counter()
    bulk = BulkGraph(model)
    for part in parts:
        bulk.add_records(part.provenance, part.records)
    with tempfile.TemporaryDirectory(dir=config.home) as folder:
        write_import_files(model, bulk, Path(folder))
        del bulk
        summary = bulk_load(config, Path(folder))
    print(
        f"  bulk import: {summary.nodes:,} nodes, {summary.relationships:,} relationships "
        f"({time.perf_counter() - started:.0f} s with reading and folding)"
    )
    with composition.connect(config) as graph:
        for part in parts:
            if part.finish is not None:
                part.finish(graph)
        started = time.perf_counter()
        for step in case_record_steps(data):
            for parsed in opener(step.source)(step.path, step.options):
                rejects = rejects_file(config.home, parsed.provenance.dataset)
                ingest_source(graph, model, parsed, rejects)
        resolved = resolution.run(graph, model)
        print(
            f"  case records and identity resolution ({resolved.clusters} clusters) in "
            f"{time.perf_counter() - started:.0f} s"
        )


def all_grants(graph: Graph) -> list[str]:
    """What the development-mode viewer holds: every AGENCY|CAVEAT in the database, sorted."""
    return sorted(graph.read(load_query("api_list_grants"))[0]["grants"])


# --- servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} within {timeout_s:.0f} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(command: list[str], env: dict[str, str], probe: str, cwd: Path = ROOT) -> Iterator[None]:
    """Run ``command`` until the block ends (terminated by its own pid), once ``probe`` answers."""
    with tempfile.NamedTemporaryFile(prefix="h7-server-", suffix=".log", delete=False) as handle:
        log = Path(handle.name)
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(probe, process, log)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    log.unlink(missing_ok=True)


@contextmanager
def chokepoint_api(config: Settings, audit_log: Path | None = None) -> Iterator[str]:
    """`chokepoint serve` on the bench instance (development mode, audit log to ``audit_log`` or a
    temporary file)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CHOKEPOINT_API_CONFIG", "CHOKEPOINT_NEO4J_URI")}
    with tempfile.TemporaryDirectory() as folder:
        env |= {
            "CHOKEPOINT_INSTANCE": config.instance,
            "CHOKEPOINT_BOLT_PORT": str(config.bolt_port),
            "CHOKEPOINT_API_AUDIT_LOG": str(audit_log or Path(folder) / "api.jsonl"),
        }
        command = [str(Path(sys.executable).parent / "chokepoint"), "serve", "--port", str(port)]
        base = f"http://127.0.0.1:{port}"
        with running(command, env, f"{base}/health"):
            yield f"{base}/graphql"


def install_neo4j_graphql() -> None:
    """``npm ci`` into bench/neo4j_graphql/node_modules when it is missing (versions pinned by the lock)."""
    if (NODE_GRAPHQL / "node_modules" / "@neo4j" / "graphql").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not on PATH")
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_GRAPHQL, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"npm ci failed in {NODE_GRAPHQL}:\n{done.stderr[-2000:]}")


@contextmanager
def neo4j_graphql_api(config: Settings) -> Iterator[str]:
    """bench/neo4j_graphql/server.mjs (Apollo Server + @neo4j/graphql) on the bench instance."""
    install_neo4j_graphql()
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH")
    user, password = composition.credentials(config)
    port = free_port()
    env = dict(os.environ) | {
        "NEO4J_URI": config.bolt_uri,
        "NEO4J_USER": user,
        "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": config.neo4j_database,
        "PORT": str(port),
        "CYPHER_FILE": str(ROOT / "chokepoint" / "graph" / "cypher" / "api_find_supply_chains.cypher"),
    }
    url = f"http://127.0.0.1:{port}/graphql"
    with running([node, "server.mjs"], env, f"{url}?query=%7B__typename%7D", cwd=NODE_GRAPHQL):
        yield url


# --- measuring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    supplier: str
    cell: str
    length: int


def find_pairs(
    graph: Graph,
    grants: list[str],
    max_hops: int,
    wanted: int,
    suppliers: Sequence[str] = (),
    cells: Sequence[str] = (),
) -> list[Pair]:
    """(supplier, cell) pairs with a chain of at most ``max_hops``, a spread of lengths; among
    ``suppliers`` and ``cells`` when given, else among every supplier and cell."""
    row = graph.read(
        load_query("api_find_supply_chains"),
        suppliers=list(suppliers),
        cells=list(cells),
        maxHops=max_hops,
        relTypes=list(SUPPLY_CHAIN_TYPES),
        first=10_000,
        skip=0,
        backedTypes=[],  # no temporal rule: every money hop counts
        backed=[],
        grants=grants,
    )[0]
    pairs = [Pair(p["nodes"][0]["id"], p["nodes"][-1]["id"], len(p["relationships"])) for p in row["page"]]
    if not pairs:
        raise SystemExit(f"no supplier -> cell chain of at most {max_hops} hops in the bench graph")
    step = max(1, len(pairs) // wanted)
    return pairs[::step][:wanted]


class GraphQLClient(Protocol):
    def post(self, url: str, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]: ...

    def close(self) -> None: ...


class CurlClient:
    """GraphQL through libcurl (pycurl), one handle and so one kept-alive connection per server.

    The timed path should be the servers', not the client's: the driver floor pays no HTTP client at
    all. libcurl's C HTTP layer is the leanest real client at hand: measured on this machine against a
    server answering from a constant, with requests 8 ms apart, a round trip costs 0.20-0.35 ms with
    libcurl, 0.36-0.50 ms with the standard library's client (``--client keep-alive``) and about
    0.8 ms with httpx (``--client httpx``). Both GraphQL servers always get the same client.
    """

    def __init__(self, timeout_s: float = 60) -> None:
        self._timeout_s = timeout_s
        self._handles: dict[str, pycurl.Curl] = {}

    def post(self, url: str, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        handle = self._handles.get(url)
        if handle is None:
            handle = self._handles[url] = pycurl.Curl()
            handle.setopt(pycurl.URL, url)
            handle.setopt(pycurl.HTTPHEADER, ["content-type: application/json", "Expect:"])
            handle.setopt(pycurl.TCP_NODELAY, 1)
            handle.setopt(pycurl.TIMEOUT_MS, int(self._timeout_s * 1000))
        answer = io.BytesIO()
        handle.setopt(pycurl.POSTFIELDS, json.dumps({"query": query, "variables": variables}))
        handle.setopt(pycurl.WRITEDATA, answer)
        handle.perform()
        return int(handle.getinfo(pycurl.RESPONSE_CODE)), json.loads(answer.getvalue())

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()


class KeepAliveClient:
    """The same requests over one kept-alive connection per server with the standard library's
    ``http.client`` (``--client keep-alive``)."""

    def __init__(self, timeout_s: float = 60) -> None:
        self._timeout_s = timeout_s
        self._connections: dict[tuple[str, int], http.client.HTTPConnection] = {}

    def post(self, url: str, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(url)
        key = (parts.hostname or "127.0.0.1", parts.port or 80)
        connection = self._connections.get(key)
        if connection is None:
            connection = self._connections[key] = http.client.HTTPConnection(*key, timeout=self._timeout_s)
        body = json.dumps({"query": query, "variables": variables})
        connection.request("POST", parts.path, body, {"content-type": "application/json"})
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read())

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()


class HttpxClient:
    """The same requests through httpx (``--client httpx``)."""

    def __init__(self, timeout_s: float = 60) -> None:
        self._client = httpx.Client(timeout=timeout_s)

    def post(self, url: str, query: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        answer = self._client.post(url, json={"query": query, "variables": variables})
        return answer.status_code, answer.json()

    def close(self) -> None:
        self._client.close()


@contextmanager
def graphql_client(kind: str) -> Iterator[GraphQLClient]:
    clients: dict[str, Callable[[], GraphQLClient]] = {
        "curl": CurlClient,
        "keep-alive": KeepAliveClient,
        "httpx": HttpxClient,
    }
    client = clients[kind]()
    try:
        yield client
    finally:
        client.close()


def post(client: GraphQLClient, url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    status, body = client.post(url, query, variables)
    if status != 200 or body.get("errors"):
        raise SystemExit(f"{url} answered {status}: {json.dumps(body)[:2000]}")
    return body


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


Chain = tuple[str, ...]  # the node ids of the first chain found
Probe = Callable[[Pair], Chain]  # runs the query for one pair


def rotated(names: list[str], shift: int) -> list[str]:
    """The probes in a different order each round: none always runs right after another's request."""
    shift %= len(names)
    return names[shift:] + names[:shift]


def measure(
    probes: dict[str, Probe], pairs: list[Pair], requests: int, warmup: int
) -> dict[str, list[float]]:
    """Milliseconds per request and probe, interleaved so machine load hits every probe alike.

    Every probe must find a chain; in the first round, each pair's chain is compared across probes.
    """
    times: dict[str, list[float]] = {name: [] for name in probes}
    names = list(probes)
    for i in range(warmup + requests):
        pair = pairs[i % len(pairs)]
        chains: dict[str, Chain] = {}
        for name in rotated(names, i):
            probe = probes[name]
            started = time.perf_counter()
            chains[name] = probe(pair)
            elapsed = (time.perf_counter() - started) * 1000
            if len(chains[name]) != pair.length + 1:
                raise SystemExit(f"{name}: {chains[name]} for {pair}")
            if i >= warmup:
                times[name].append(elapsed)
        if i < len(pairs) and len(set(chains.values())) > 1:
            print(f"note: equally short but different chains for {pair}: {chains}")
    return times


def driver_probe(graph: Graph, grants: list[str], max_hops: int) -> Probe:
    query = load_query("api_find_supply_chains")

    def probe(pair: Pair) -> Chain:
        # One auto-commit query, the same single round trip the API's async adapter makes (a managed
        # transaction would add BEGIN and COMMIT to the floor and flatter the ratio).
        row = graph.run_autocommit(
            query,
            suppliers=[pair.supplier],
            cells=[pair.cell],
            maxHops=max_hops,
            relTypes=list(SUPPLY_CHAIN_TYPES),
            first=1,
            skip=0,
            grants=grants,
        )[0]
        return tuple(node["id"] for node in row["page"][0]["nodes"]) if row["page"] else ()

    return probe


def chokepoint_probe(client: GraphQLClient, url: str, max_hops: int) -> Probe:
    def probe(pair: Pair) -> Chain:
        body = post(client, url, CHAIN_QUERY, {"s": pair.supplier, "c": pair.cell, "hops": max_hops})
        edges = body["data"]["supplyChains"]["edges"]
        return tuple(node["id"] for node in edges[0]["node"]["nodes"]) if edges else ()

    return probe


def neo4j_graphql_probe(client: GraphQLClient, url: str, grants: list[str], max_hops: int) -> Probe:
    fixed = {"hops": max_hops, "types": list(SUPPLY_CHAIN_TYPES), "grants": grants}

    def probe(pair: Pair) -> Chain:
        body = post(client, url, NEO4J_GRAPHQL_QUERY, fixed | {"s": pair.supplier, "c": pair.cell})
        page = body["data"]["supplyChains"]["page"]
        return tuple(node["id"] for node in page[0]["nodes"]) if page else ()

    return probe


def audited_milliseconds(audit_log: Path, operation: str) -> list[float]:
    """How long the server took over each request of ``operation``, as its audit log says."""
    lines = (json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines())
    return [float(line["durationMs"]) for line in lines if line.get("operation") == operation]


def report(times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        print(
            f"{name:14s} n={len(values):4d}  p50 {percentile(values, 0.5):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms  mean {statistics.fmean(values):7.1f} ms  "
            f"max {max(values):7.1f} ms"
        )
    ours, floor = times["chokepoint"], times["driver"]
    print(
        f"ratio chokepoint / driver: p50 {percentile(ours, 0.5) / percentile(floor, 0.5):.2f}, "
        f"p95 {percentile(ours, 0.95) / percentile(floor, 0.95):.2f} (goal <= 1.3); "
        f"chokepoint p95 {percentile(ours, 0.95):.1f} ms (goal <= 150 ms)"
    )
    if "neo4j-graphql" in times:
        theirs = times["neo4j-graphql"]
        p50, p95 = (percentile(theirs, s) / percentile(ours, s) for s in (0.5, 0.95))
        print(f"ratio neo4j-graphql / chokepoint: p50 {p50:.2f}, p95 {p95:.2f} (goal > 1: ours faster)")


def main(config: Settings, args: argparse.Namespace) -> None:
    transfers, requests, warmup, max_hops = args.transfers, args.requests, args.warmup, args.max_hops
    counts = ensure_graph(config, transfers)
    with composition.connect(config) as graph:
        grants = all_grants(graph)
        started = time.perf_counter()
        pairs = find_pairs(graph, grants, max_hops, wanted=8)
        print(
            f"bench graph: {counts['nodes']:,} nodes, {counts['relationships']:,} relationships "
            f"({transfers:,} transfers); {len(pairs)} pairs with chains of "
            f"{sorted({p.length for p in pairs})} hops (found in {time.perf_counter() - started:.1f} s); "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        with (
            tempfile.TemporaryDirectory() as folder,
            chokepoint_api(config, audit := Path(folder) / "api.jsonl") as url,
            graphql_client(args.client) as client,
        ):
            probes = {
                "driver": driver_probe(graph, grants, max_hops),
                "chokepoint": chokepoint_probe(client, url, max_hops),
            }
            with _optional_neo4j_graphql(config, not args.no_npm) as other:
                if other is not None:
                    probes["neo4j-graphql"] = neo4j_graphql_probe(client, other, grants, max_hops)
                times = measure(probes, pairs, requests, warmup)
            server_side = audited_milliseconds(audit, "Chain")[-requests:]
    report(times)
    print(
        f"chokepoint inside the server (audit log, request read to answer ready): "
        f"p50 {percentile(server_side, 0.5):.1f} ms, p95 {percentile(server_side, 0.95):.1f} ms; "
        f"the rest of its time is HTTP, the client and the hop"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


@contextmanager
def _optional_neo4j_graphql(config: Settings, wanted: bool) -> Iterator[str | None]:
    """The @neo4j/graphql server's URL, or None (with the reason printed) when it cannot run."""
    if not wanted:
        yield None
        return
    with ExitStack() as stack:
        try:
            url: str | None = stack.enter_context(neo4j_graphql_api(config))
        except RuntimeError as exc:
            print(f"neo4j-graphql not measured: {exc}")
            url = None
        yield url


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_graph_options(parser)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--max-hops", type=int, default=10)
    parser.add_argument("--no-npm", action="store_true", help="skip the @neo4j/graphql comparison")
    parser.add_argument(
        "--client",
        choices=("curl", "keep-alive", "httpx"),
        default="curl",
        help="HTTP client of both GraphQL servers' probes (default: libcurl; keep-alive: the standard "
        "library's http.client; httpx)",
    )
    parser.add_argument("--load-only", action="store_true", help="only make sure the graph is loaded")
    args = parser.parse_args()
    settings = bench_settings(args.instance, args.bolt_port)
    if args.load_only:
        print(ensure_graph(settings, args.transfers))
    else:
        main(settings, args)
