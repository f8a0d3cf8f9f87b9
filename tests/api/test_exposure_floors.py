"""``sanctionsExposure`` guided by exposure floors gives exactly the whole-path search's answer.

Oracle: the whole-path Cypher search (``api_find_sanctions_exposure.cypher``, what the API ran
before the floors and still runs when they do not hold), asked of the same viewer. Seeded random
graphs mix three owners' records (public, DEA LES, FBI LES): links, sanctioned marks and designations
each viewer sees differently, including a mark one owner sets and another's records do not, and
designations some owners record as delisted. Every address, several hop limits and three viewers
are compared; each guided path is checked link by link against what the viewer may see. Each owner
also holds a sample of one list of UTXO transactions over the same addresses (Whirlpool mixes among
them) and DEA splits one: a path crosses a transaction as a payment (either flow) or a co-spend (any
way), never a mix or a transaction a split the viewer sees disregards.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from chokepoint.analysis import exposure_floor
from chokepoint.analysis.exposure import ExposureSearch, search_for
from chokepoint.api.viewer import Viewer
from chokepoint.clustering import splits
from chokepoint.graph import Graph
from chokepoint.graph.queries import load_query
from chokepoint.synthetic.identifiers import btc_p2pkh
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j

OWNERS = [
    {"agency": "OFAC", "caveat": "PUBLIC"},
    {"agency": "DEA", "caveat": "LES"},
    {"agency": "FBI", "caveat": "LES"},
]
FLOWS = ("ANY", "RECEIVED", "SENT")
VIEWERS = [Viewer.of("DEA", ["DEA|LES"]), Viewer.of("FBI", ["FBI|LES"]), Viewer.of("CBP", ["CBP|LES"])]
EXPOSURE = """query($address: String!, $hops: Int!, $flow: MoneyFlow! = ANY) {
  address(chain: "bitcoin", address: $address) {
    sanctionsExposure(maxHops: $hops, flow: $flow) {
      hops flow party { id }
      path { nodes { id } relationships { relationship { type startId endId } } } } } }"""
ADDRESSES, PARTIES = 26, 10


def _name(n: int) -> str:
    """A valid bitcoin address (the API checks it), the same for ``n`` in every run."""
    return btc_p2pkh(random.Random(n))  # noqa: S311 -- reproducible test data, not secrets


def _address(n: int) -> dict[str, Any]:
    return {"label": "CryptoAddress", "chain": "bitcoin", "address": _name(n)}


def _party(n: int) -> dict[str, Any]:
    return {"label": "Person", "id": f"p:{n}"}


def _files(seed: int, tmp: Path) -> list[Path]:
    """Three owners' record files over one population of addresses and people."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test cases, not secrets
    paths = []
    for index, owner in enumerate(OWNERS):
        nodes: list[dict[str, Any]] = []
        rels: list[dict[str, Any]] = []
        for n in range(ADDRESSES):
            props: dict[str, Any] = {"chain": "bitcoin", "address": _name(n)}
            if rng.random() < 0.08:
                props["sanctioned"] = rng.random() < 0.8  # some owners say it is, some say not
            if rng.random() < 0.6 or "sanctioned" in props:
                nodes.append({"label": "CryptoAddress", "record": f"addr-{n}", "props": props})
        for n in range(PARTIES):
            if rng.random() < 0.7:
                nodes.append(
                    {"label": "Person", "record": f"p-{n}", "props": {"id": f"p:{n}", "name": f"P {n}"}}
                )
            if rng.random() < 0.15:
                designation = f"des:{n}"
                status = "active" if rng.random() < 0.75 else "delisted"
                nodes.append(
                    {
                        "label": "Designation",
                        "record": f"d-{n}",
                        "props": {"id": designation, "listName": "SDN", "entryId": str(n), "status": status},
                    }
                )
                rels.append(
                    {
                        "type": "SANCTIONED_BY",
                        "record": f"d-{n}",
                        "from": _party(n),
                        "to": {"label": "Designation", "id": designation},
                    }
                )
        for n in range(rng.randint(14, 26)):
            kind = rng.random()
            if kind < 0.5:
                a, b = rng.sample(range(ADDRESSES), 2)
                link = {"type": "SENT_FUNDS_TO", "from": _address(a), "to": _address(b)}
                link["props"] = {"asset": "BTC", "totalAmount": 1.0, "transferCount": 1}
            elif kind < 0.8:
                link = {
                    "type": "CONTROLS_ADDRESS",
                    "from": _party(rng.randrange(PARTIES)),
                    "to": _address(rng.randrange(ADDRESSES)),
                }
            else:
                a, b = rng.sample(range(PARTIES), 2)
                link = {"type": "LAUNDERS_FOR", "from": _party(a), "to": _party(b)}
            rels.append({**link, "record": f"l-{index}-{n}"})
        _add_endpoints(nodes, rels)
        document = {
            "provenance": {"dataset": f"exposure-{index}", **owner, "published": "2026-06-01"},
            "nodes": nodes,
            "relationships": rels,
        }
        path = tmp / f"exposure-{seed}-{index}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


