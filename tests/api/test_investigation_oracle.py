"""The investigation oracle (issue 14): every saved investigation, run over the API by an agency on
the full graph, answers what the development viewer's run answers on a graph built only from the
records that agency may see (same files, same order; ``tests/api/oracle.py``).

The case is the hand-made one of ``tests/integration/test_investigations.py`` (every investigation
finds something in it) as a PUBLIC file, plus a money route for ``money_chains``; then a DEA|LES
file and an HSI|LES file. Two viewers: DEA (sees the DEA file, not the HSI one) and CBP (a grant
that marks nothing here: public records only). Both re-assert some public nodes
and links (same values: property values per marking are another part of issue 14) and add elements
that change every investigation's answer: a shortcut supply link, a fourth cartel wallet paying the
broker, a second seizure, a fixer shared by both cartels, a larger outflow that breaks the peel
chain, more fentanyl seized in the area, a direct control link to the sanctioned address …
The HSI file also gives other values to public elements (a flow's total, a statistic's weight, a
designation's status, a substance's category, a place's kind), and an HSI ledger adds transfers to a
public ledger's pairs, so an investigation that compares or sums values must read the viewer's.
Timestamps of ingestion (``ingestedAt``, ``firstSeenAt``) differ between builds and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chokepoint.api.schema import build_schema
from chokepoint.api.viewer import Viewer
from chokepoint.graph import Graph
from chokepoint.ingest.records import NodeRecord, NodeRef, RelationshipRecord
from chokepoint.investigations.catalog import load_catalog
from chokepoint.settings import PROJECT_ROOT
from chokepoint.values.totals import LEDGER_STAMPS
from tests.api import oracle
from tests.api.conftest import InProcessApi
from tests.integration.test_investigations import address, case_records, flow, org, person, rel
from tests.integration.test_supply_chains import pays, spends, utxo

pytestmark = pytest.mark.neo4j

QUERIES = PROJECT_ROOT / "queries"
VIEWER = Viewer.of("DEA", ["DEA|LES"])  # sees PUBLIC and DEA|LES records, not HSI|LES
REQUIRED = {"address_sanctions_exposure": {"chain": "bitcoin", "address": "paper"}}
TIMES = frozenset({"ingestedAt", "firstSeenAt"})
SINALOA, CJNG = ("Organization", "ofac:11440"), ("Organization", "ofac:17671")
RUN = """query ($name: String!, $params: JSON) {
  runInvestigation(name: $name, params: $params, first: 1000) { columns totalCount edges { node } }
}"""


def money_route():
    """A supplier paid from a broker's wallet, the broker laundering for CJNG (which supplies the cell)."""
    yield address("sup-addr")
    yield address("broker-out")
    yield rel("CONTROLS_ADDRESS", ("Organization", "sup"), ("CryptoAddress", "sup-addr"))
    yield rel("CONTROLS_ADDRESS", ("Organization", "broker"), ("CryptoAddress", "broker-out"))
    yield flow("broker-out", "sup-addr", 50.0)
    yield rel("LAUNDERS_FOR", ("Organization", "broker"), CJNG)
    yield NodeRecord("Location", "safehouse", {"id": "safehouse", "name": "Calle 5 #12", "kind": "address"})
    yield rel("LOCATED_IN", SINALOA, ("Location", "safehouse"))
    yield rel("LOCATED_IN", CJNG, ("Location", "safehouse"))
    yield from co_spent_payment("public-payer", PUBLIC_PAYMENT, PUBLIC_CO_SPEND, "0.4")


PUBLIC_PAYMENT, PUBLIC_CO_SPEND, DEA_PAYMENT, DEA_CO_SPEND, HSI_PAYMENT, HSI_CO_SPEND = (
    f"{n:064x}" for n in range(101, 107)
)


def co_spent_payment(payer: str, paying: str, co_spend: str, value: str) -> Iterator[Any]:
    """``payer`` pays the supplier's address in ``paying`` and was spent with the broker's address in
    ``co_spend``: a money chain through a wallet cluster (``money_chains``)."""
    yield address(payer)
    yield utxo(paying, False, 1, 1)
    yield spends(payer, paying, 0, "1.0")
    yield pays(paying, "sup-addr", 0, value)
    yield utxo(co_spend, False, 2, 1)
    yield spends("broker-out", co_spend, 0, "0.5")
    yield spends(payer, co_spend, 1, "0.5")


