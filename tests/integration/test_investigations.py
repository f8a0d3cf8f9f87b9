"""Every saved investigation on a small hand-made case, with the answer it must find."""

import json

import pytest

from chokepoint.demo.report import hop_of, node_name, node_role
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.ingest.writer import GraphWriter
from chokepoint.investigations.catalog import load_catalog
from chokepoint.investigations.runner import every_grant, run
from chokepoint.settings import PROJECT_ROOT
from tests.integration.conftest import load

pytestmark = pytest.mark.neo4j
QUERIES = PROJECT_ROOT / "queries"
CASE = Provenance(dataset="test-case", agency="DEA", caveat="LES", synthetic=True)


def org(node_id, name, *kinds):
    return NodeRecord("Organization", node_id, {"id": node_id, "name": name, "kinds": list(kinds)})


def person(node_id, name):
    return NodeRecord("Person", node_id, {"id": node_id, "name": name})


def address(name, sanctioned=False):
    return NodeRecord("CryptoAddress", name, {"chain": "bitcoin", "address": name, "sanctioned": sanctioned})


def ref(label, node_id):
    if label == "CryptoAddress":
        return NodeRef(label, {"chain": "bitcoin", "address": node_id})
    return NodeRef(label, {"id": node_id})


def rel(rel_type, source, target, **props):
    return RelationshipRecord(
        rel_type, ref(*source), ref(*target), f"{rel_type}:{source[1]}:{target[1]}", props
    )


def flow(source, target, amount):
    return rel(
        "SENT_FUNDS_TO",
        ("CryptoAddress", source),
        ("CryptoAddress", target),
        asset="BTC",
        totalAmount=amount,
        transferCount=1,
    )


SINALOA, CJNG = ("Organization", "ofac:11440"), ("Organization", "ofac:17671")