def _utxo_files(seed: int, tmp: Path) -> tuple[list[Path], set[str], str]:
    """Each owner's sample of one list of transactions over the addresses: the files, the txids of
    the mixes among them, and a plain co-spend both DEA and the public file carry (DEA splits it)."""
    rng = random.Random(seed * 7)  # noqa: S311 -- reproducible test cases, not secrets
    records, mixes = [], set()
    for index in range(24):
        txid = rng.randbytes(32).hex()
        if index % 8 == 7:
            spent, paid, value, pay = (
                rng.sample(range(ADDRESSES), 5),
                rng.sample(range(ADDRESSES), 5),
                "0.0101",
                "0.01",
            )
            mixes.add(txid)
        else:
            spent = rng.sample(range(ADDRESSES), rng.choice((1, 2, 2, 3)))
            paid, value, pay = rng.sample(range(ADDRESSES), rng.choice((1, 2))), "0.03", "0.01"
        records.append(
            {
                "txid": txid,
                "block": 800_000 + index,
                "timestamp": 1_700_000_000 + 600 * index,
                "inputs": [{"address": _name(n), "value": value} for n in spent],
                "outputs": [{"address": _name(n), "value": pay} for n in paid],
            }
        )
    co_spends = [r for r in records if r["txid"] not in mixes and len(r["inputs"]) > 1]
    split = co_spends[0]
    paths = []
    for index, owner in enumerate(OWNERS):
        chosen = [r for r in records if (r is split and index < 2) or (r is not split and rng.random() < 0.6)]
        envelope = {"format": "btc-transactions", "version": 1, "dataset": f"utxo-{index}", **owner}
        path = tmp / f"utxo-{seed}-{index}.json"
        path.write_text(json.dumps({**envelope, "records": chosen}), encoding="utf-8")
        paths.append(path)
    return paths, mixes, str(split["txid"])


