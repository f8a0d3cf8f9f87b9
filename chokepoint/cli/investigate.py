"""``chokepoint investigate NAME --param k=v … --format table|json|csv``."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from chokepoint import composition
from chokepoint.cli.output import console, table
from chokepoint.errors import InvalidInput
from chokepoint.investigations.catalog import find as find_investigation
from chokepoint.investigations.catalog import load_catalog
from chokepoint.investigations.elements import compact
from chokepoint.investigations.runner import run
from chokepoint.settings import load_settings


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def investigate(
    name: Annotated[str | None, typer.Argument(help="Investigation name; omit to list them")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v (lists: a,b or JSON)")] = None,
    output: Annotated[Format, typer.Option("--format", "-f", help="table, json or csv")] = Format.table,
) -> None:
    """Run a saved investigation from queries/ (or list them)."""
    settings = load_settings()
    if name is None:
        _list(settings.queries_dir)
        return
    investigation = find_investigation(settings.queries_dir, name)
    with composition.connect(settings) as graph:
        rows = run(graph, investigation, parse_params(param or []))
    _print(rows, output)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``name=value`` pairs from the command line."""
    given = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--param {pair!r} must read name=value")
        given[key.strip()] = value
    return given


def _list(folder: Any) -> None:
    rows = []
    for investigation in sorted(load_catalog(folder).values(), key=lambda i: i.name):
        params = ", ".join(
            f"{p.name}:{p.type}" + ("" if p.required else f"={json.dumps(p.default)}")
            for p in investigation.parameters
        )
        rows.append([investigation.name, investigation.description, params])
    console.print(table("Saved investigations", ["name", "description", "parameters"], rows))


def _print(rows: list[dict[str, Any]], output: Format) -> None:
    if output is Format.json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=2) + "\n")
    elif output is Format.csv:
        columns = list(rows[0]) if rows else []
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    else:
        columns = list(rows[0]) if rows else ["(no rows)"]
        console.print(
            table(f"{len(rows)} row(s)", columns, [[_cell(row[c]) for c in columns] for row in rows])
        )


def _cell(value: Any) -> str:
    """A table or CSV cell: elements by name (``--format json`` gives them whole), lists as JSON."""
    shown = compact(value)
    return (
        json.dumps(shown, default=str, ensure_ascii=False) if isinstance(shown, list | dict) else str(shown)
    )
