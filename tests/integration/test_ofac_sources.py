"""The OFAC sources on the real files: advanced XML, then the crypto lists, then the legacy CSV."""

import datetime as dt

import pytest

from chokepoint.graph.queries import CypherQuery
from tests.integration.conftest import load, scalar, shared_file

pytestmark = pytest.mark.neo4j
XML = "ofac-sdn-advanced-xml/sdn_advanced.xml.bz2"
CSV = "ofac-sdn-csv-2024/sdn.csv"
LISTS = "ofac-sanctioned-crypto-addresses"


@pytest.fixture(scope="module")
def ofac(module_graph, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ofac")
    reports = {"xml": load(module_graph, "ofac-advanced", shared_file(XML), tmp)[0]}
    reports["xml_again"] = load(module_graph, "ofac-advanced", shared_file(XML), tmp)[0]
    reports["lists"] = load(module_graph, "ofac-crypto", shared_file(LISTS), tmp)
    reports["csv"] = load(module_graph, "ofac-csv", shared_file(CSV), tmp, published=dt.date(2024, 5, 3))[0]
    return module_graph, reports


def test_every_distinct_party_is_loaded_with_its_type(ofac):
    graph, reports = ofac
    assert reports["xml"].rejected == []
    counts = {
        label: scalar(
            graph,
            f"MATCH (n:{label}) WHERE 'ofac-sdn-advanced:' + n.ofacUid IN n.sourceRecords RETURN count(n)",
        )
        for label in ("Organization", "Person", "Vessel", "Aircraft")
    }
    assert counts == {"Organization": 9359, "Person": 7303, "Vessel": 1370, "Aircraft": 335}


def test_reingesting_the_same_file_changes_nothing(ofac):
    _, reports = ofac
    first, again = reports["xml"], reports["xml_again"]
    assert again.read == first.read
    written = first.counts.created + first.counts.updated + first.counts.unchanged
    assert 0 < first.read - written < 100  # the few identical repeats inside a batch are not sent twice
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, written)


def test_every_profile_relationship_keeps_type_and_direction(ofac):
    graph, _ = ofac
    assert (
        scalar(graph, "MATCH ()-[r]->() WHERE r.sourceRecordId STARTS WITH 'relationship:' RETURN count(r)")
        == 8194
    )
    acting = scalar(
        graph,
        "MATCH (p:Person {name: 'GUZMAN SALAZAR, Archivaldo Ivan'})-[r:ACTING_FOR]->"
        "(c:Organization {ofacUid: 11440}) RETURN c.name",
    )
    assert acting == "SINALOA CARTEL"


def test_addresses_per_chain_and_usdt_told_apart(ofac):
    graph, _ = ofac
    rows = graph.read(
        CypherQuery(
            "t",
            "MATCH (a:CryptoAddress) "
            "WHERE any(s IN a.sourceRecords WHERE s STARTS WITH 'ofac-sdn-advanced:') "
            "RETURN a.chain AS chain, count(*) AS n",
        )
    )
    per_chain = {row["chain"]: row["n"] for row in rows}
    assert per_chain["bitcoin"] == 517  # sanctioned_addresses_XBT.txt has 517 lines
    assert per_chain["tron"] == 107  # 29 TRX + 78 USDT on TRON
    assert per_chain["omni"] == 7  # USDT issued on Bitcoin
    usdt_on_eth = scalar(
        graph, "MATCH (a:CryptoAddress {chain: 'ethereum'}) WHERE 'USDT' IN a.assets RETURN count(a)"
    )
    assert usdt_on_eth == 8
    assert (
        scalar(
            graph,
            "MATCH (a:CryptoAddress) WHERE a.address <> toLower(a.address) AND a.chain = 'ethereum' "
            "RETURN count(a)",
        )
        == 0
    )


def test_crypto_lists_attach_to_the_same_address_nodes(ofac):
    _, reports = ofac
    lists = reports["lists"]
    assert len(lists) == 19  # one per currency
    assert sum(r.counts.created for r in lists) == 0
    # SOURCE.md line counts: XBT 517, USDT 93, ETH 77, TRX 29, LTC 10, XMR 8, BCH 7, DASH 3, ZEC 3,
    # USDC 2 and nine single-address lists
    assert sum(r.read for r in lists) == 758
    assert all(r.rejected == [] for r in lists)


def test_drug_designees_and_their_addresses(ofac):
    graph, _ = ofac
    row = graph.read(
        CypherQuery(
            "t",
            "MATCH (p:Person {ofacUid: 25308})-[:CONTROLS_ADDRESS]->(a:CryptoAddress) "
            "MATCH (p)-[:SANCTIONED_BY]->(d)-[:UNDER_PROGRAM]->(prog) "
            "RETURN p.name AS name, p.aliases AS aliases, p.birthDates AS born, p.nationalities AS nat, "
            "collect(DISTINCT a.address) AS addresses, collect(DISTINCT prog.code) AS programs",
        )
    )[0]
    assert row["name"] == "YAN, Xiaobing"
    assert "颜晓兵" in row["aliases"] and "ZHOU, William" in row["aliases"]
    assert row["born"] == ["1977-03-25"] and row["nat"] == ["CN"]
    assert "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h" in row["addresses"]
    assert row["programs"] == ["SDNTK"]
    atun = graph.read(
        CypherQuery(
            "t",
            "MATCH (o:Organization {ofacUid: 32313})-[:HAS_DOCUMENT]->(d:IdentityDocument) "
            "MATCH (o)-[:CONTROLS_ADDRESS]->(a) RETURN d.number AS doc, a.address AS address",
        )
    )
    assert {"doc": "91130104MA09YL9T2W", "address": "1JPfVv5cWRLx1js9NWxg46dG2CGbeRz4th"} in atun


def test_drug_programmes_cover_the_counts_ofac_publishes(ofac):
    graph, _ = ofac
    union = scalar(
        graph,
        "MATCH (n)-[:SANCTIONED_BY]->(d:Designation)-[:UNDER_PROGRAM]->(p:SanctionsProgram) "
        "WHERE p.code IN ['SDNTK', 'SDNT', 'ILLICIT-DRUGS-EO14059'] AND "
        "'ofac-sdn-advanced:' + n.ofacUid IN n.sourceRecords RETURN count(DISTINCT n)",
    )
    assert union >= 2112  # the 2025 XML's union; the 2024 CSV adds parties delisted since


def test_csv_after_xml_creates_no_duplicate_party_and_keeps_first_seen(ofac):
    graph, reports = ofac
    assert (
        scalar(
            graph,
            "MATCH (n) WHERE n.ofacUid IS NOT NULL WITH n.ofacUid AS uid, count(*) AS c "
            "WHERE c > 1 RETURN count(uid)",
        )
        == 0
    )
    sinaloa = graph.read(
        CypherQuery(
            "t",
            "MATCH (d:Designation {id: 'designation:SDN:11440'}) RETURN d.firstSeen AS first, "
            "d.lastSeen AS last, d.sourceRecords AS sources",
        )
    )[0]
    assert (str(sinaloa["first"]), str(sinaloa["last"])) == ("2024-05-03", "2025-11-19")
    assert set(sinaloa["sources"]) >= {"ofac-sdn-advanced:entry:11440", "ofac-sdn-csv:11440"}
    assert reports["csv"].counts.created < reports["csv"].read / 4  # mostly the same entities


def test_older_csv_does_not_overwrite_newer_xml_values(ofac):
    graph, _ = ofac
    name = scalar(graph, "MATCH (p:Person {ofacUid: 25308}) RETURN p.sourceDataset")
    assert name == "ofac-sdn-advanced"