def _add_endpoints(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> None:
    """Each file asserts the nodes its links name (so a node one owner alone links is that owner's)."""
    present = {n["props"].get("id") or f"a:{n['props'].get('address')}" for n in nodes}
    for rel in rels:
        for end in (rel["from"], rel["to"]):
            if end["label"] == "CryptoAddress" and f"a:{end['address']}" not in present:
                props = {"chain": "bitcoin", "address": end["address"]}
                nodes.append({"label": "CryptoAddress", "record": f"addr-{end['address']}", "props": props})
                present.add(f"a:{end['address']}")
            elif end["label"] == "Person" and end["id"] not in present:
                props = {"id": end["id"], "name": end["id"].upper()}
                nodes.append({"label": "Person", "record": f"p-{end['id']}", "props": props})
                present.add(end["id"])


def _whole_path(graph: Graph, viewer: Viewer, search: ExposureSearch) -> Any:
    rows = graph.read(
        load_query("api_find_sanctions_exposure"),
        id=search.start,
        maxHops=search.max_hops,
        relTypes=search.types,
        grants=viewer.grant_list(),
        **search.directions(),
    )
    return (rows[0]["hops"], rows[0]["party"]["id"]) if rows else None


def _check_path(
    graph: Graph, viewer: Viewer, found: dict[str, Any], search: ExposureSearch, barred: set[str]
) -> None:
    """The path runs from the address to the party over links of the exposure group, money links the
    way the flow asks, each link one the viewer may see, between nodes it may see, never through a
    transaction of ``barred`` (the mixes, and a split the viewer sees)."""
    nodes = [n["id"] for n in found["path"]["nodes"]]
    links = [hop["relationship"] for hop in found["path"]["relationships"]]
    assert nodes[0] == search.start and nodes[-1] == found["party"]["id"] and len(links) == found["hops"]
    for i, link in enumerate(links):
        assert {link["startId"], link["endId"]} == {nodes[i], nodes[i + 1]}, (nodes, links)
        if link["type"] in search.toward:
            assert link["startId"] == nodes[i], (search, links)
        if link["type"] in search.against:
            assert link["endId"] == nodes[i], (search, links)
    visible = graph.read(load_query("api_fetch_entities"), ids=nodes, grants=viewer.grant_list())
    assert {row["id"] for row in visible} == set(nodes)
    assert not {n.removeprefix("UtxoTransaction:bitcoin|") for n in nodes} & barred, (nodes, barred)


@pytest.mark.parametrize("seed", [3, 29])
def test_guided_exposure_is_the_whole_path_answer_for_every_viewer(graph, model, oracle_api, tmp_path, seed):
    for path in _files(seed, tmp_path):
        for report in load(graph, "records", path, tmp_path):
            assert not report.rejected, report.rejected
    utxo, mixes, split = _utxo_files(seed, tmp_path)
    for path in utxo:
        for report in load(graph, "btc-transactions", path, tmp_path):
            assert not report.rejected, report.rejected
    splits.split(graph, "bitcoin", [split], "not one wallet", "tests", "DEA", "LES")
    report = exposure_floor.build(graph, model)
    assert report.complete and report.reached_by_level[0] > 0
    types = exposure_floor.floor_types(model)
    assert exposure_floor.read_state(graph).holds_for(types, 6)
    compared, found, through = 0, Counter[str](), Counter[str]()
    for viewer, n, hops, flow in itertools.product(VIEWERS, range(ADDRESSES), (2, 6), FLOWS):
        search = search_for(model, f"CryptoAddress:bitcoin|{_name(n)}", types, hops, flow)
        answer = oracle_api.run(EXPOSURE, viewer, address=_name(n), hops=hops, flow=flow)
        assert not answer.errors, answer.errors
        address = (answer.data or {}).get("address")
        guided = address and address["sanctionsExposure"]
        expected = _whole_path(graph, viewer, search) if address else None
        assert (guided and (guided["hops"], guided["party"]["id"])) == expected, (viewer, search)
        compared += 1
        if guided:
            assert guided["flow"] == flow
            found[flow] += 1
            _check_path(graph, viewer, guided, search, mixes | ({split} if viewer.agency == "DEA" else set()))
            hops = guided["path"]["relationships"]
            if any(hop["relationship"]["type"] in ("SPENT_IN", "PAID_TO") for hop in hops):
                through[flow] += 1
    # the cases exercise both answers, and the directed flows find less than any way
    assert min(found.values()) >= 5 and compared > sum(found.values()), found
    assert found["ANY"] > max(found["RECEIVED"], found["SENT"]), found
    assert min(through.values()) >= 1 and len(through) == 3, through  # UTXO payments, each flow


def test_a_write_voids_the_floors_and_the_answer_still_holds(graph, model, oracle_api, tmp_path):
    public = {"dataset": "exposure-late", "agency": "OFAC", "caveat": "PUBLIC", "published": "2026-06-01"}

    def write(name: str, nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> None:
        _add_endpoints(nodes, rels)
        path = tmp_path / f"{name}.json"
        document = {"provenance": {**public, "dataset": name}, "nodes": nodes, "relationships": rels}
        path.write_text(json.dumps(document), encoding="utf-8")
        for report in load(graph, "records", path, tmp_path):
            assert not report.rejected, report.rejected

    chain = [
        {
            "type": "SENT_FUNDS_TO",
            "record": f"s{i}",
            "from": _address(i),
            "to": _address(i + 1),
            "props": {"asset": "BTC", "totalAmount": 1.0, "transferCount": 1},
        }
        for i in range(4)
    ]
    bad = {
        "label": "CryptoAddress",
        "record": "bad",
        "props": {"chain": "bitcoin", "address": _name(4), "sanctioned": True},
    }
    write("base", [bad], chain)
    exposure_floor.build(graph, model)
    before = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(0), hops=6).data
    assert before is not None and before["address"]["sanctionsExposure"]["hops"] == 4
    # a0 paid a1 … a4, the sanctioned one: money a0 sent reached it; none a0 received came from it
    sent = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(0), hops=6, flow="SENT").data
    assert sent is not None and sent["address"]["sanctionsExposure"]["hops"] == 4
    received = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(0), hops=6, flow="RECEIVED").data
    assert received == {"address": {"sanctionsExposure": None}}
    from_party = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(2), hops=6, flow="RECEIVED").data
    assert from_party == {"address": {"sanctionsExposure": None}}
    to_party = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(2), hops=6, flow="SENT").data
    assert to_party is not None and to_party["address"]["sanctionsExposure"]["hops"] == 2

    shortcut = {
        "type": "SENT_FUNDS_TO",
        "record": "cut",
        "from": _address(0),
        "to": _address(4),
        "props": {"asset": "BTC", "totalAmount": 2.0, "transferCount": 1},
    }
    write("later", [], [shortcut])  # a floor now overstates a0's distance: it must not be trusted
    types = exposure_floor.floor_types(model)
    assert not exposure_floor.read_state(graph).holds_for(types, 6)
    after = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(0), hops=6).data
    assert after is not None and after["address"]["sanctionsExposure"]["hops"] == 1

    exposure_floor.build(graph, model)
    assert exposure_floor.read_state(graph).holds_for(types, 6)
    rebuilt = oracle_api.run(EXPOSURE, VIEWERS[2], address=_name(0), hops=6).data
    assert rebuilt is not None and rebuilt["address"]["sanctionsExposure"]["hops"] == 1


def test_floors_cover_only_the_types_and_hops_they_were_built_for(graph, model):
    exposure_floor.build(graph, model, max_hops=3)
    state = exposure_floor.read_state(graph)
    types = exposure_floor.floor_types(model)
    assert state.holds_for(types, 3)
    assert not state.holds_for(types, 4)
    assert not state.holds_for([*types, "ASSOCIATE_OF"], 3)
    assert state.holds_for(types[:2], 2)


def test_every_domain_write_counts_and_deriving_does_not(graph, model):
    before = exposure_floor.read_state(graph).writes
    exposure_floor.build(graph, model)
    assert exposure_floor.read_state(graph).writes == before
    graph.write(load_query("count_graph_write"))
    assert exposure_floor.read_state(graph).writes == before + 2  # the query and its own count