def case_records():
    yield from [
        org("ofac:11440", "SINALOA CARTEL", "cartel"),
        org("ofac:17671", "CJNG", "cartel"),
        org("sup", "Hebei Example Chemical", "precursor_supplier"),
        org("front", "Importadora Ejemplo", "front_company"),
        org("cell", "Phoenix cell", "distribution_cell"),
        org("broker", "Rim Remittance", "crypto_broker"),
        person("p1", "MEMBER ONE"),
        person("p2", "MEMBER TWO"),
        person("p3", "MEMBER THREE"),
        person("designated", "DESIGNATED, Person"),
        person("assoc", "ASSOCIATE, Unsanctioned"),
        person("shared", "SHARED, Fixer"),
        NodeRecord(
            "Designation",
            "d1",
            {"id": "d1", "listName": "SDN", "entryId": "1", "programs": ["SDNTK"], "status": "active"},
        ),
        NodeRecord(
            "Designation",
            "d2",
            {"id": "d2", "listName": "SDN", "entryId": "2", "programs": ["SDNTK"], "status": "active"},
        ),
        *[
            address(a)
            for a in (
                "w1",
                "w2",
                "w3",
                "broker-addr",
                "paper",
                "vendor-addr",
                "c0",
                "c1",
                "c2",
                "c3",
                "c4",
                "x1",
                "x2",
                "x3",
            )
        ],
        address("sanctioned-addr", sanctioned=True),
        NodeRecord(
            "Seizure",
            "s1",
            {"id": "s1", "caseNumber": "PX-1", "seizedOn": "2026-06-14", "seizingAgency": "DEA"},
        ),
        NodeRecord("Substance", "anpp", {"id": "anpp", "name": "4-ANPP", "category": "precursor"}),
        NodeRecord("Shipment", "sh1", {"id": "sh1", "billOfLading": "BOL-1", "declaredDescription": "dye"}),
        NodeRecord("Port", "lax", {"id": "lax", "name": "Los Angeles", "kind": "seaport"}),
        NodeRecord(
            "Location", "area", {"id": "area", "name": "Los Angeles Field Office", "kind": "field_office"}
        ),
        NodeRecord("VendorAccount", "v1", {"market": "m1", "handle": "pharma_king"}),
        NodeRecord("DarknetMarket", "m1", {"id": "m1", "name": "Example Market"}),
        *[
            NodeRecord(
                "SeizureStatistic",
                f"fy{year}",
                {
                    "id": f"fy{year}",
                    "fiscalYear": year,
                    "month": "JAN",
                    "periodStart": f"{year}-01-01",
                    "component": "OFO",
                    "region": "Coastal/Interior",
                    "landFilter": "Other",
                    "drugType": "Fentanyl",
                    "eventCount": 1,
                    "quantityLbs": lbs,
                },
            )
            for year, lbs in ((2022, 10.0), (2024, 30.0))
        ],
    ]
    yield from [
        rel("SUPPLIES", ("Organization", "sup"), ("Organization", "front")),
        rel("SUPPLIES", ("Organization", "front"), CJNG),
        rel("SUPPLIES", CJNG, ("Organization", "cell")),
        *[rel("MEMBER_OF", ("Person", p), SINALOA) for p in ("p1", "p2", "p3")],
        *[
            rel("CONTROLS_ADDRESS", ("Person", p), ("CryptoAddress", w))
            for p, w in (("p1", "w1"), ("p2", "w2"), ("p3", "w3"))
        ],
        rel("CONTROLS_ADDRESS", ("Organization", "broker"), ("CryptoAddress", "broker-addr")),
        *[flow(w, "broker-addr", 5.0) for w in ("w1", "w2", "w3")],
        rel("SANCTIONED_BY", SINALOA, ("Designation", "d1")),
        rel("SANCTIONED_BY", ("Person", "designated"), ("Designation", "d2")),
        rel("CONTROLS_ADDRESS", ("Person", "designated"), ("CryptoAddress", "sanctioned-addr")),
        rel("FOUND_ADDRESS", ("Seizure", "s1"), ("CryptoAddress", "paper"), foundOn="paper"),
        flow("paper", "sanctioned-addr", 2.0),
        rel("ASSOCIATE_OF", ("Person", "shared"), SINALOA),
        rel("ASSOCIATE_OF", ("Person", "shared"), CJNG),
        rel("ASSOCIATE_OF", ("Person", "assoc"), ("Person", "designated")),
        rel("CONTAINED", ("Shipment", "sh1"), ("Substance", "anpp"), declared=False, quantityKg=25.0),
        rel("CONSIGNED_TO", ("Shipment", "sh1"), ("Organization", "front")),
        rel("SHIPPED", ("Organization", "sup"), ("Shipment", "sh1")),
        rel("ARRIVED_AT", ("Shipment", "sh1"), ("Port", "lax")),
        rel("LOCATED_IN", ("Port", "lax"), ("Location", "area")),
        *[rel("COUNTED_IN", ("SeizureStatistic", f"fy{y}"), ("Location", "area")) for y in (2022, 2024)],
        RelationshipRecord(
            "ACCEPTS_PAYMENT_TO",
            NodeRef("VendorAccount", {"market": "m1", "handle": "pharma_king"}),
            ref("CryptoAddress", "vendor-addr"),
            "v1",
        ),
        RelationshipRecord(
            "ON_MARKET",
            NodeRef("VendorAccount", {"market": "m1", "handle": "pharma_king"}),
            ref("DarknetMarket", "m1"),
            "v1",
        ),
        flow("w1", "vendor-addr", 1.0),
        flow("c0", "c1", 10.0),
        flow("c1", "c2", 9.0),
        flow("c2", "c3", 8.0),
        flow("c3", "c4", 7.0),
        flow("c1", "x1", 1.0),
        flow("c2", "x2", 1.0),
        flow("c3", "x3", 1.0),
    ]


@pytest.fixture(scope="module")
def case_graph(module_graph, model):
    report = GraphWriter(module_graph, model, CASE).write_all(case_records())
    assert report.rejected == []
    return module_graph


def investigate(graph, name, **params):
    return run(graph, load_catalog(QUERIES)[name], params)


def test_catalogue_has_the_analyst_investigations():
    assert len(load_catalog(QUERIES)) >= 10


def names(elements):
    return [node_name(element) for element in elements]


