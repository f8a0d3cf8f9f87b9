"""A chart with clusters draws each co-spend wallet of its bitcoin addresses once, with its members'
links, and says when a cap stopped it (the per-viewer contents: tests/api/test_cluster_oracle.py)."""

from threading import Event

import pytest

from chokepoint.errors import InvalidInput
from chokepoint.exports import wallet_clusters
from chokepoint.exports.service import ExportFormat, Selection, check_clusters, select_for
from chokepoint.exports.subgraph import ExportCancelled
from chokepoint.ingest.writer import GraphWriter
from chokepoint.settings import load_settings
from tests.integration.test_investigations import CASE, address
from tests.integration.test_supply_chains import spends, utxo

pytestmark = pytest.mark.neo4j

FIRST, SECOND, ALONE = "aa" * 32, "bb" * 32, "cc" * 32


def two_wallets():
    yield from [address(name) for name in ("a1", "a2", "b1", "b2", "loner")]
    yield from [utxo(FIRST, False, 2, 1), spends("a1", FIRST, 0, "0.1"), spends("a2", FIRST, 1, "0.2")]
    yield from [utxo(SECOND, False, 2, 1), spends("b1", SECOND, 0, "0.3"), spends("b2", SECOND, 1, "0.4")]
    yield from [utxo(ALONE, False, 1, 1), spends("loner", ALONE, 0, "0.5")]


def chart(graph, model, *names):
    ids = tuple(f"CryptoAddress:bitcoin|{name}" for name in names)
    return select_for(graph, model, load_settings().queries_dir, Selection(ids, clusters=True))


def test_each_wallet_is_drawn_once_with_the_links_of_its_charted_members(graph, model):
    assert GraphWriter(graph, model, CASE).write_all(two_wallets()).rejected == []
    drawn = chart(graph, model, "a1", "a2", "b1", "loner")
    assert sorted(node.props["size"] for node in drawn.computed_nodes) == [2, 2]
    assert {node.label for node in drawn.computed_nodes} == {"WalletCluster"}
    links = {(edge.source.rpartition("|")[2], edge.type) for edge in drawn.computed_edges}
    assert links == {("a1", "IN_CLUSTER"), ("a2", "IN_CLUSTER"), ("b1", "IN_CLUSTER")}  # b2 is not charted
    evidence = {tuple(edge.props.get("evidence", ())) for edge in drawn.computed_edges}
    assert evidence <= {(), (FIRST,), (SECOND,)} and not drawn.computed_cut
    assert [node.id for node in drawn.nodes()][-2:] == [node.id for node in drawn.computed_nodes]


def test_a_chart_says_when_the_cap_left_clusters_out(graph, model, monkeypatch):
    assert GraphWriter(graph, model, CASE).write_all(two_wallets()).rejected == []
    monkeypatch.setattr(wallet_clusters, "MAX_CLUSTERS", 1)
    drawn = chart(graph, model, "a1", "b1")
    assert len(drawn.computed_nodes) == 1 and drawn.computed_cut


def test_a_stopped_export_walks_no_further_cluster(graph, model):
    assert GraphWriter(graph, model, CASE).write_all(two_wallets()).rejected == []
    ids = ("CryptoAddress:bitcoin|a1", "CryptoAddress:bitcoin|b1")
    stop = Event()
    stop.set()  # the API's client went away before the walks
    with pytest.raises(ExportCancelled, match="wallet clusters"):
        select_for(graph, model, load_settings().queries_dir, Selection(ids, clusters=True), stop=stop)
    unstopped = select_for(
        graph, model, load_settings().queries_dir, Selection(ids, clusters=True), stop=Event()
    )
    assert len(unstopped.computed_nodes) == 2


def test_a_format_loaded_as_stored_refuses_clusters():
    with pytest.raises(InvalidInput, match="clusters: the neo4j-csv export is records to load"):
        check_clusters(ExportFormat.neo4j_csv.value, True)
    check_clusters(ExportFormat.neo4j_csv.value, False)
    check_clusters(ExportFormat.anx.value, True)
