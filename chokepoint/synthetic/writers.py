"""Write generated records: one JSON file per agency and format (with its envelope), or CSV.

JSON puts one record per line so a diff of two generations stays readable; CSV files carry no
envelope, so the index file (``manifest.json``) names the provenance options each CSV is ingested with.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chokepoint.synthetic.world import PUBLISHED


@dataclass(frozen=True)
class FileSpec:
    """Where a dataset goes and the provenance it carries."""

    file: str
    format: str
    dataset: str
    agency: str
    caveat: str

    def envelope(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "version": 1,
            "dataset": self.dataset,
            "agency": self.agency,
            "caveat": self.caveat,
            "published": PUBLISHED.isoformat(),
            "synthetic": True,
        }

    def index_entry(self, count: int) -> dict[str, Any]:
        entry: dict[str, Any] = {"file": self.file, "source": self.format, "records": count}
        if self.file.endswith(".csv"):
            entry["options"] = {
                "dataset": self.dataset,
                "agency": self.agency,
                "caveat": self.caveat,
                "published": PUBLISHED.isoformat(),
                "synthetic": True,
            }
        return entry


def write_json(path: Path, spec: FileSpec, records: Sequence[dict[str, Any]]) -> None:
    head = json.dumps(spec.envelope(), ensure_ascii=False)[:-1]
    lines = [json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in records]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(head + ', "records": [\n')
        out.write(",\n".join(lines))
        out.write("\n]}\n")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_index(
    path: Path, entries: list[dict[str, Any]], command: str, after_watch: dict[str, Any] | None = None
) -> None:
    """The manifest: the files in ingest order and, apart, the later slice a watch waits for."""
    body: dict[str, Any] = {"generatedBy": command, "synthetic": True, "ingestInOrder": entries}
    if after_watch is not None:
        body["afterWatch"] = after_watch
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