def dea_records():
    """Visible to the viewer: re-asserts public elements, adds a second payment and a member."""
    yield org("broker", "Rim Remittance", "crypto_broker")  # as the public file has it
    yield org("front", "Importadora Ejemplo", "front_company")
    yield person("p1", "MEMBER ONE")
    yield rel("MEMBER_OF", ("Person", "p1"), SINALOA)
    yield rel("SUPPLIES", ("Organization", "front"), CJNG)
    yield person("dea-member", "DEA, Member")
    yield address("dea-wallet")
    yield rel("MEMBER_OF", ("Person", "dea-member"), CJNG)
    yield rel("CONTROLS_ADDRESS", ("Person", "dea-member"), ("CryptoAddress", "dea-wallet"))
    yield flow("dea-wallet", "vendor-addr", 3.0)
    yield from co_spent_payment("dea-payer", DEA_PAYMENT, DEA_CO_SPEND, "0.6")


def hsi_records():
    """Hidden from the viewer: each changes some investigation's answer for whoever sees it."""
    yield org("front", "Importadora Ejemplo", "front_company")
    yield org("sup", "Hebei Example Chemical", "precursor_supplier")
    yield rel("SUPPLIES", ("Organization", "sup"), ("Organization", "front"))  # re-asserted link
    yield rel("SUPPLIES", ("Organization", "sup"), ("Organization", "cell"))  # a 1-hop chain
    yield person("p4", "MEMBER FOUR")
    yield address("w4")
    yield rel("MEMBER_OF", ("Person", "p4"), SINALOA)
    yield rel("CONTROLS_ADDRESS", ("Person", "p4"), ("CryptoAddress", "w4"))
    yield flow("w4", "broker-addr", 5.0)  # a fourth cartel wallet paying the broker
    yield person("hsi-holder", "HOLDER, Hidden")
    yield rel("CONTROLS_ADDRESS", ("Person", "hsi-holder"), ("CryptoAddress", "broker-addr"))
    yield NodeRecord(
        "Seizure", "s2", {"id": "s2", "caseNumber": "HSI-2", "seizedOn": "2026-07-01", "seizingAgency": "HSI"}
    )
    yield rel("FOUND_ADDRESS", ("Seizure", "s2"), ("CryptoAddress", "paper"), foundOn="phone")
    yield person("hsi-fixer", "FIXER, Hidden")
    yield rel("ASSOCIATE_OF", ("Person", "hsi-fixer"), SINALOA)
    yield rel("ASSOCIATE_OF", ("Person", "hsi-fixer"), CJNG)
    yield rel("NOTIFIES", ("Shipment", "sh1"), ("Person", "p1"))
    yield flow("w2", "vendor-addr", 4.0)
    yield address("x9")
    yield flow("c2", "x9", 8.5)  # now the largest outflow of c2: the peel chain breaks
    yield NodeRecord(
        "SeizureStatistic",
        "fy2024-hsi",
        {
            "id": "fy2024-hsi",
            "fiscalYear": 2024,
            "month": "FEB",
            "periodStart": "2024-02-01",
            "component": "OFO",
            "region": "Coastal/Interior",
            "landFilter": "Other",
            "drugType": "Fentanyl",
            "eventCount": 1,
            "quantityLbs": 100.0,
        },
    )
    yield rel("COUNTED_IN", ("SeizureStatistic", "fy2024-hsi"), ("Location", "area"))
    yield NodeRecord("Shipment", "sh2", {"id": "sh2", "billOfLading": "BOL-2"})
    yield rel("ARRIVED_AT", ("Shipment", "sh2"), ("Port", "lax"))
    yield rel("CONTROLS_ADDRESS", ("Person", "designated"), ("CryptoAddress", "paper"))  # 1 hop, not 2
    yield address("broker-out2")
    yield rel("CONTROLS_ADDRESS", ("Organization", "broker"), ("CryptoAddress", "broker-out2"))
    yield flow("broker-out2", "sup-addr", 70.0)  # a better-paid money chain
    yield rel("ASSOCIATE_OF", ("Person", "hsi-fixer"), ("Person", "designated"))
    # other values for public elements: each changes an investigation that compares or sums them
    yield flow("c0", "c1", 8.5)  # the peel chain's first hop is now smaller than its second
    yield flow("w1", "broker-addr", 6.0)  # broker fan-in's amount
    yield flow("broker-out", "sup-addr", 45.0)  # money chain's amount paid
    yield NodeRecord(
        "SeizureStatistic",
        "fy2022",
        {
            "id": "fy2022",
            "fiscalYear": 2022,
            "month": "JAN",
            "periodStart": "2022-01-01",
            "component": "OFO",
            "region": "Coastal/Interior",
            "landFilter": "Other",
            "drugType": "Fentanyl",
            "eventCount": 1,
            "quantityLbs": 40.0,
        },
    )
    yield NodeRecord(
        "Designation",
        "d2",
        {"id": "d2", "listName": "SDN", "entryId": "2", "programs": ["CYBER2"], "status": "delisted"},
    )
    yield NodeRecord("Substance", "anpp", {"id": "anpp", "name": "4-ANPP", "category": "reagent"})
    yield NodeRecord("Location", "safehouse", {"id": "safehouse", "name": "Calle 5 #12", "kind": "city"})
    yield from co_spent_payment("hsi-payer", HSI_PAYMENT, HSI_CO_SPEND, "0.9")  # a hidden co-spend chain
    yield pays(PUBLIC_PAYMENT, "sup-addr", 0, "0.45")  # another value for the public payment's output
    split = {"decisionId": "hsi-split", "decidedAt": "2026-12-01T00:00:00Z", "decidedBy": "analyst"}
    yield NodeRecord("ClusterSplit", "hsi-split", split | {"reason": "a payjoin", "rule": "co_spend"})
    public_co_spend = NodeRef("UtxoTransaction", {"chain": "bitcoin", "txid": PUBLIC_CO_SPEND})
    yield RelationshipRecord(
        "DISREGARDS", NodeRef("ClusterSplit", {"decisionId": "hsi-split"}), public_co_spend, "hsi-split", {}
    )


