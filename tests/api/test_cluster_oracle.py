"""The caveat oracle for co-spend clusters (issue 22): what a viewer is told of clusters on the full
graph equals what the records it may see alone give.

Seeded random UTXO graphs: a list of transactions over a pool of real-format addresses (a few
Whirlpool mixes among them), loaded as ``btc-transactions`` files of random owners and caveats, each
file a random sample of the list (so one transaction often comes from two files under two markings),
then split decisions under grants that see their transactions. For every (sharing policy, agency)
viewer:

- its clusters over the whole graph (``cluster run``'s service, through the API's reads with its
  grants) equal those of the plain-Python union-find of the unit oracle over a graph built only from
  the files it may see plus the splits it may see (read there with plain Cypher, mixes left out by the
  generator's list, not by the detectors);
- the API's ``address { cluster { … } }`` for it on the full graph equals the development viewer's
  answer on that build, field by field (members, evidence with its records, totals, activity, the
  members flagged sanctioned or attributed by two more files of random markings);
- so does its ``sanctionsExposure`` (any way, received, sent: hops and party) over UTXO transactions
  crossed as payments or co-spends, and no path of the everything view crosses a mix or a split;
- so do the saved ``wallet_clusters`` investigation's rows and report, by default (the clusters of
  what the viewer sees flagged or attributed) and for the addresses asked (or the same refusal);
- and the oracle can fail: some viewer's clusters differ from the everything view's.
"""

from __future__ import annotations

import asyncio
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import base58
import pytest

from chokepoint import composition
from chokepoint.api.reads import GraphReads
from chokepoint.api.schema import build_schema
from chokepoint.api.viewer import Viewer
from chokepoint.clustering import Transaction, TxInput, service, splits
from chokepoint.errors import InvalidInput
from chokepoint.exports.service import Selection, select_for
from chokepoint.graph import Graph
from chokepoint.graph.async_adapter import AsyncGraph
from chokepoint.graph.queries import CypherQuery
from chokepoint.markings import visibility
from chokepoint.schema import DomainModel
from chokepoint.settings import Settings, load_settings
from tests.api import oracle
from tests.api.conftest import InProcessApi
from tests.api.test_caveat_oracle import AGENCIES, POLICIES
from tests.unit.test_clustering_oracle import plain_partition

pytestmark = pytest.mark.neo4j

POOL = 90
TRANSACTIONS = 110
BASE_BLOCK = 800_000
ASKED = 30  # addresses asked of the API per set of grants (each answer is a walk of a few reads)
CLUSTER = """size representative truncated
  members(first: 100) { totalCount edges { node { id markings sourceRecords } } }
  evidence(first: 100) { address rule joinedByTxid joinedToward
    evidence { txid block records { record marking agency } } }
  totalReceived totalSent firstActivity lastActivity skipped { txid }
  sanctionedOrAttributed { sanctioned address { id } controlledBy { id } }"""
# sanctions exposure through UTXO transactions (payments, and co-spends either way), every flow
EXPOSURE = " ".join(
    f"{flow.lower()}: sanctionsExposure(maxHops: 6, flow: {flow}) {{ hops party {{ id }} "
    "path { nodes { id } relationships { relationship { type startId endId } } } }"
    for flow in ("ANY", "RECEIVED", "SENT")
)
FIELDS = f"cluster {{ {CLUSTER} }} {EXPOSURE}"
REPORT = """query ($params: JSON) {
  runInvestigation(name: "wallet_clusters", params: $params, first: 1000) {
    columns totalCount edges { node } report
  }
}"""


def _address(rng: random.Random) -> str:
    return base58.b58encode_check(b"\x00" + rng.randbytes(20)).decode("ascii")


def _value(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(100_000, 10_000_000)) / 10**8


