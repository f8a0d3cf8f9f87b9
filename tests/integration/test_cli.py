"""The CLI as a user runs it, against the test database."""

import json

import pytest
import uvicorn
from typer.testing import CliRunner

from chokepoint import composition
from chokepoint.api.schema import build_registry, build_schema
from chokepoint.api.security.auth import Authenticator
from chokepoint.api.security.config import load_access_config
from chokepoint.api.security.credentials import Credential
from chokepoint.api.security.setup import pointer_rule
from chokepoint.cli.main import app
from chokepoint.graph.queries import CypherQuery
from chokepoint.settings import PROJECT_ROOT
from tests.api.conftest import InProcessApi

pytestmark = pytest.mark.neo4j


SNAPSHOT = CypherQuery(
    "snapshot",
    "MATCH (n) WITH count(n) AS nodes, max(n.ingestedAt) AS newest "
    "MATCH ()-[r]->() RETURN nodes, newest, count(r) AS relationships",
)


def test_demo_from_the_committed_excerpts_prints_chains_and_reruns_unchanged(
    graph, neo4j_settings, tmp_path, monkeypatch
):
    monkeypatch.setenv("CHOKEPOINT_SHARED_DATA_DIR", str(tmp_path))  # as on a machine without ../shared
    served: list[dict[str, object]] = []  # the demo ends by serving the API: recorded, not run
    monkeypatch.setattr(uvicorn, "run", lambda asgi_app, **options: served.append(options))
    result = CliRunner().invoke(app, ["demo"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert [(options["host"], options["port"]) for options in served] == [("127.0.0.1", 8000)]
    assert "GraphQL at http://127.0.0.1:8000/graphql" in result.output
    assert "OFAC SDN, drug programmes (excerpt)" in result.output
    assert "CBP fentanyl seizures FY22-25 (excerpt)" in result.output
    assert "Supplier → broker → wallets → cartel → US cell" in result.output
    money = result.output.split("Supplier → broker → wallets → cartel → US cell")[1]
    for hop in ("─CONTROLS_ADDRESS→", "←SENT_FUNDS_TO─", "─LAUNDERS_FOR→", "─SUPPLIES→"):
        assert hop in money
    assert "irs-ci-synthetic-ledger record" in money and "distribution_cell, US" in money
    assert "new SAME_AS links: none new" not in result.output
    assert "Where to cut" in result.output  # the report ends with the plan, each step with its agencies
    summary = result.output.split("Where to cut")[1]
    assert "supplier → cell pairs joined within the hop bound" in summary and "cost " in summary
    planned = CliRunner().invoke(app, ["plan", "--json"])
    assert planned.exit_code == 0, planned.output
    answer = json.loads(planned.output)
    assert answer["pairsJoined"] > 0 and answer["steps"]
    assert answer["pairsDisconnected"] == answer["pairsJoined"] - answer["pairsLeftCount"]
    assert f"disconnect {answer['pairsDisconnected']} of {answer['pairsJoined']}" in summary
    actions = {action["name"] for step in answer["steps"] for action in step["actions"]}
    targets = {step["entity"]["displayName"] for step in answer["steps"] if step["entity"]}
    # the demo's corridors: the exchange's shared hot wallets and the forwarder several suppliers use
    assert "exchange_freeze" in actions and "Pacific Gateway Freight Forwarding LLC" in targets
    report = CliRunner().invoke(
        app, ["investigate", "interdiction_plan", "-p", "budget=60", "-f", "markdown"]
    )
    assert report.exit_code == 0, report.output
    assert (
        report.output.startswith("# Interdiction plan (interdiction_plan)")
        and "- budget: 60\n" in report.output
    )
    assert "| Freeze order or subpoena to the exchange | DEA, FBI, HSI, IRS-CI |" in report.output
    assert "## Evidence: sample chains each action severs" in report.output and " -[" in report.output
    rows = json.loads(CliRunner().invoke(app, ["investigate", "interdiction_plan", "-f", "json"]).output)
    assert [row["action"] for row in rows] == [
        "; ".join(dict.fromkeys(a["title"] for a in step["actions"])) for step in answer["steps"]
    ]
    assert rows[-1]["totalCost"] == answer["cost"]
    nothing = json.loads(CliRunner().invoke(app, ["plan", "--json", "--budget", "0"]).output)
    assert nothing["steps"] == [] and nothing["pairsLeftCount"] == nothing["pairsJoined"]
    unknown = CliRunner().invoke(app, ["plan", "--source", "no-such-supplier"])
    assert unknown.exit_code != 0 and "sources: no entity no-such-supplier" in str(unknown.exception)
    watching = result.output.split("Watching")[1]  # IRS-CI watches a broker's wallet; a later slice fires
    assert "The later ledger slice fired 3 new alert(s)." in watching
    assert "IRS-CI has 3 alert(s) on it:" in watching and watching.count(" BTC in tx ") == 3
    walk_through_deconfliction(neo4j_settings)
    before = graph.read(SNAPSHOT)
    again = CliRunner().invoke(app, ["demo", "--no-serve"], env={"COLUMNS": "200"})
    assert again.exit_code == 0, again.output
    assert len(served) == 1
    assert "new SAME_AS links: none new" in again.output
    assert "fired 0 new alert(s)" in again.output and "IRS-CI has 3 alert(s) on it:" in again.output
    assert graph.read(SNAPSHOT) == before  # no element created, none rewritten (ingestedAt unchanged)


DEMO_WALLET = "CryptoAddress:bitcoin|1D264xrj5FWNZvTF8adnHjy9KziNq5AELV"  # the README's example


def walk_through_deconfliction(settings) -> None:
    """The README's "Deconfliction" steps on the demo graph, with the demo's access file and keys:
    FBI asks about a broker's wallet DEA and IRS-CI also hold records on; IRS-CI reads its notices."""
    config = load_access_config(PROJECT_ROOT / "demo" / "access.yaml")
    registry = build_registry(composition.model_of(settings))
    api = InProcessApi(settings, build_schema(registry), registry, pointer_rule(config))
    fbi = Authenticator(config).viewer(Credential("api_key", "cpk_demo_FBI_published_in_the_README"))
    query = f'query {{ entity(id: "{DEMO_WALLET}") {{ id deconfliction {{ agency desk }} }} }}'
    answer = api.run(query, fbi)
    assert not answer.errors, answer.errors
    assert [p["agency"] for p in answer.data["entity"]["deconfliction"]] == ["DEA", "IRS-CI"]
    irs = Authenticator(config).viewer(Credential("api_key", "cpk_demo_IRS-CI_published_in_the_README"))
    notices = api.run("query { deconflictionNotices { notices { agency element } } }", irs).data
    assert {"agency": "FBI", "element": DEMO_WALLET} in notices["deconflictionNotices"]["notices"]
    printed = CliRunner().invoke(app, ["deconfliction", "notices", "--agency", "IRS-CI", "--json"])
    assert printed.exit_code == 0, printed.output
    listed = json.loads(printed.output)["notices"]
    assert any(n["agency"] == "FBI" and n["element"] == DEMO_WALLET for n in listed)
    report = CliRunner().invoke(
        app, ["deconfliction", "report", "--agency", "IRS-CI"], env={"COLUMNS": "200"}
    )
    assert report.exit_code == 0, report.output
    assert DEMO_WALLET in report.output and "FBI: last" in report.output


def test_status_reports_version(neo4j_settings):
    result = CliRunner().invoke(app, ["db", "status"])
    assert result.exit_code == 0, result.output
    assert "running" in result.output and "5.26." in result.output


def test_ingest_records_reports_totals(graph, fixtures_dir):
    result = CliRunner().invoke(app, ["ingest", "records", str(fixtures_dir / "ofac_sample.json")])
    assert result.exit_code == 0, result.output
    assert "41" in result.output


def test_investigate_prints_json_and_csv(graph, fixtures_dir):
    assert (
        CliRunner().invoke(app, ["ingest", "records", str(fixtures_dir / "ofac_sample.json")]).exit_code == 0
    )
    assert (
        CliRunner().invoke(app, ["ingest", "records", str(fixtures_dir / "case_sample.json")]).exit_code == 0
    )
    as_json = CliRunner().invoke(app, ["investigate", "supplier_to_cell_chains", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert (
        rows[0]["nodes"][0]["props"]["name"] == "HEBEI ATUN TRADING CO., LTD."
        and rows[0]["cell"]["props"]["name"] == "Phoenix distribution cell"
    )
    as_csv = CliRunner().invoke(
        app, ["investigate", "supplier_to_cell_chains", "-p", "maxHops=3", "-f", "csv"]
    )
    assert as_csv.output.splitlines()[0] == "supplier,cell,hops,nodes,ids,links"
    bad = CliRunner().invoke(app, ["investigate", "supplier_to_cell_chains", "-p", "maxHops"])
    assert bad.exit_code != 0


SCHEMA_NAMES = CypherQuery("names", "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")


def test_ingest_into_a_database_never_initialised_creates_the_schema_first(graph, fixtures_dir):
    """`db start` then `ingest`, without `db init`: the constraints the MERGEs look up come first."""
    [before] = graph.read(SCHEMA_NAMES)
    for name in before["names"]:
        graph.run_autocommit(CypherQuery("drop", f"DROP CONSTRAINT `{name}`"))
    assert graph.read(SCHEMA_NAMES) == [{"names": []}]

    result = CliRunner().invoke(app, ["ingest", "records", str(fixtures_dir / "ofac_sample.json")])
    assert result.exit_code == 0, result.output
    assert "missing constraints/indexes created" in result.output
    assert sorted(graph.read(SCHEMA_NAMES)[0]["names"]) == sorted(before["names"])
    again = CliRunner().invoke(app, ["ingest", "records", str(fixtures_dir / "ofac_sample.json")])
    assert again.exit_code == 0 and "missing constraints" not in again.output


def test_the_ingest_summary_reconciles_rows_records_and_writes(graph, tmp_path):
    """A ledger whose hub address is on every row, with one line repeated and one bad row: the
    summary counts the file's rows and the records they became, and every record is rejected,
    repeated or written, loaded and reloaded."""
    hub, tx = "0x08723392ed15743cc38513c4925f5e6be5c17243", "0x" + "ab" * 32
    payees = ["0x04dba1194ee10112fe6c3207c0687def0e78bacf", "0x08b2efdcdb8822efe5ad0eae55517cf5dc544251"]
    lines = [
        f"ethereum,{tx},{i},{hub},{payee},ETH,1.5,2024-03-02T14:05:11Z,19000000"
        for i, payee in enumerate(payees)
    ]
    lines += [lines[0], f"ethereum,{tx},9,{hub},0x12,ETH,1,2024-03-02T14:05:11Z,19000000"]
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("chain,txHash,index,from,to,asset,amount,timestamp,block\n" + "\n".join(lines) + "\n")
    options = ["--dataset", "irs-ci-ledger", "--agency", "IRS-CI", "--caveat", "LES"]
    for _ in range(2):
        result = CliRunner().invoke(
            app, ["ingest", "wallet-ledger", str(ledger), *options], env={"COLUMNS": "200"}
        )
        assert result.exit_code == 0, result.output
        header = next(line for line in result.output.splitlines() if "records" in line and "repeated" in line)
        figures = next(
            line
            for line in result.output.splitlines()[result.output.splitlines().index(header) + 1 :]
            if any(ch.isdigit() for ch in line)
        )
        names = [cell.strip() for cell in header.strip("┃│ ").split("┃" if "┃" in header else "│")]
        values = [int(cell.strip()) for cell in figures.strip("┃│ ").split("│")]
        shown = dict(zip(names, values, strict=True))
        assert shown["rows"] == 4 and shown["rejected"] >= 1 and shown["repeated"] >= 1
        written = shown["created"] + shown["updated"] + shown["unchanged"]
        assert shown["records"] == shown["rejected"] + shown["repeated"] + written, shown


def test_cluster_commands_print_clusters_evidence_and_undo_a_split(graph, fixtures_dir):
    """``cluster run``, ``explain``, ``split``, ``splits`` and ``unsplit`` on the real mainnet co-spend."""
    runner = CliRunner()
    env = {"COLUMNS": "250"}
    btc = str(fixtures_dir / "btc" / "esplora-mainnet.json")
    loaded = runner.invoke(
        app, ["ingest", "btc-transactions", btc, "--dataset", "dea-btc", "--agency", "DEA", "--caveat", "LES"]
    )
    assert loaded.exit_code == 0, loaded.output
    run = runner.invoke(app, ["cluster", "run"], env=env)
    assert run.exit_code == 0, run.output
    assert "bitcoin: 2 transactions; 1 clusters of two or more addresses joining 2 addresses" in run.output
    explained = runner.invoke(app, ["cluster", "explain", "1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB"], env=env)
    assert explained.exit_code == 0, explained.output
    assert "2 addresses, representative 1BhCBs46WpMkG9vYxyma9eiT5BMPJrbEiK" in explained.output
    assert "(DEA)" in explained.output and "co_spend" in explained.output
    txid = "3bbb2f597e714257d4a2f573e9ebfff4ab631277186a40875dbbf4140e90b748"
    refused = runner.invoke(
        app, ["cluster", "split", txid, "--reason", "x", "--agency", "FBI", "--caveat", "LES"]
    )
    assert refused.exit_code == 1 and "FBI|LES would be seen by viewers" in str(refused.exception)
    split = runner.invoke(
        app, ["cluster", "split", txid, "-r", "custodian batch", "--agency", "DEA", "--caveat", "LES"]
    )
    assert split.exit_code == 0, split.output
    decision = split.output.split()[1].rstrip(":")
    apart = runner.invoke(
        app, ["cluster", "explain", "1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB", "--agency", "DEA"], env=env
    )
    assert "1 addresses" in apart.output and decision in apart.output
    listed = runner.invoke(app, ["cluster", "splits"], env=env)
    assert decision in listed.output and "DEA|LES" in listed.output
    undone = runner.invoke(app, ["cluster", "unsplit", decision])
    assert undone.exit_code == 0 and txid in undone.output
    again = runner.invoke(
        app, ["cluster", "explain", "1EzqAPpc7MqTncf6atHMMfCS4UBX8vwzvB", "--agency", "DEA"], env=env
    )
    assert "2 addresses" in again.output
