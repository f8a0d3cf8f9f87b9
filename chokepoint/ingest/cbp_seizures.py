"""Adapter for CBP's nationwide drug-seizure CSVs (monthly aggregates by area and drug type).

A row is keyed by (FY, month, component, region, land filter, area of responsibility, drug type);
the FY2022 rows that appear in both published files therefore land on the same node. Quantities are
rounded to the microgram-of-a-pound, because the two files print the same totals with different
last float digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from chokepoint.errors import InvalidRecord
from chokepoint.ingest.files import read_csv_rows, sha256_of
from chokepoint.ingest.records import (
    NodeRecord,
    NodeRef,
    Provenance,
    Record,
    RejectedRecord,
    RelationshipRecord,
)
from chokepoint.ingest.source import ParsedSource, SourceSpec

DATASET = "cbp-drug-seizures"
COLUMNS = (
    "FY",
    "Month (abbv)",
    "Component",
    "Region",
    "Land Filter",
    "Area of Responsibility",
    "Drug Type",
    "Count of Event",
    "Sum Qty (lbs)",
)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
# CBP drug type -> (substance id, name, category); "Other Drugs**" maps to no single substance.
SUBSTANCES = {
    "Fentanyl": ("substance:fentanyl", "Fentanyl", "opioid"),
    "Heroin": ("substance:heroin", "Heroin", "opioid"),
    "Cocaine": ("substance:cocaine", "Cocaine", "stimulant"),
    "Methamphetamine": ("substance:methamphetamine", "Methamphetamine", "stimulant"),
    "Marijuana": ("substance:marijuana", "Marijuana", "cannabis"),
    "Ecstasy": ("substance:mdma", "MDMA (ecstasy)", "stimulant"),
    "Ketamine": ("substance:ketamine", "Ketamine", "other_drug"),
    "Lsd": ("substance:lsd", "LSD", "hallucinogen"),
    "Khat (Catha Edulis)": ("substance:khat", "Khat (Catha edulis)", "stimulant"),
}
_FY = re.compile(r"^(\d{4})(\s*\(FYTD\))?$")


def open_seizures(path: Path) -> list[ParsedSource]:
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    if not files or not all(file.is_file() for file in files):
        raise InvalidRecord(f"{path}: no CBP seizure CSV files found")
    return [_open_file(file) for file in files]


def _open_file(file: Path) -> ParsedSource:
    rows = read_csv_rows(file, COLUMNS, "a CBP seizure CSV")
    provenance = Provenance(dataset=DATASET, agency="CBP", caveat="PUBLIC", file_sha256=sha256_of(file))
    return ParsedSource(provenance, _records(file, rows), total=len(rows))


def _records(file: Path, rows: list[tuple[int, dict[str, str]]]) -> Iterator[Record]:
    yield from _substances(file)
    for line, row in rows:
        record_id = f"{file.name}:line {line}"
        try:
            yield from _row_records(record_id, row)
        except (InvalidRecord, ValueError, KeyError) as exc:
            yield RejectedRecord(record_id, f"CBP row: {exc}")


def _substances(file: Path) -> Iterator[Record]:
    for substance_id, name, category in SUBSTANCES.values():
        yield NodeRecord(
            "Substance", f"{file.name}:drug types", {"id": substance_id, "name": name, "category": category}
        )


def _row_records(record_id: str, row: dict[str, str]) -> Iterator[Record]:
    fy_match = _FY.match(row["FY"].strip())
    if fy_match is None:
        raise InvalidRecord(f"fiscal year {row['FY']!r} is not YYYY or 'YYYY (FYTD)'")
    fiscal_year, month = int(fy_match.group(1)), row["Month (abbv)"].strip().upper()
    if month not in MONTHS:
        raise InvalidRecord(f"month {row['Month (abbv)']!r} is not a three-letter month")
    month_number = MONTHS.index(month) + 1
    calendar_year = fiscal_year - 1 if month_number >= 10 else fiscal_year  # FY starts in October
    component, region, land = row["Component"].strip(), row["Region"].strip(), row["Land Filter"].strip()
    area, drug = row["Area of Responsibility"].strip(), row["Drug Type"].strip()
    if not area or not drug:
        raise InvalidRecord("area of responsibility and drug type are required")
    key = "|".join((str(fiscal_year), month, component, region, land, area, drug))
    statistic_id = f"cbp-statistic:{key}"
    yield NodeRecord(
        "SeizureStatistic",
        record_id,
        {
            "id": statistic_id,
            "fiscalYear": fiscal_year,
            "fiscalYearToDate": fy_match.group(2) is not None,
            "month": month,
            "periodStart": dt.date(calendar_year, month_number, 1),
            "component": component,
            "region": region,
            "landFilter": land,
            "drugType": drug,
            "eventCount": row["Count of Event"],
            "quantityLbs": round(float(row["Sum Qty (lbs)"]), 9),
        },
    )
    area_id = f"cbp-area:{area.lower().replace(' ', '-')}"
    kind = "border_patrol_sector" if "Border Patrol" in component else "field_office"
    yield NodeRecord(
        "Location",
        record_id,
        {"id": area_id, "name": area.title(), "kind": kind, "countryCode": "US", "region": region},
    )
    statistic = NodeRef("SeizureStatistic", {"id": statistic_id})
    yield RelationshipRecord("COUNTED_IN", statistic, NodeRef("Location", {"id": area_id}), record_id)
    if drug in SUBSTANCES:
        substance = NodeRef("Substance", {"id": SUBSTANCES[drug][0]})
        yield RelationshipRecord("COUNTS_SUBSTANCE", statistic, substance, record_id)


SOURCE = SourceSpec(
    "cbp-seizures",
    lambda path, _: open_seizures(path),
    reads="a CBP nationwide drug-seizure CSV or their folder",
    becomes="monthly SeizureStatistic per area of responsibility (a Location) and drug (a Substance)",
)