def test_supplier_to_cell_chain_with_evidence(case_graph):
    [row] = investigate(case_graph, "supplier_to_cell_chains")
    assert names(row["nodes"]) == ["Hebei Example Chemical", "Importadora Ejemplo", "CJNG", "Phoenix cell"]
    assert {link["props"]["agency"] for link in row["links"]} == {"DEA"} and row["hops"] == 3
    assert row["ids"] == [node["id"] for node in row["nodes"]] == ["sup", "front", "ofac:17671", "cell"]
    assert investigate(case_graph, "supplier_to_cell_chains", maxHops="2") == []


def test_broker_fan_in(case_graph):
    [row] = investigate(case_graph, "broker_fan_in", minWallets=3)
    assert (row["address"], names(row["holders"]), row["cartelWallets"], row["amount"]) == (
        "broker-addr",
        ["Rim Remittance"],
        3,
        15.0,
    )
    assert investigate(case_graph, "broker_fan_in", minWallets=4) == []


def test_seized_address_one_hop_from_a_sanctioned_one(case_graph):
    [row] = investigate(case_graph, "seized_addresses_near_sanctions")
    assert (
        row["seizedAddress"],
        row["sanctionedAddress"],
        row["hops"],
        row["found"]["props"]["foundOn"],
    ) == (
        "paper",
        "sanctioned-addr",
        1,
        "paper",
    )
    assert names(row["designatedHolders"]) == ["DESIGNATED, Person"]


def test_party_shared_by_both_cartels(case_graph):
    rows = investigate(case_graph, "shared_parties_between_cartels")
    assert [(node_name(r["shared"]), r["hopsToFirst"], r["hopsToSecond"]) for r in rows] == [
        ("SHARED, Fixer", 1, 1)
    ]


def test_precursor_shipment_to_a_cartel_linked_consignee(case_graph):
    [row] = investigate(case_graph, "precursor_shipments_to_cartel_consignees")
    assert (
        node_name(row["shipment"]),
        node_name(row["chemical"]),
        row["content"]["props"]["declared"],
        node_name(row["receiver"]),
        row["cartel"],
        row["hopsToCartel"],
    ) == ("BOL-1", "4-ANPP", False, "Importadora Ejemplo", "ofac:17671", 1)
    assert row["shipment"]["props"]["agency"] == "DEA" and names(row["shippers"]) == [
        "Hebei Example Chemical"
    ]


def test_darknet_vendor_paid_from_a_cartel_wallet(case_graph):
    [row] = investigate(case_graph, "darknet_vendors_paid_by_cartel_wallets")
    assert (row["handle"], names(row["markets"]), node_name(row["payer"]), row["hops"]) == (
        "pharma_king",
        ["Example Market"],
        "MEMBER ONE",
        1,
    )


def test_recent_links_lists_what_was_just_added(case_graph):
    rows = investigate(case_graph, "recent_links", days=1, limit=500)
    assert {"SUPPLIES", "FOUND_ADDRESS", "SENT_FUNDS_TO"} <= {r["type"] for r in rows}
    assert all(r["link"]["props"]["agency"] == "DEA" for r in rows)
    assert all(r["ids"] == [r["source"]["id"], r["target"]["id"]] for r in rows)


def test_designation_candidate(case_graph):
    rows = investigate(case_graph, "designation_candidates")
    found = [node_name(r["candidate"]) for r in rows]
    assert "ASSOCIATE, Unsanctioned" in found and "DESIGNATED, Person" not in found
    assert {"MEMBER ONE", "SHARED, Fixer"} <= set(found)  # linked to the designated Sinaloa Cartel


def test_peel_chain(case_graph):
    rows = investigate(case_graph, "peel_chains", minHops=4)
    assert [(r["start"], r["finish"], r["amounts"]) for r in rows] == [("c0", "c4", [10.0, 9.0, 8.0, 7.0])]


def test_rising_fentanyl_area_beside_its_shipments(case_graph):
    [row] = investigate(case_graph, "rising_seizure_areas")
    assert (
        node_name(row["area"]),
        row["lbsBefore"],
        row["lbsAfter"],
        row["shipmentsThroughArea"],
        names(row["ports"]),
    ) == (
        "Los Angeles Field Office",
        10.0,
        30.0,
        1,
        ["Los Angeles"],
    )


