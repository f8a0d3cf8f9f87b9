"""A small supply network with one broker every public chain runs through, and a DEA-only bypass.

    sup1 ─CONTROLS_ADDRESS→ sw1 ←SENT_FUNDS_TO─ bw1 ←CONTROLS_ADDRESS─ broker ─LAUNDERS_FOR→ cartelA
    sup2 ─CONTROLS_ADDRESS→ sw2 ←SENT_FUNDS_TO─ bw2 ←CONTROLS_ADDRESS─ broker ─LAUNDERS_FOR→ cartelB
    cartelA ─SUPPLIES→ cell1, cartelB ─SUPPLIES→ cell2, bystander ─OWNED_OR_CONTROLLED_BY→ cartelB

Every record is PUBLIC except the DEA/LES courier and its two ACTING_FOR links
(sup1 ←ACTING_FOR─ courier ─ACTING_FOR→ cartelA): a viewer with DEA|LES sees a 3-hop route around the
broker; anyone else must not see it, nor its effect on any figure.
"""

from __future__ import annotations

from chokepoint import composition
from chokepoint.api.schema import build_schema
from chokepoint.graph.queries import load_query
from chokepoint.ingest.records import Provenance
from chokepoint.ingest.writer import GraphWriter
from tests.api.conftest import InProcessApi
from tests.integration.test_investigations import address, org, person, rel

PUBLIC = Provenance(dataset="supply-test-public", agency="OFAC", caveat="PUBLIC", synthetic=True)
RESTRICTED = Provenance(dataset="supply-test-dea", agency="DEA", caveat="LES", synthetic=True)
SUPPLIERS, CELLS = ("sup1", "sup2"), ("cell1", "cell2")
RESTRICTED_IDS = ("courier",)


def wallet(name: str) -> str:
    return f"CryptoAddress:bitcoin|{name}"


def public_records():
    yield from [
        org("sup1", "Hebei Example Chemical", "company", "precursor_supplier"),
        org("sup2", "Wuhan Example Biotech", "company", "precursor_supplier"),
        org("broker", "Rim Remittance", "money_service_business", "crypto_broker"),
        org("cartelA", "CARTEL A", "cartel"),
        org("cartelB", "CARTEL B", "cartel"),
        org("cell1", "Phoenix cell", "distribution_cell"),
        org("cell2", "Tucson cell", "distribution_cell"),
        org("bystander", "Unrelated Trading", "company"),
        *[address(name) for name in ("sw1", "sw2", "bw1", "bw2")],
    ]
    for n in ("1", "2"):
        yield rel("CONTROLS_ADDRESS", ("Organization", f"sup{n}"), ("CryptoAddress", f"sw{n}"))
        yield rel("CONTROLS_ADDRESS", ("Organization", "broker"), ("CryptoAddress", f"bw{n}"))
        yield rel(
            "SENT_FUNDS_TO",
            ("CryptoAddress", f"bw{n}"),
            ("CryptoAddress", f"sw{n}"),
            asset="USDT",
            totalAmount=100000.0 * int(n),
            transferCount=2,
        )
    yield rel("LAUNDERS_FOR", ("Organization", "broker"), ("Organization", "cartelA"))
    yield rel("LAUNDERS_FOR", ("Organization", "broker"), ("Organization", "cartelB"))
    yield rel("SUPPLIES", ("Organization", "cartelA"), ("Organization", "cell1"))
    yield rel("SUPPLIES", ("Organization", "cartelB"), ("Organization", "cell2"))
    yield rel("OWNED_OR_CONTROLLED_BY", ("Organization", "bystander"), ("Organization", "cartelB"))


def restricted_records():
    yield person("courier", "COURIER, Informant")
    yield rel("ACTING_FOR", ("Person", "courier"), ("Organization", "sup1"))
    yield rel("ACTING_FOR", ("Person", "courier"), ("Organization", "cartelA"))


def load_case(neo4j_settings, model, api_registry) -> InProcessApi:
    """Empty the database, write the case, and return an in-process API over it."""
    with composition.connect(neo4j_settings) as graph:
        graph.run_autocommit(load_query("delete_all_in_batches"))
        for provenance, records in ((PUBLIC, public_records()), (RESTRICTED, restricted_records())):
            assert GraphWriter(graph, model, provenance).write_all(records).rejected == []
    return InProcessApi(neo4j_settings, build_schema(api_registry), api_registry)
