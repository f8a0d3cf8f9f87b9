"""A hand-made sequence of ingests for the watch tests: record files written on the fly, loaded in
order through the watched ingest (``chokepoint.alerts.service``), as ``chokepoint ingest`` loads them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoint import composition
from chokepoint.alerts.evaluate import AlertDraft
from chokepoint.alerts.service import ingest_watched
from chokepoint.deconfliction.pointers import PointerRule
from chokepoint.graph import Graph
from chokepoint.ingest.registry import Options, opener
from chokepoint.markings import visibility
from chokepoint.settings import load_settings

PUBLIC_FILE = {"agency": "OFAC", "caveat": "PUBLIC"}
DEA_LES = {"agency": "DEA", "caveat": "LES"}
FBI_LES = {"agency": "FBI", "caveat": "LES"}


def address(name: str) -> dict[str, str]:
    return {"label": "CryptoAddress", "chain": "bitcoin", "address": name}


def address_id(name: str) -> str:
    return f"CryptoAddress:bitcoin|{name}"


def address_node(name: str, record: str, **props: Any) -> dict[str, Any]:
    props = {"chain": "bitcoin", "address": name, **props}
    return {"label": "CryptoAddress", "record": record, "props": props}


def transfer(tx: str, sender: str, receiver: str, amount: float, asset: str = "BTC") -> dict[str, Any]:
    """A transfer's node and its SENT and RECEIVED links (one record, as a ledger row makes them)."""
    identity = {"label": "Transfer", "chain": "bitcoin", "txHash": tx, "index": 0}
    return {
        "nodes": [
            address_node(sender, tx),
            address_node(receiver, tx),
            {
                "label": "Transfer",
                "record": tx,
                "props": {"chain": "bitcoin", "txHash": tx, "index": 0, "asset": asset, "amount": amount},
            },
        ],
        "relationships": [
            {"type": "SENT", "record": tx, "from": address(sender), "to": identity},
            {"type": "RECEIVED", "record": tx, "from": identity, "to": address(receiver)},
        ],
    }


@dataclass
class CaseFile:
    """One record file of the sequence: its provenance, nodes and relationships."""

    dataset: str
    owner: dict[str, str]
    nodes: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)

    def add(self, part: dict[str, Any]) -> CaseFile:
        self.nodes += part.get("nodes", [])
        self.relationships += part.get("relationships", [])
        return self

    @property
    def grant(self) -> str:
        return visibility(self.owner["agency"], self.owner["caveat"])

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.dataset}.json"
        document = {
            "provenance": {"dataset": self.dataset, **self.owner, "published": "2026-06-01"},
            "nodes": self.nodes,
            "relationships": self.relationships,
        }
        path.write_text(json.dumps(document), encoding="utf-8")
        return path


def ingest(graph: Graph, case: CaseFile, tmp: Path, pointers: PointerRule | None = None) -> list[AlertDraft]:
    """Load one file with the watches listening; the alerts it fired."""
    model = composition.model_of(load_settings())
    fired: list[AlertDraft] = []
    for parsed in opener("records")(case.write(tmp), Options()):
        watched = ingest_watched(graph, model, parsed, tmp / "rejects.jsonl", pointers=pointers)
        assert not watched.report.rejected, watched.report.rejected
        assert watched.failure is None, watched.failure
        fired += watched.alerts
    return fired
