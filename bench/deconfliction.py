"""Issue 20: what deconfliction pointers add to P3 - `supplyChains` over HTTP on the bench graph,
with deconfliction off and on, measured in the same run.

    .venv/bin/python bench/deconfliction.py [--transfers N] [--requests 200]
                                            [--instance bench --bolt-port 7689]

The graph and pairs are P3's (``bench/api_paths.py``: loaded once, reused). Two ``chokepoint serve``
processes share one access file but for its ``deconfliction`` section: the viewer is DEA, which every
other owner shares its shareable caveats with except FBI; ``on`` adds FBI's opt-in for LES (and every
other owner's, for what they do not share), so hops carrying FBI's records give pointers and each
answer that gives one writes its notices. Both are asked the same query (every hop and link with its
``deconfliction`` field), interleaved request by request after a warm-up, through one httpx client
with the API key; the Python driver's run of the same Cypher with DEA's grants is the floor.
Goal: on / off <= 1.10 at p50 and p95.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_paths import (  # noqa: E402
    Chain,
    Pair,
    Probe,
    add_graph_options,
    bench_settings,
    driver_probe,
    ensure_graph,
    find_pairs,
    free_port,
    measure,
    percentile,
    running,
)

from chokepoint import composition  # noqa: E402
from chokepoint.api.security.credentials import key_digest, new_api_key  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.markings import SEPARATOR  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

VIEWER, HIDDEN_OWNER = "DEA", "FBI"
COUNT_NOTICES = CypherQuery(
    "count_notices",
    "MATCH (n:DeconflictionNotice) RETURN count(n) AS notices, coalesce(sum(n.touches), 0) AS touches",
)
SHAREABLE = ("SBU", "FOUO", "LES")
CHAIN_QUERY = """query Chain($s: ID!, $c: ID!, $hops: Int!) {
  supplyChains(suppliers: [$s], cells: [$c], maxHops: $hops, first: 1) {
    totalCount edges { node { length nodes { id displayName deconfliction { agency desk } }
      relationships { direction relationship { type agency caveat sourceRecordId
        deconfliction { agency desk } } } } } } }"""


def access(owners: list[str], key: str, opt_in: bool) -> dict[str, Any]:
    """DEA with a key; every owner but FBI shares its shareable caveats with DEA; opt-ins when ``on``."""
    agencies: dict[str, Any] = {owner: {} for owner in owners}
    agencies[VIEWER] = {"api_keys": [{"sha256": key_digest(key)}]}
    sharing = {
        owner: {c: [VIEWER] for c in SHAREABLE} for owner in owners if owner not in (VIEWER, HIDDEN_OWNER)
    }
    document: dict[str, Any] = {"agencies": agencies, "sharing": sharing}
    if opt_in:
        document["deconfliction"] = {
            owner: {
                "contact": {"desk": f"{owner} deconfliction desk", "phone": "+1 202 555 0100"},
                "caveats": ["LES"],
            }
            for owner in owners
            if owner != VIEWER
        }
    return document


def grants_of(graph_grants: list[str], owners_sharing: set[str]) -> list[str]:
    """DEA's grants: its own, PUBLIC, and what the others share with it."""
    held = {"PUBLIC"}
    for grant in graph_grants:
        owner, _, caveat = grant.rpartition(SEPARATOR)
        if owner == VIEWER or (owner in owners_sharing and caveat in SHAREABLE):
            held.add(grant)
    return sorted(held)


@contextmanager
def served(config: Settings, access_file: Path, audit: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CHOKEPOINT_NEO4J_URI"}
    env |= {
        "CHOKEPOINT_INSTANCE": config.instance,
        "CHOKEPOINT_BOLT_PORT": str(config.bolt_port),
        "CHOKEPOINT_API_CONFIG": str(access_file),
        "CHOKEPOINT_API_AUDIT_LOG": str(audit),
    }
    command = [str(Path(sys.executable).parent / "chokepoint"), "serve", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with running(command, env, f"{base}/health"):
        yield f"{base}/graphql"


def api_probe(client: httpx.Client, url: str, key: str, max_hops: int, given: list[int]) -> Probe:
    def probe(pair: Pair) -> Chain:
        answer = client.post(
            url,
            json={"query": CHAIN_QUERY, "variables": {"s": pair.supplier, "c": pair.cell, "hops": max_hops}},
            headers={"X-API-Key": key},
        )
        body = answer.json()
        if answer.status_code != 200 or body.get("errors"):
            raise SystemExit(f"{url} answered {answer.status_code}: {str(body)[:2000]}")
        edges = body["data"]["supplyChains"]["edges"]
        if not edges:
            return ()
        node = edges[0]["node"]
        given.append(
            sum(len(n["deconfliction"]) for n in node["nodes"])
            + sum(len(r["relationship"]["deconfliction"]) for r in node["relationships"])
        )
        return tuple(n["id"] for n in node["nodes"])

    return probe


def main(config: Settings, args: argparse.Namespace) -> None:
    counts = ensure_graph(config, args.transfers)
    key = new_api_key()
    with composition.connect(config) as graph:
        present = list(graph.read(load_query("api_list_grants"))[0]["grants"])
        owners = sorted(
            {g.rpartition(SEPARATOR)[0] for g in present if SEPARATOR in g} | {VIEWER, HIDDEN_OWNER}
        )
        grants = grants_of(present, {o for o in owners if o not in (VIEWER, HIDDEN_OWNER)})
        pairs = find_pairs(graph, grants, args.max_hops, wanted=8)
        print(
            f"bench graph: {counts['nodes']:,} nodes, {counts['relationships']:,} relationships; viewer "
            f"{VIEWER} holds {len(grants)} grants; {len(pairs)} pairs of "
            f"{sorted({p.length for p in pairs})} hops"
        )
        given: dict[str, list[int]] = {"off": [], "on": []}
        with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
            urls = {}
            for mode in ("off", "on"):
                path = Path(folder) / f"access-{mode}.yaml"
                path.write_text(yaml.safe_dump(access(owners, key, mode == "on")))
                urls[mode] = stack.enter_context(served(config, path, Path(folder) / f"audit-{mode}.jsonl"))
            client = stack.enter_context(httpx.Client(timeout=60))
            probes = {
                "driver": driver_probe(graph, grants, args.max_hops),
                "off": api_probe(client, urls["off"], key, args.max_hops, given["off"]),
                "on": api_probe(client, urls["on"], key, args.max_hops, given["on"]),
            }
            times = measure(probes, pairs, args.requests, args.warmup)
            notices = graph.read(COUNT_NOTICES)[0]
    for name, values in times.items():
        print(
            f"{name:7s} n={len(values):4d}  p50 {percentile(values, 0.5):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms"
        )
    on, off = times["on"], times["off"]
    print(
        f"ratio on / off: p50 {percentile(on, 0.5) / percentile(off, 0.5):.3f}, "
        f"p95 {percentile(on, 0.95) / percentile(off, 0.95):.3f} (goal <= 1.10)"
    )
    print(
        f"pointers per answer: off {sum(given['off']) / max(1, len(given['off'])):.1f}, "
        f"on {sum(given['on']) / max(1, len(given['on'])):.1f}; notices written: {notices['notices']} "
        f"({notices['touches']} touches)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_graph_options(parser)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--max-hops", type=int, default=10)
    args = parser.parse_args()
    main(bench_settings(args.instance, args.bolt_port), args)
