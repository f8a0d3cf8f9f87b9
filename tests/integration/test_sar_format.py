"""The ``sar`` format on the real database, loaded with ``chokepoint ingest sar`` as a user runs it: the
example CSV becomes reports, filers, subjects, accounts and addresses; bad rows are rejected by BSA id
while the rest load; a re-ingest changes nothing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chokepoint.cli.main import app
from chokepoint.errors import ConfigurationError
from chokepoint.formats.jsonschema import FORMATS_DIR
from tests.integration.conftest import scalar

pytestmark = pytest.mark.neo4j
EXAMPLE = FORMATS_DIR / "sar.example.csv"
BSA_ID = "31000245871234"
WIDE = {"COLUMNS": "200"}
PROVENANCE = ["--dataset", "fincen-sar-excerpt", "--agency", "FinCEN", "--caveat", "LES", "--synthetic"]


def ingest_sar(path, *extra: str):
    result = CliRunner().invoke(app, ["ingest", "sar", str(path), *PROVENANCE, *extra], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def test_sar_example_becomes_reports_subjects_accounts_and_addresses(graph):
    ingest_sar(EXAMPLE)
    filed = scalar(
        graph,
        """
        MATCH (f:Organization)-[:FILED]->(s:SuspiciousActivityReport {bsaId: '31000245871234'})
        RETURN [f.name, f.registrationNumber, s.amountUsd, toString(s.activityFrom), toString(s.activityTo),
                s.activities, s.caveat, s.agency, s.synthetic]""",
    )
    assert filed == [
        "Desert Sun Credit Union",
        "861234567",
        184300.0,
        "2026-05-02",
        "2026-07-30",
        ["structuring", "money_laundering"],
        "LES",
        "FinCEN",
        True,
    ]
    subjects = scalar(
        graph,
        """
        MATCH (p)-[r:SUBJECT_OF]->(:SuspiciousActivityReport {bsaId: '31000245871234'})
        RETURN collect([[x IN labels(p) WHERE x <> 'Entity'][0], p.id, r.role])""",
    )
    assert sorted(subjects) == [  # two rows of one report: two subjects scoped to it, never merged by name
        ["Organization", "fincen-sar-excerpt:31000245871234:subject-2", "beneficiary"],
        ["Person", "fincen-sar-excerpt:31000245871234:subject-1", "account holder"],
    ]
    accounts = scalar(
        graph,
        "MATCH (:Person {id: $id})-[:HOLDS_ACCOUNT]->(a) RETURN collect([a.institution, a.accountNumber])",
        id=f"fincen-sar-excerpt:{BSA_ID}:subject-1",
    )
    assert sorted(accounts) == [
        ["DESERT SUN CREDIT UNION", "DSCU00441871"],
        ["DESERT SUN CREDIT UNION", "DSCU00442290"],
    ]
    assert scalar(
        graph,
        """
        MATCH (:Organization {name: 'Golden Harbor Trading Ltd'})-[:HOLDS_ACCOUNT]->(a:FinancialAccount)
        RETURN [a.institution, a.accountNumber]""",
    ) == ["BANK OF EAST ASIA", "0154482077812"]
    holder = scalar(
        graph,
        """
        MATCH (p:Person)-[:SUBJECT_OF]->(:SuspiciousActivityReport {bsaId: '31000246990017'})
        MATCH (p)-[:CONTROLS_ADDRESS]->(a:CryptoAddress)
        WITH p.id AS id, collect(a.chain + ':' + a.address) AS addresses
        RETURN [id, addresses]""",
    )
    assert holder[0] == "fincen:s-2026-0311"  # the agency's own subject id: one node across its reports
    assert sorted(holder[1]) == [
        "bitcoin:1HSuSNzrNuWMMe4c6spUKj2yMmRidvxzPu",
        "tron:TXEJgajgYPVYqzNF7221QjUMyEGB6S5tjS",
    ]
    assert scalar(graph, "MATCH (s:SuspiciousActivityReport) RETURN count(s)") == 2

    before = scalar(graph, "MATCH (n) RETURN [count(n), max(n.ingestedAt)]")
    again = ingest_sar(EXAMPLE)
    assert "rejected" in again
    assert scalar(graph, "MATCH (n) RETURN [count(n), max(n.ingestedAt)]") == before  # nothing rewritten


def test_bad_sar_rows_are_rejected_by_bsa_id_and_the_rest_load(graph, tmp_path):
    header, first, second, third = EXAMPLE.read_text(encoding="utf-8").splitlines()
    bad_address = third.replace("31000246990017", "31000246990099").replace("TXEJgajg", "TXEJgajh")
    bad_dates = first.replace("31000245871234", "31000245870001").replace("2026-07-30", "2026-04-01")
    path = tmp_path / "sars.csv"
    path.write_text("\n".join([header, first, second, bad_address, bad_dates]) + "\n", encoding="utf-8")
    output = ingest_sar(path, "--published", "2026-09-30")
    assert "31000246990099" in output and "31000245870001" in output
    assert "activityTo is before activityFrom" in output
    assert scalar(graph, "MATCH (s:SuspiciousActivityReport) RETURN collect(s.bsaId)") == ["31000245871234"]
    assert scalar(graph, "MATCH (a:CryptoAddress) RETURN count(a)") == 0  # nothing of a rejected row


def test_a_sar_csv_without_provenance_options_stops_before_any_write(graph):
    result = CliRunner().invoke(app, ["ingest", "sar", str(EXAMPLE)], env=WIDE)
    assert isinstance(result.exception, ConfigurationError)
    assert "give --dataset, --agency, --caveat" in str(result.exception)
    assert scalar(graph, "MATCH (n) RETURN count(n)") == 0