def random_transactions(seed: int) -> tuple[list[dict[str, Any]], set[str]]:
    """Records of the btc-transactions format, and the txids of the Whirlpool mixes among them."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    pool = [_address(rng) for _ in range(POOL)]
    records, mixes = [], set()
    for index in range(TRANSACTIONS):
        txid = rng.randbytes(32).hex()
        block = BASE_BLOCK + index
        if rng.random() < 0.06:
            inputs = [{"address": a, "value": "0.0101"} for a in rng.sample(pool, 5)]
            outputs = [{"address": a, "value": "0.01"} for a in rng.sample(pool, 5)]
            mixes.add(txid)
        else:
            spent = rng.sample(pool, rng.choice((1, 1, 2, 2, 3)))
            inputs = [{"address": a, "value": str(_value(rng))} for a in spent]
            total = sum(Decimal(i["value"]) for i in inputs)
            paid = rng.sample(pool, rng.choice((1, 2)))
            share = (total - Decimal("0.00001")) / len(paid)
            outputs = [
                {"address": a, "value": str(share.quantize(Decimal("0.00000001"), "ROUND_DOWN"))}
                for a in paid
            ]
        records.append(
            {
                "txid": txid,
                "block": block,
                "timestamp": 1_700_000_000 + 600 * index,
                "inputs": inputs,
                "outputs": outputs,
            }
        )
    return records, mixes


def random_sources(seed: int, folder: Path) -> tuple[list[oracle.SourceFile], list[dict[str, Any]], set[str]]:
    """Seven files of random owners and caveats, each a sample of the transactions."""
    records, mixes = random_transactions(seed)
    rng = random.Random(seed * 31)  # noqa: S311 -- reproducible test cases, not secrets
    files = []
    for index in range(7):
        agency, caveat = rng.choice(oracle.AGENCIES), rng.choice(oracle.CAVEATS)
        chosen = sorted(rng.sample(range(len(records)), 35))
        envelope = {
            "format": "btc-transactions",
            "version": 1,
            "dataset": f"cluster-{seed}-{index}",
            "agency": agency,
            "caveat": caveat,
            "synthetic": True,
            "records": [records[i] for i in chosen],
        }
        path = folder / f"cluster-{seed}-{index}.json"
        path.write_text(json.dumps(envelope))
        files.append(oracle.SourceFile("btc-transactions", path))
    return files, records, mixes


def random_attributions(seed: int, folder: Path, records: list[dict[str, Any]]) -> list[oracle.SourceFile]:
    """Two ``records`` files of random markings: parties controlling, and flags on, pool addresses."""
    rng = random.Random(seed * 13)  # noqa: S311 -- reproducible test cases, not secrets
    pool = sorted({i["address"] for r in records for i in r["inputs"]})
    files = []
    for index in range(2):
        agency, caveat = rng.choice(oracle.AGENCIES), rng.choice(oracle.CAVEATS)
        owners = [f"p:owner-{seed}-{index}-{k}" for k in range(3)]
        nodes: list[dict[str, Any]] = [
            {"label": "Person", "record": owner, "props": {"id": owner, "name": owner.upper()}}
            for owner in owners
        ]
        nodes += [
            {
                "label": "CryptoAddress",
                "record": f"flag-{k}",
                "props": {"chain": "bitcoin", "address": a, "sanctioned": True},
            }
            for k, a in enumerate(rng.sample(pool, 3))
        ]
        links = [
            {
                "type": "CONTROLS_ADDRESS",
                "record": f"controls-{k}",
                "from": {"label": "Person", "id": rng.choice(owners)},
                "to": {"label": "CryptoAddress", "chain": "bitcoin", "address": address},
            }
            for k, address in enumerate(rng.sample(pool, 6))
        ]
        provenance = {"dataset": f"attrib-{seed}-{index}", "agency": agency, "caveat": caveat}
        path = folder / f"attrib-{seed}-{index}.json"
        path.write_text(json.dumps({"provenance": provenance, "nodes": nodes, "relationships": links}))
        files.append(oracle.SourceFile("records", path))
    return files


Split = tuple[str, str, str]  # txid, agency, caveat


def choose_splits(seed: int, sources: list[oracle.SourceFile], mixes: set[str]) -> list[Split]:
    """Three splits of multi-input transactions, each under the marking of a file that carries it."""
    rng = random.Random(seed * 7)  # noqa: S311 -- reproducible test cases, not secrets
    carried: dict[str, list[tuple[str, str]]] = {}
    for source in sources:
        envelope = json.loads(source.path.read_text())
        for record in envelope["records"]:
            if record["txid"] not in mixes and len({i["address"] for i in record["inputs"]}) > 1:
                carried.setdefault(record["txid"], []).append((envelope["agency"], envelope["caveat"]))
    picked = rng.sample(sorted(carried), 3)
    return [(txid, *rng.choice(carried[txid])) for txid in picked]


def make_splits(graph: Graph, chosen: list[Split], held: frozenset[str] | None) -> None:
    for txid, agency, caveat in chosen:
        if held is None or visibility(agency, caveat) in held:
            splits.split(graph, "bitcoin", [txid], "oracle", "tests", agency, caveat)


def plain_clusters(graph: Graph, mixes: set[str]) -> dict[str, str]:
    """The graph's co-spend partition by the unit oracle's union-find, read with plain Cypher (every
    element: the graph holds only what the viewer may see)."""
    text = """MATCH (t:UtxoTransaction)
        RETURN t.txid AS txid, EXISTS { (:ClusterSplit)-[:DISREGARDS]->(t) } AS split,
               COLLECT { MATCH (a:CryptoAddress)-[r:SPENT_IN]->(t)
                         RETURN a.address ORDER BY r.inputIndex } AS inputs"""
    rows = graph.read(CypherQuery("oracle_cluster_inputs", text))
    transactions = [
        Transaction(str(row["txid"]), tuple(TxInput(str(a), Decimal(1)) for a in row["inputs"]), ())
        for row in rows
    ]
    skip = mixes | {str(row["txid"]) for row in rows if row["split"]}
    return plain_partition(transactions, skip)


def service_clusters(settings: Settings, viewer: Viewer) -> dict[str, str]:
    """The viewer's whole-graph partition, as ``cluster run`` computes it."""

    async def main() -> dict[str, str]:
        user, password = composition.credentials(settings)
        graph = await AsyncGraph.connect(settings.bolt_uri, user, password, settings.neo4j_database)
        session = graph.session()
        try:
            runs = await service.run_all(GraphReads(session, viewer), page_size=17)
        finally:
            await session.close()
            await graph.close()
        out: dict[str, str] = {}
        for run in runs:
            assert run.clustering is not None
            out.update(run.clustering.partition())
        return out

    return asyncio.run(main())