def _ref(ref: NodeRef) -> dict[str, Any]:
    return {"label": ref.label, **ref.identity}


def write(folder: Path, name: str, agency: str, caveat: str, records: Any) -> oracle.SourceFile:
    nodes, rels = [], []
    for record in records:
        if isinstance(record, NodeRecord):
            nodes.append({"label": record.label, "record": record.record_id, "props": record.props})
        elif isinstance(record, RelationshipRecord):
            rels.append(
                {
                    "type": record.type,
                    "record": record.record_id,
                    "from": _ref(record.source),
                    "to": _ref(record.target),
                    "props": record.props,
                }
            )
    provenance = {"dataset": name, "agency": agency, "caveat": caveat, "synthetic": True}
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"provenance": provenance, "nodes": nodes, "relationships": rels}))
    return oracle.SourceFile("records", path)


ETH = ["0x" + f"{n:02x}" * 20 for n in range(1, 9)]  # e0..e4 the chain, e5..e7 its peels


def transfer(number: int, sender: int, receiver: int, amount: float) -> dict[str, Any]:
    return {
        "chain": "ethereum",
        "txHash": "0x" + f"{number:064x}",
        "index": 0,
        "from": ETH[sender],
        "to": ETH[receiver],
        "asset": "ETH",
        "amount": amount,
        "timestamp": f"2026-03-0{1 + number % 9}T10:00:00Z",
    }


def ledger(
    folder: Path, name: str, agency: str, caveat: str, transfers: list[dict[str, Any]]
) -> oracle.SourceFile:
    document = {
        "format": "wallet-ledger",
        "version": 1,
        "dataset": name,
        "agency": agency,
        "caveat": caveat,
        "synthetic": True,
        "records": transfers,
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document))
    return oracle.SourceFile("wallet-ledger", path)


# A public ledger's peel chain e0 -> e4 (10, 9, 8, 7, peeling 1 at e1..e3); the HSI ledger adds a
# transfer to the pair e2 -> e3, whose total then exceeds the hop before it: no chain for HSI's eyes.
PUBLIC_LEDGER = [
    transfer(1, 0, 1, 10.0),
    transfer(2, 1, 2, 9.0),
    transfer(3, 2, 3, 8.0),
    transfer(4, 3, 4, 7.0),
    transfer(5, 1, 5, 1.0),
    transfer(6, 2, 6, 1.0),
    transfer(7, 3, 7, 1.0),
]
HSI_LEDGER = [transfer(8, 2, 3, 5.0), transfer(3, 2, 3, 8.0)]  # one new transfer, one the public ledger has
# Transaction 9's log entry 0 as three sources tell it (disputed_transfers): two public ledgers
# disagree on its amount (every viewer sees the dispute), and the HSI ledger gives a third amount.
PUBLIC_LEDGER.append(transfer(9, 6, 7, 2.0))
SECOND_PUBLIC_LEDGER = [transfer(9, 6, 7, 2.5)]
HSI_LEDGER.append(transfer(9, 6, 7, 3.25))


def sources(folder: Path) -> list[oracle.SourceFile]:
    return [
        write(folder, "oracle-public", "OFAC", "PUBLIC", [*case_records(), *money_route()]),
        ledger(folder, "oracle-public-ledger", "OFAC", "PUBLIC", PUBLIC_LEDGER),
        ledger(folder, "oracle-public-ledger-2", "OFAC", "PUBLIC", SECOND_PUBLIC_LEDGER),
        write(folder, "oracle-dea", "DEA", "LES", dea_records()),
        write(folder, "oracle-hsi", "HSI", "LES", hsi_records()),
        ledger(folder, "oracle-hsi-ledger", "HSI", "LES", HSI_LEDGER),
    ]