def test_address_exposure_path(case_graph):
    rows = investigate(case_graph, "address_sanctions_exposure", chain="bitcoin", address="paper")
    assert node_name(rows[0]["designatedParty"]) == "DESIGNATED, Person" and rows[0]["hops"] == 2
    assert names(rows[0]["via"]) == ["paper", "sanctioned-addr", "DESIGNATED, Person"]
    assert [row["direction"] for row in rows] == ["sent to"]  # paper paid the designated party's address


def test_supply_and_money_chains_report_each_hop_with_its_direction(case_graph):
    [row] = investigate(case_graph, "supply_and_money_chains")
    assert row["ids"] == ["sup", "front", "ofac:17671", "cell"] and row["hops"] == 3
    hops = [hop_of(link, before) for link, before in zip(row["links"], row["nodes"], strict=False)]
    assert [(h["type"], h["forward"], h["agency"]) for h in hops] == [("SUPPLIES", True, "DEA")] * 3
    assert node_role(row["nodes"][0]) == {
        "label": "Organization",
        "kinds": ["precursor_supplier"],
        "country": None,
    }
    assert investigate(case_graph, "supply_and_money_chains", maxHops=2) == []
    assert investigate(case_graph, "supply_and_money_chains", cells=["nobody"]) == []


def test_a_log_entry_two_ledgers_tell_with_different_amounts_is_disputed(graph, tmp_path):
    """Two ledgers give transaction 0x…aa's log entry 7 with different amounts: two transfers (one
    per leg), listed side by side with both amounts; the entry they agree on is not."""
    sender, receiver = "0x" + "11" * 20, "0x" + "22" * 20
    for name, amount in (("ledger-a", "18400"), ("ledger-b", "18400.5")):
        records = [
            {
                "chain": "ethereum",
                "txHash": "0x" + "aa" * 32,
                "index": 7,
                "from": sender,
                "to": receiver,
                "asset": "ETH",
                "amount": amount,
                "timestamp": "2026-03-01T10:00:00Z",
            },
            {
                "chain": "ethereum",
                "txHash": "0x" + "bb" * 32,
                "index": 1,
                "from": sender,
                "to": receiver,
                "asset": "ETH",
                "amount": "5",
                "timestamp": "2026-03-01T11:00:00Z",
            },
        ]
        path = tmp_path / f"{name}.json"
        path.write_text(
            json.dumps(
                {
                    "format": "wallet-ledger",
                    "version": 1,
                    "dataset": name,
                    "agency": "DEA",
                    "caveat": "LES",
                    "synthetic": True,
                    "records": records,
                }
            )
        )
        load(graph, "wallet-ledger", path, tmp_path)
    [row] = investigate(graph, "disputed_transfers")
    assert (row["txHash"], row["logIndex"], row["transfers"]) == ("0x" + "aa" * 32, 7, 2)
    assert sorted(version["amount"] for version in row["versions"]) == ["18400", "18400.5"]
    assert {(version["senderId"], version["receiverId"]) for version in row["versions"]} == {
        (f"CryptoAddress:ethereum|{sender}", f"CryptoAddress:ethereum|{receiver}")
    }


def test_the_cli_view_skipping_the_checks_gives_what_the_checks_give_with_every_grant(case_graph):
    """The CLI's view binds ``$everything`` (its checks read no markings); every other viewer runs the
    checks. With every grant present in the graph both must give the same rows, investigation by
    investigation, and a viewer with fewer grants must not get them all."""
    every = every_grant(case_graph)
    given = {"address_sanctions_exposure": {"chain": "bitcoin", "address": "paper"}}
    fewer = 0
    for name, investigation in sorted(load_catalog(QUERIES).items()):
        if investigation.computed:
            continue
        params = given.get(name, {})
        cli = run(case_graph, investigation, params)
        assert cli == run(case_graph, investigation, params, every), name
        fewer += cli != run(case_graph, investigation, params, ["PUBLIC"])
    assert fewer > 0, "no investigation shows the public viewer less than the CLI: the test proves nothing"
