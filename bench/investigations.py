"""Issue 17's query figures on the bench-size graph: every saved investigation with its default
parameters (each one's time; goal <= 5 s), and the ``sanctionsExposure`` of addresses next to the
10 busiest wallets over HTTP (p50/p95; goal p95 <= 150 ms), guided by the exposure floors (built
first, timed), against the whole-path Cypher search through the Python driver in the same run (the
baseline: what the API ran before the floors, and still runs when they do not hold). Every HTTP
answer is checked against the whole-path one (hops and party).

    .venv/bin/python bench/investigations.py [--transfers N] [--instance bench --bolt-port 7689]
                                             [--rounds 20] [--exposure-only | --investigations-only]

The graph is P3's (``bench/api_paths.py``: generated once, loaded once, reused while its counts
match), or P3's with bench/interdiction.py's network in it, as it stands. Investigations run as the
CLI runs them (its own view of everything), twice each: the first run plans the query, the second
is the one the goal is about; those whose checks the CLI's view skips (``$everything``) run a third
time as a viewer holding every grant, whose checks read (an API partner's cost). ``--timeout``
(default 120 s) stops a run that takes longer. The exposure is asked of the busiest wallets'
neighbours (an address one SENT_FUNDS_TO hop from a wallet with the most transfer links), whose
surroundings are the ones a hop-limited search must not drown in; the HTTP and driver requests are
interleaved address by address.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_paths import (  # noqa: E402
    CurlClient,
    add_graph_options,
    all_grants,
    chokepoint_api,
    graph_as_it_stands,
    percentile,
)

from chokepoint import composition  # noqa: E402
from chokepoint.analysis import chain_floor, exposure_floor  # noqa: E402
from chokepoint.cli.in_process import ask, every_grant  # noqa: E402
from chokepoint.cli.investigate import RUN_QUERY  # noqa: E402
from chokepoint.errors import InvalidInput, QueryFailed  # noqa: E402
from chokepoint.graph import Graph  # noqa: E402
from chokepoint.graph.queries import CypherQuery, load_query  # noqa: E402
from chokepoint.investigations.catalog import Investigation, load_catalog  # noqa: E402
from chokepoint.investigations.runner import run  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

BUSIEST_NEIGHBOURS = CypherQuery(
    "busiest_neighbours",
    "MATCH (hub:CryptoAddress)-[s:SENT_FUNDS_TO]-() WITH hub, count(s) AS links ORDER BY links DESC, hub.id "
    "LIMIT 10 MATCH (hub)-[:SENT_FUNDS_TO]-(next:CryptoAddress) WITH hub, links, min(next.id) AS first "
    "MATCH (next:CryptoAddress {id: first}) "
    "RETURN next.id AS id, next.chain AS chain, next.address AS address, links ORDER BY links DESC",
)
EXPOSURE = """query($chain: String!, $address: String!, $hops: Int!) {
  address(chain: $chain, address: $address) { sanctionsExposure(maxHops: $hops) { hops party { id } } } }"""
MAX_HOPS = 6
SECONDS_GOAL, P95_GOAL_MS = 5.0, 150.0


def timed(
    graph: Graph, investigation: Investigation, params: dict[str, str], grants: list[str] | None
) -> float:
    """Seconds of one run (``grants`` None: the CLI's own view); the read timeout raises
    :class:`TimedOut`."""
    started = time.perf_counter()
    try:
        run(graph, investigation, params, grants)
    except QueryFailed as exc:
        if "TransactionTimedOut" not in str(exc):
            raise
        raise TimedOut(time.perf_counter() - started) from None
    return time.perf_counter() - started


class TimedOut(Exception):
    pass


COMPUTED_TIMED = {"wallet_clusters": "not timed (the bench graph has no UTXO transactions)"}


def timed_in_process(config: Settings, investigation: Investigation, timeout: float) -> float:
    """Seconds of one run as ``chokepoint investigate`` runs a computed or guided investigation: the
    API's runInvestigation in-process, as a viewer holding every grant (the CLI's view)."""
    started = time.perf_counter()
    try:
        ask(config, RUN_QUERY, {"name": investigation.name, "params": {}}, every_grant)
    except InvalidInput as exc:  # the CLI's rendering of a coded GraphQL error
        if "TIMEOUT" not in str(exc) and "limit" not in str(exc):
            raise
        raise TimedOut(time.perf_counter() - started) from None
    elapsed = time.perf_counter() - started
    if elapsed > timeout:
        raise TimedOut(elapsed)
    return elapsed


def time_investigations(graph: Graph, config: Settings, neighbour: dict[str, str], timeout: float) -> None:
    print(
        "saved investigations, default parameters, as the CLI runs them (first run plans; goal <= 5 s); "
        "those that skip their checks for the CLI's view ($everything) also as a viewer holding every "
        "grant runs them (an API partner: the checks read every element's markings); computed and "
        "guided ones through the API in-process, as `chokepoint investigate` runs them:"
    )
    every = all_grants(graph)
    for name, investigation in sorted(load_catalog(ROOT / "queries").items()):
        if investigation.computed in COMPUTED_TIMED:  # its use case is timed apart, or not at all
            print(f"  {name:42s} computed: {COMPUTED_TIMED[investigation.computed]}")
            continue
        if investigation.computed or investigation.guided:
            try:
                first = timed_in_process(config, investigation, timeout)
                second = timed_in_process(config, investigation, timeout)
                verdict = "ok" if second <= SECONDS_GOAL else "OVER"
                kind = "guided by the chain floors" if investigation.guided else "computed"
                print(f"  {name:42s} {first:7.2f} s  then {second:7.2f} s  {verdict}   ({kind})")
            except TimedOut as stopped:
                print(
                    f"  {name:42s} stopped by the investigation timeout after {stopped.args[0]:.0f} s  OVER"
                )
        if investigation.computed:
            continue
        params = {p.name: neighbour[p.name] for p in investigation.parameters if p.required}
        try:
            first, second = (
                timed(graph, investigation, params, None),
                timed(graph, investigation, params, None),
            )
            verdict = "ok" if second <= SECONDS_GOAL else "OVER"
            line = f"  {name:42s} {first:7.2f} s  then {second:7.2f} s  {verdict}"
            if investigation.guided:
                line += "   (its Cypher, unguided: the baseline)"
            if "$everything" in investigation.cypher:
                line += (
                    f"   (a viewer holding every grant: {timed(graph, investigation, params, every):.2f} s)"
                )
            print(line)
        except TimedOut as stopped:
            baseline = "   (its Cypher, unguided: the baseline)" if investigation.guided else ""
            print(f"  {name:42s} stopped by the read timeout after {stopped.args[0]:.0f} s  OVER{baseline}")


def time_exposure(
    graph: Graph, types: list[str], url: str, neighbours: list[dict[str, str]], rounds: int
) -> None:
    grants = all_grants(graph)
    client = CurlClient()
    http: list[float] = []
    driver: list[float] = []
    query = load_query("api_find_sanctions_exposure")
    try:
        for round_number in range(rounds + 2):  # two warm-up rounds
            for neighbour in neighbours:
                variables = {"chain": neighbour["chain"], "address": neighbour["address"], "hops": MAX_HOPS}
                started = time.perf_counter()
                status, body = client.post(url, EXPOSURE, variables)
                elapsed = time.perf_counter() - started
                if status != 200 or body.get("errors"):
                    raise SystemExit(f"exposure request failed ({status}): {body}")
                started = time.perf_counter()
                whole = graph.read(
                    query,
                    id=neighbour["id"],
                    maxHops=MAX_HOPS,
                    relTypes=types,
                    grants=grants,
                    **{"toward": [], "from": []},  # flow ANY: every type either way, as the HTTP query asks
                )
                through_driver = time.perf_counter() - started
                answer = body["data"]["address"]["sanctionsExposure"]
                expected = (whole[0]["hops"], whole[0]["party"]["id"]) if whole else None
                if (answer and (answer["hops"], answer["party"]["id"])) != expected:
                    raise SystemExit(f"{neighbour['id']}: HTTP {answer}, whole-path search {expected}")
                if round_number >= 2:
                    http.append(elapsed * 1000)
                    driver.append(through_driver * 1000)
    finally:
        client.close()
    for label, values in (("HTTP, guided", http), ("driver, whole", driver)):
        print(
            f"  {label:16s} p50 {statistics.median(values):7.1f} ms  p95 {percentile(values, 0.95):7.1f} ms"
            f"  ({len(values)} requests)"
        )
    ratio = percentile(http, 0.95) / percentile(driver, 0.95)
    verdict = "ok" if percentile(http, 0.95) <= P95_GOAL_MS else "OVER"
    print(f"  p95 ratio HTTP / driver {ratio:.2f}; goal p95 <= {P95_GOAL_MS:.0f} ms: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_graph_options(parser)
    parser.add_argument("--rounds", type=int, default=20, help="measured rounds over the 10 addresses")
    parser.add_argument("--exposure-only", action="store_true", help="skip the saved investigations")
    parser.add_argument("--investigations-only", action="store_true", help="skip sanctionsExposure")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped")
    args = parser.parse_args()
    limits = dict.fromkeys(("neo4j_read_timeout_s", "api_read_timeout_s"), args.timeout)
    config = graph_as_it_stands(args).model_copy(
        update={**limits, "api_investigation_timeout_s": args.timeout}
    )
    with composition.connect(config) as graph:
        neighbours = [dict(row) for row in graph.read(BUSIEST_NEIGHBOURS)]
        if not neighbours:
            raise SystemExit("the bench graph has no SENT_FUNDS_TO links")
        print(f"busiest wallet: {neighbours[0]['links']} transfer links; its neighbour {neighbours[0]['id']}")
        if not args.exposure_only:
            model = composition.model_of(config)
            chains = chain_floor.build(graph, model)
            print(
                f"chain floors (guide supply_and_money_chains): "
                f"{[sum(levels) for levels in chains.walks]} nodes reached in {chains.seconds:.1f} s"
            )
            time_investigations(graph, config, neighbours[0], args.timeout)
        if args.investigations_only:
            return
        model = composition.model_of(config)
        types = exposure_floor.floor_types(model)
        floors = exposure_floor.build(graph, model)
        print(
            f"exposure floors: {sum(floors.reached_by_level):,} nodes reached "
            f"{floors.reached_by_level} in {floors.seconds:.1f} s"
        )
        print(f"sanctionsExposure(maxHops: {MAX_HOPS}) of the 10 busiest wallets' neighbours:")
        with chokepoint_api(config) as url:
            time_exposure(graph, types, url, neighbours, args.rounds)


if __name__ == "__main__":
    main()
