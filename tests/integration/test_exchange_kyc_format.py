"""The ``exchange-kyc`` format on the real database, loaded with ``chokepoint ingest exchange-kyc`` as a
user runs it: the example CSV becomes holders with their exchange and bank accounts, deposit addresses,
documents and phones; a bank account a SAR names is the same node; bad rows are rejected by account id
while the rest load; a re-ingest changes nothing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chokepoint.cli.main import app
from chokepoint.formats.jsonschema import FORMATS_DIR
from tests.integration.conftest import scalar

pytestmark = pytest.mark.neo4j
EXAMPLE = FORMATS_DIR / "exchange-kyc.example.csv"
WIDE = {"COLUMNS": "200"}
PROVENANCE = ["--dataset", "meridian-return-2026-09", "--agency", "DEA", "--caveat", "LES", "--synthetic"]


def ingest(source: str, path, *options: str) -> str:
    result = CliRunner().invoke(app, ["ingest", source, str(path), *options], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def test_example_becomes_holders_accounts_addresses_documents_and_phones(graph):
    ingest("exchange-kyc", EXAMPLE, *PROVENANCE)
    holder = scalar(
        graph,
        """
        MATCH (p:Person {id: 'dea:naddis-5521907'})
        RETURN [p.name, p.birthDates, p.nationalities, p.caveat, p.agency, p.synthetic]""",
    )
    assert holder == ["Jorge Ramirez Soto", ["1991-07-19"], ["MX"], "LES", "DEA", True]
    accounts = scalar(
        graph,
        """
        MATCH (:Person {id: 'dea:naddis-5521907'})-[:HOLDS_ACCOUNT]->(a:FinancialAccount)
        RETURN collect([a.institution, a.accountNumber, a.kind])""",
    )
    assert sorted(accounts, key=str) == [
        ["DESERT SUN CREDIT UNION", "DSCU00441871", None],
        ["MERIDIAN COIN EXCHANGE LLC", "MERIDIANU88120", "crypto_exchange"],
    ]
    addresses = scalar(
        graph,
        """
        MATCH (:Person {id: 'dea:naddis-5521907'})-[:CONTROLS_ADDRESS]->(a:CryptoAddress)
        RETURN collect(a.chain + ':' + a.address)""",
    )
    assert sorted(addresses) == [
        "bitcoin:1HSuSNzrNuWMMe4c6spUKj2yMmRidvxzPu",
        "tron:TXEJgajgYPVYqzNF7221QjUMyEGB6S5tjS",
    ]
    company = scalar(
        graph,
        """
        MATCH (o:Organization {id: 'meridian-return-2026-09:MERIDIAN-B-20417:holder'})-[:HOLDS_ACCOUNT]->(a)
        WITH o, collect(a.accountNumber) AS numbers
        RETURN [o.name, o.registrationNumber, numbers]""",
    )
    assert company[:2] == ["Golden Harbor Trading Ltd", "91440300BXP6LEPC17"]
    assert sorted(company[2]) == ["0154482077812", "MERIDIANB20417"]
    shared_phone = scalar(
        graph,
        """
        MATCH (p)-[:USES_PHONE]->(:Phone {number: '+15205550147'}) RETURN collect(p.name)""",
    )
    assert sorted(shared_phone) == ["Ana Lucia Ferrer Quintero", "Jorge Ramirez Soto"]  # never merged
    document = scalar(
        graph,
        """
        MATCH (:Person {name: 'Ana Lucia Ferrer Quintero'})-[:HAS_DOCUMENT]->(d:IdentityDocument)
        RETURN [d.docType, d.number, d.issuingCountry]""",
    )
    assert document == ["National ID", "FEQA941103MSLRNN08", "MX"]
    assert scalar(graph, "MATCH (a:FinancialAccount) RETURN count(a)") == 5

    before = scalar(graph, "MATCH (n) RETURN [count(n), max(n.ingestedAt)]")
    ingest("exchange-kyc", EXAMPLE, *PROVENANCE)
    assert scalar(graph, "MATCH (n) RETURN [count(n), max(n.ingestedAt)]") == before  # nothing rewritten


def test_a_bank_account_named_by_a_sar_and_by_an_exchange_is_one_node(graph):
    ingest(
        "sar",
        FORMATS_DIR / "sar.example.csv",
        "--dataset",
        "fincen-sar-excerpt",
        "--agency",
        "FinCEN",
        "--caveat",
        "LES",
        "--synthetic",
    )
    ingest("exchange-kyc", EXAMPLE, *PROVENANCE)
    holders = scalar(
        graph,
        """
        MATCH (p)-[:HOLDS_ACCOUNT]->(:FinancialAccount {institution: 'DESERT SUN CREDIT UNION',
                                                        accountNumber: 'DSCU00441871'})
        RETURN collect(p.name)""",
    )
    assert sorted(holders) == ["Jorge Ramirez Soto", "Luis Ortega Baez"]


def test_bad_rows_are_rejected_by_account_id_and_the_rest_load(graph, tmp_path):
    header, first, second, third = EXAMPLE.read_text(encoding="utf-8").splitlines()
    bad_address = first.replace("MERIDIAN-U-88120", "MERIDIAN-U-00001").replace("TXEJgajg", "TXEJgajh")
    bad_party = second.replace("MERIDIAN-B-20417", "MERIDIAN-B-00002").replace(",HK,,", ",HK,1990-01-01,")
    path = tmp_path / "return.csv"
    path.write_text("\n".join([header, bad_address, bad_party, third]) + "\n", encoding="utf-8")
    output = ingest("exchange-kyc", path, *PROVENANCE)
    assert "MERIDIAN-U-00001" in output and "MERIDIAN-B-00002" in output
    assert "birthDate are for persons only" in output
    assert scalar(
        graph, "MATCH (a:FinancialAccount {kind: 'crypto_exchange'}) RETURN collect(a.accountNumber)"
    ) == ["MERIDIANU90311"]
    assert scalar(graph, "MATCH (a:CryptoAddress) RETURN collect(a.address)") == [
        "bc1qjpdevja3w65jjxj6gmw80yky2q7zfvfyhzjdm8"
    ]  # nothing of a rejected row