def ask_clusters(api: InProcessApi, viewer: Viewer, addresses: list[str]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for start in range(0, len(addresses), 20):
        chunk = addresses[start : start + 20]
        fields = "\n".join(
            f'a{i}: address(chain: "bitcoin", address: {json.dumps(a)}) {{ {FIELDS} }}'
            for i, a in enumerate(chunk)
        )
        outcome = api.run(f"query {{ {fields} }}", viewer)
        assert not outcome.errors, outcome.errors[:3]
        assert outcome.data is not None
        answers.update({address: outcome.data[f"a{i}"] for i, address in enumerate(chunk)})
    return answers


def comparable(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with each exposure as its hops and party: of equally short paths to one party the
    search returns any (storage order differs between two builds); the path is checked apart."""
    out: dict[str, Any] = {}
    for address, answer in answers.items():
        if answer is None:
            out[address] = None
            continue
        flows = {
            f: answer[f] and (answer[f]["hops"], answer[f]["party"]["id"])
            for f in ("any", "received", "sent")
        }
        out[address] = {**answer, **flows}
    return out


def ask_report(api: InProcessApi, viewer: Viewer, addresses: list[str]) -> dict[str, Any]:
    """The wallet_clusters investigation by default and for ``addresses``: its answers, or errors."""
    out: dict[str, Any] = {}
    for key, params in (("default", {}), ("asked", {"addresses": addresses})):
        outcome = api.run(REPORT, viewer, params=params)
        out[key] = {"errors": outcome.errors} if outcome.errors else outcome.data
    return out


def all_addresses(graph: Graph) -> list[str]:
    rows = graph.read(
        CypherQuery("oracle_addresses", "MATCH (a:CryptoAddress) RETURN a.address AS a ORDER BY a")
    )
    return [str(row["a"]) for row in rows]


def exported_clusters(graph: Graph, model: DomainModel, grants: list[str], addresses: list[str]) -> Any:
    """The wallet clusters a chart of ``addresses`` (with ``clusters``) draws for a viewer holding
    ``grants``: its WalletCluster nodes and IN_CLUSTER links, or its refusal."""
    ids = tuple(f"CryptoAddress:bitcoin|{address}" for address in addresses)
    try:
        chart = select_for(graph, model, load_settings().queries_dir, Selection(ids, clusters=True), grants)
    except InvalidInput as exc:
        return f"refused: {exc}"
    return {
        "nodes": sorted((node.id, sorted(node.props.items())) for node in chart.computed_nodes),
        "edges": sorted((edge.id, sorted(map(str, edge.props.items()))) for edge in chart.computed_edges),
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_clusters_follow_visible_records(graph, model, neo4j_settings, api_registry, tmp_path, seed):
    api = InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)
    sources, records, mixes = random_sources(seed, tmp_path)
    chosen = choose_splits(seed, sources, mixes)
    sources += random_attributions(seed, tmp_path, records)
    oracle.build(graph, sources, tmp_path, None)
    make_splits(graph, chosen, None)
    everything = service_clusters(neo4j_settings, oracle.development(graph))
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    clustered = rng.sample(sorted(everything), ASKED // 2)  # half of them in some cluster
    addresses = sorted({*clustered, *rng.sample(all_addresses(graph), ASKED // 2)})
    assert everything == plain_clusters(graph, mixes)
    viewers = {
        (policy, agency): viewer
        for policy, config in POLICIES.items()
        for agency, viewer in oracle.viewers(AGENCIES, config).items()
    }
    by_held: dict[frozenset[str], list[tuple[str, str]]] = {}
    for key, viewer in viewers.items():
        by_held.setdefault(oracle.held_by(viewer), []).append(key)
    # every viewer's clusters; the API asked once per set of grants (its answers depend on nothing else)
    asked = {key: service_clusters(neo4j_settings, viewer) for key, viewer in viewers.items()}
    api_asked = {held: ask_clusters(api, viewers[keys[0]], addresses) for held, keys in by_held.items()}
    reported = {held: ask_report(api, viewers[keys[0]], addresses) for held, keys in by_held.items()}
    charted = {
        held: exported_clusters(graph, model, viewers[keys[0]].grant_list(), addresses)
        for held, keys in by_held.items()
    }
    drawn = exported_clusters(graph, model, oracle.present_grants(graph), addresses)
    assert isinstance(drawn, dict) and len(drawn["nodes"]) >= 2, "too few clusters drawn to test anything"
    everything_reported = ask_report(api, oracle.development(graph), addresses)
    default_rows = everything_reported["default"]["runInvestigation"]["edges"]
    assert default_rows and any(row["node"]["sanctioned"] for row in default_rows), "no flagged cluster"
    through_utxo = [
        answer[flow]
        for answer in ask_clusters(api, oracle.development(graph), addresses).values()
        if answer is not None
        for flow in ("any", "received", "sent")
        if answer[flow] and any(n["id"].startswith("UtxoTransaction:") for n in answer[flow]["path"]["nodes"])
    ]
    assert through_utxo, "no exposure runs through a UTXO transaction: nothing proven of it"
    assert not [
        n["id"]
        for found in through_utxo
        for n in found["path"]["nodes"]
        if n["id"].removeprefix("UtxoTransaction:bitcoin|") in mixes | {split[0] for split in chosen}
    ], "an exposure path crosses a CoinJoin, or a transaction a split the viewer sees disregards"
    differs = charts_differ = reports_differ = 0
    for held, keys in by_held.items():
        oracle.build(graph, sources, tmp_path, held)
        make_splits(graph, chosen, held)
        expected = plain_clusters(graph, mixes)
        answers = ask_clusters(api, oracle.development(graph), addresses)
        differs += expected != everything
        for key in keys:
            assert asked[key] == expected, f"{key}: clusters differ from its visible records' ({seed=})"
        found = oracle.first_difference(comparable(api_asked[held]), comparable(answers))
        assert found is None, f"{keys}: {found}"
        found = oracle.first_difference(reported[held], ask_report(api, oracle.development(graph), addresses))
        assert found is None, f"{keys}, wallet_clusters: {found}"
        reports_differ += reported[held] != everything_reported
        chart = exported_clusters(graph, model, oracle.present_grants(graph), addresses)
        found = oracle.first_difference(charted[held], chart)
        assert found is None, f"{keys}, the chart's clusters: {found}"
        charts_differ += chart != drawn
    assert differs, "every viewer sees the everything view's clusters: the oracle could not catch a leak"
    assert charts_differ, "every viewer's chart draws the everything view's clusters: nothing proven"
    assert reports_differ, "every viewer's wallet_clusters is the everything view's: nothing proven"
    assert len(set(everything.values())) >= 3, "too few clusters to test anything"
