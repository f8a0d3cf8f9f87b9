"""What ``chokepoint demo`` loads, in order: real public data first, then the agencies' case records.

With ``../shared/data`` present the full public files are read (OFAC cut to the drug programmes);
without it, the excerpts committed in ``demo/`` stand in for them, so a fresh clone on a machine
without the shared data still shows the whole investigation.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoint.errors import InvalidInput
from chokepoint.ingest.program_filter import DRUG_PROGRAMS
from chokepoint.ingest.source import Options
from chokepoint.settings import Settings

OFAC_XML = Path("ofac-sdn-advanced-xml") / "sdn_advanced.xml.bz2"
CBP_DIR = Path("cbp-drug-seizures")


@dataclass(frozen=True)
class DemoStep:
    """One ``chokepoint ingest SOURCE PATH`` the demo runs."""

    title: str
    source: str
    path: Path
    options: Options = field(default_factory=Options)


def demo_steps(settings: Settings) -> list[DemoStep]:
    return [_ofac_step(settings), _cbp_step(settings), *case_record_steps(settings.demo_dir / "records")]


def _ofac_step(settings: Settings) -> DemoStep:
    full = settings.shared_data_dir / OFAC_XML
    if full.is_file():
        return DemoStep("OFAC SDN, drug programmes", "ofac-advanced", full, Options(programs=DRUG_PROGRAMS))
    return DemoStep("OFAC SDN, drug programmes (excerpt)", "records", settings.demo_dir / "ofac_excerpt.json")


def _cbp_step(settings: Settings) -> DemoStep:
    full = settings.shared_data_dir / CBP_DIR
    if full.is_dir():
        return DemoStep("CBP drug seizures FY19-25", "cbp-seizures", full)
    return DemoStep(
        "CBP fentanyl seizures FY22-25 (excerpt)",
        "cbp-seizures",
        settings.demo_dir / "cbp_fentanyl_fy22_25.csv",
    )


def case_record_steps(records_dir: Path) -> list[DemoStep]:
    """The synthetic agency files, in the order their ``manifest.json`` gives (CSV options included)."""
    manifest = records_dir / "manifest.json"
    try:
        entries = json.loads(manifest.read_bytes())["ingestInOrder"]
        return [_case_step(records_dir, entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"{manifest}: not a demo records manifest ({exc})") from exc


@dataclass(frozen=True)
class WatchedSlice:
    """The manifest's ``afterWatch``: a watch an agency sets once the case is loaded, and the later
    ledger slice that fires it."""

    step: DemoStep
    agency: str
    rule: str
    subject: str
    parameters: dict[str, Any]


def watched_slice(records_dir: Path) -> WatchedSlice | None:
    """The demo's watch and later slice (None for a manifest without one)."""
    manifest = records_dir / "manifest.json"
    try:
        entry = json.loads(manifest.read_bytes()).get("afterWatch")
        if entry is None:
            return None
        watch = entry["watch"]
        return WatchedSlice(
            _case_step(records_dir, entry),
            str(watch["agency"]),
            str(watch["rule"]),
            str(watch["subject"]),
            dict(watch.get("parameters") or {}),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(f"{manifest}: not a demo records manifest ({exc})") from exc


def _case_step(records_dir: Path, entry: dict[str, Any]) -> DemoStep:
    given = entry.get("options", {})
    published = given.get("published")
    options = Options(
        dataset=given.get("dataset"),
        agency=given.get("agency"),
        caveat=given.get("caveat"),
        published=dt.date.fromisoformat(published) if published else None,
        synthetic=bool(given.get("synthetic", False)),
    )
    return DemoStep(str(entry["file"]), str(entry["source"]), records_dir / str(entry["file"]), options)