def without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in TIMES}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def transfer_links(value: Any) -> Iterator[dict[str, Any]]:
    """Every SENT_FUNDS_TO link map in an answer, at any depth."""
    if isinstance(value, dict):
        if value.get("type") == "SENT_FUNDS_TO" and isinstance(value.get("props"), dict):
            yield value
        for item in value.values():
            yield from transfer_links(item)
    elif isinstance(value, list):
        for item in value:
            yield from transfer_links(item)


def ledger_stamps_apart(answer: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The documented exception (ARCHITECTURE.md): a transfer link that a viewer sees only in part
    shows no ledger file stamps (hash, publication date, synthetic flag), where a visible-only build
    shows those of the last visible ledger that changed its totals. Takes them out of ``answer`` and
    returns them per link."""
    stamps = {}
    for link in transfer_links(answer):
        key = (link["startId"], link["endId"], str(link["props"].get("asset")))
        stamps[key] = {name: link["props"].pop(name, None) for name in LEDGER_STAMPS}
    return stamps


def answers(api: InProcessApi, viewer: Viewer) -> dict[str, Any]:
    """Every Cypher investigation's rows (default parameters) for ``viewer``, ingestion times left out
    (the computed interdiction_plan has its own oracle: tests/api/test_interdiction_oracle.py)."""
    found = {}
    for name in sorted(n for n, i in load_catalog(QUERIES).items() if i.computed is None):
        outcome = api.run(RUN, viewer, name=name, params=REQUIRED.get(name))
        assert outcome.errors == [], f"{name}: {outcome.errors}"
        found[name] = without_times(outcome.data["runInvestigation"])
    return found


@pytest.fixture
def oracle_api(graph: Graph, neo4j_settings, api_registry) -> InProcessApi:
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)


HSI_ONLY = (
    "oracle-hsi",
    "HSI|LES",
    "hsi-",
    "w4",
    "x9",
    "broker-out2",
    "sh2",
    "fy2024-hsi",
    "CYBER2",
    "delisted",
    HSI_PAYMENT,
    HSI_CO_SPEND,
)
DEA_ONLY = ("oracle-dea", "DEA|LES", "dea-member", "dea-wallet", "dea-payer")
CASES = {
    # DEA sees PUBLIC and DEA|LES records, not HSI|LES ones
    "DEA": (VIEWER, ["PUBLIC", "PUBLIC", "PUBLIC", "DEA|LES"], HSI_ONLY, DEA_ONLY),
    # CBP holds a grant of its own that marks nothing here: PUBLIC records only
    "CBP": (
        Viewer.of("CBP", ["CBP|LES"]),
        ["PUBLIC", "PUBLIC", "PUBLIC"],
        HSI_ONLY + DEA_ONLY,
        ("oracle-public",),
    ),
}


@pytest.mark.parametrize("agency", sorted(CASES))
def test_each_investigation_answers_what_the_visible_records_alone_give(graph, oracle_api, tmp_path, agency):
    viewer, visible, hidden, seen = CASES[agency]
    files = sources(tmp_path)
    assert oracle.build(graph, files, tmp_path, None) == [
        "PUBLIC",
        "PUBLIC",
        "PUBLIC",
        "DEA|LES",
        "HSI|LES",
        "HSI|LES",
    ]
    everything = answers(oracle_api, oracle.development(graph))
    restricted = answers(oracle_api, viewer)

    assert oracle.build(graph, files, tmp_path, oracle.held_by(viewer)) == visible
    expected = answers(oracle_api, oracle.development(graph))

    for name in sorted(expected):
        shown, built = ledger_stamps_apart(restricted[name]), ledger_stamps_apart(expected[name])
        for link, stamps in shown.items():  # the exception: a stamp is the visible build's, or absent
            assert all(v is None or v == built[link][k] for k, v in stamps.items()), (
                f"{name}: {link} {stamps}"
            )
        difference = oracle.first_difference(restricted[name], expected[name])
        assert difference is None, f"{name} for {agency} on the full graph: {difference}"
        assert expected[name]["totalCount"] > 0, f"{name}: the case finds nothing; it proves nothing"
        # the hidden records change every answer: for whoever sees them, rows differ
        assert everything[name] != expected[name], f"{name}: the hidden records change nothing here"
    shown = json.dumps(restricted)
    for text in hidden:
        assert text not in shown, f"{text!r} reaches a viewer who may not see it"
    for text in seen:
        assert text in shown, f"{text!r}, which the viewer may see, is not shown"
