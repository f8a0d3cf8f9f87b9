"""The CLI as a user runs it, against the test database."""

import json

import pytest
from typer.testing import CliRunner

from chokepoint.cli.main import app

pytestmark = pytest.mark.neo4j


def test_demo_prints_counts_and_the_supply_chain(graph, neo4j_settings):
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "HEBEI ATUN TRADING CO., LTD." in result.output
    assert "Phoenix distribution cell" in result.output
    assert "Supplier → US cell chains (1)" in result.output


def test_status_reports_version(neo4j_settings):
    result = CliRunner().invoke(app, ["db", "status"])
    assert result.exit_code == 0, result.output
    assert "running" in result.output and "5.26." in result.output


def test_ingest_records_reports_totals(graph, demo_dir):
    result = CliRunner().invoke(app, ["ingest", "records", str(demo_dir / "ofac_excerpt.json")])
    assert result.exit_code == 0, result.output
    assert "41" in result.output


def test_investigate_prints_json_and_csv(graph, demo_dir):
    assert CliRunner().invoke(app, ["ingest", "records", str(demo_dir / "ofac_excerpt.json")]).exit_code == 0
    assert CliRunner().invoke(app, ["ingest", "records", str(demo_dir / "case_records.json")]).exit_code == 0
    as_json = CliRunner().invoke(app, ["investigate", "supplier_to_cell_chains", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert (
        rows[0]["chain"][0] == "HEBEI ATUN TRADING CO., LTD."
        and rows[0]["cell"] == "Phoenix distribution cell"
    )
    as_csv = CliRunner().invoke(
        app, ["investigate", "supplier_to_cell_chains", "-p", "maxHops=3", "-f", "csv"]
    )
    assert as_csv.output.splitlines()[0] == "supplier,cell,hops,chain,ids,evidence"
    bad = CliRunner().invoke(app, ["investigate", "supplier_to_cell_chains", "-p", "maxHops"])
    assert bad.exit_code != 0
