"""Bad input: clear errors naming the record and reason; nothing already ingested is lost."""

import bz2
import json

import pytest

from chokepoint.errors import InvalidRecord, NotFound
from chokepoint.ingest.registry import opener
from chokepoint.ingest.source import Options
from tests.integration.conftest import load, scalar, shared_file

pytestmark = pytest.mark.neo4j
HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/'
    'api/PublicationPreview/exports/ADVANCED_XML"><DateOfIssue><Year>2025</Year><Month>1</Month><Day>2</Day>'
    "</DateOfIssue><DistinctParties>"
)


def test_truncated_xml_stops_before_writing(graph, tmp_path):
    truncated = tmp_path / "sdn_advanced.xml.bz2"
    truncated.write_bytes(bz2.compress((HEAD + '<DistinctParty FixedRef="1"><Profile ID="1"').encode()))
    with pytest.raises(InvalidRecord, match="truncated or not OFAC advanced XML; nothing was loaded"):
        opener("ofac-advanced")(truncated, Options())
    cut_bz2 = tmp_path / "cut.xml.bz2"
    cut_bz2.write_bytes(shared_file("ofac-sdn-advanced-xml/sdn_advanced.xml.bz2").read_bytes()[:200_000])
    with pytest.raises(InvalidRecord, match="compressed file is truncated or corrupt"):
        opener("ofac-advanced")(cut_bz2, Options())
    assert scalar(graph, "MATCH (n) RETURN count(n)") == 0


def test_wrong_format_is_named(graph, tmp_path):
    csv_as_xml = shared_file("ofac-sdn-csv-2024/sdn.csv")
    with pytest.raises(InvalidRecord, match="truncated or not OFAC advanced XML"):
        opener("ofac-advanced")(csv_as_xml, Options())
    other_xml = tmp_path / "other.xml"
    other_xml.write_text("<catalog><book/></catalog>")
    with pytest.raises(InvalidRecord, match=r"not OFAC advanced XML|not in OFAC's advanced XML namespace"):
        opener("ofac-advanced")(other_xml, Options())
    with pytest.raises(InvalidRecord, match="not a CBP seizure CSV: missing column"):
        opener("cbp-seizures")(csv_as_xml, Options())
    with pytest.raises(InvalidRecord, match=r"not OFAC SDN\.CSV"):
        opener("ofac-csv")(shared_file("cbp-drug-seizures/cbp_drug_seizures_fy19_22.csv"), Options())
    with pytest.raises(NotFound, match="Unknown source format 'ofac-pdf'"):
        opener("ofac-pdf")
    with pytest.raises(InvalidRecord, match="cannot"):
        opener("ofac-csv")(tmp_path / "absent.csv", Options())


def test_malformed_csv_rows_are_rejected_and_the_rest_load(graph, tmp_path):
    sdn = tmp_path / "sdn.csv"
    sdn.write_text(
        '17671,"CARTEL DE JALISCO NUEVA GENERACION",-0- ,"SDNTK] [ILLICIT-DRUGS-EO14059",-0- ,-0- ,-0- ,-0- ,'
        "-0- ,-0- ,-0- ,-0- \r\n"
        'abc,"NO NUMBER",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '99,"TOO FEW COLUMNS",-0- \r\n'
        '26236,"ZHENG, Fujing","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 11 Jun 1983; '
        "nationality China; Digital Currency Address - ETH 0xNOTHEX; Digital Currency Address - XBT "
        "17ezuJoT3XBbdcwFZbkTnrXbup11F4uhiy; Passport G31920875 (China); Linked To: CARTEL DE JALISCO NUEVA "
        'GENERACION."\r\n\x1a',
        encoding="utf-8",
    )
    report = load(graph, "ofac-csv", sdn, tmp_path)[0]
    reasons = {r.record_id: r.reason for r in report.rejected}
    assert "without a numeric ent_num" in reasons["sdn.csv:line 2"]
    assert "has 3 columns, expected 12" in reasons["sdn.csv:line 3"]
    assert "0xNOTHEX" in reasons["sdn.csv:line 4"] and "not hex" in reasons["sdn.csv:line 4"]
    assert len(reasons) == 3
    assert scalar(
        graph,
        "MATCH (p:Person {ofacUid: 26236})-[:LINKED_TO]->(c {ofacUid: 17671}) "
        "MATCH (p)-[:CONTROLS_ADDRESS]->(a {chain: 'bitcoin'}) MATCH (p)-[:HAS_DOCUMENT]->(d) "
        "RETURN p.birthDates[0] + ' ' + p.nationalities[0] + ' ' + d.number",
    ) == ("1983-06-11 CN G31920875")
    rejects = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert {r["record"] for r in rejects} == set(reasons)


def test_eip55_and_lower_case_forms_are_one_node(graph, tmp_path):
    checksummed = "0x5a14e72060c11313e38738009254a90968f58f51"
    mixed = "0x5A14E72060c11313E38738009254a90968F58f51"
    (tmp_path / "sanctioned_addresses_ETH.txt").write_text(f"{mixed}\n{checksummed}\n0x12\n")
    report = load(graph, "ofac-crypto", tmp_path / "sanctioned_addresses_ETH.txt", tmp_path)[0]
    assert (report.read, report.counts.created, len(report.rejected)) == (3, 1, 1)
    assert "line 3" in report.rejected[0].record_id
    # the checksummed form is the one kept, though the lower-case line came last
    assert scalar(graph, "MATCH (a:CryptoAddress) RETURN a.address + ' ' + a.displayForm") == (
        f"{checksummed} {mixed}"
    )


def test_the_checksummed_form_survives_reloads_in_any_order(graph, tmp_path):
    """A list printing an EVM address lower-case and a ledger printing it checksummed, loaded and
    reloaded alternately: the checksummed form stays, and each reload changes nothing."""
    lower, mixed = "0x5a14e72060c11313e38738009254a90968f58f51", "0x5A14E72060c11313E38738009254a90968F58f51"
    other = "0x08723392ed15743cc38513c4925f5e6be5c17243"
    listed = tmp_path / "sanctioned_addresses_ETH.txt"
    listed.write_text(f"{lower}\n")
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "chain,txHash,index,from,to,asset,amount,timestamp,block\n"
        f"ethereum,0x{'ab' * 32},0,{mixed},{other},ETH,1.5,2024-03-02T14:05:11Z,19000000\n"
    )
    options = {"dataset": "irs-ci-ledger", "agency": "IRS-CI", "caveat": "LES"}
    form = "MATCH (a:CryptoAddress {address: $address}) RETURN a.displayForm"
    updated = []
    for source, path, given in [("ofac-crypto", listed, {}), ("wallet-ledger", ledger, options)] * 2:
        reports = load(graph, source, path, tmp_path, **given)
        assert all(report.reconciles() for report in reports)
        updated.append(sum(r.counts.updated + r.counts.created for r in reports))
        if source == "wallet-ledger":
            assert scalar(graph, form, address=lower) == mixed
    assert updated[2:] == [0, 0]  # the reloads change nothing
