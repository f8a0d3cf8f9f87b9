"""``chokepoint investigate NAME --param k=v … --format table|json|csv|markdown``.

A Cypher investigation runs here with every grant (the CLI's view); a computed one (the interdiction
plan), or a guided one (``supply_and_money_chains``, whose guided search needs the API's reads), runs
the API's ``runInvestigation`` in-process as the same viewer, so its rows and report are the API's.
``markdown`` prints a computed investigation's report, or a Cypher one's rows as a table under its
description and parameters."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from chokepoint import composition
from chokepoint.cli.in_process import ask, every_grant
from chokepoint.cli.output import console, table
from chokepoint.errors import InvalidInput
from chokepoint.investigations.catalog import Investigation, load_catalog
from chokepoint.investigations.catalog import find as find_investigation
from chokepoint.investigations.elements import compact
from chokepoint.investigations.runner import bind, run
from chokepoint.settings import load_settings


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


RUN_QUERY = """query ($name: String!, $params: JSON) {
  runInvestigation(name: $name, params: $params, first: 1000) {
    parameters columns totalCount edges { node } report
  }
}"""


def investigate(
    name: Annotated[str | None, typer.Argument(help="Investigation name; omit to list them")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v (lists: a,b or JSON)")] = None,
    output: Annotated[
        Format, typer.Option("--format", "-f", help="table, json, csv or markdown (a report to file)")
    ] = Format.table,
) -> None:
    """Run a saved investigation from queries/ (or list them)."""
    settings = load_settings()
    if name is None:
        _list(settings.queries_dir)
        return
    investigation = find_investigation(settings.queries_dir, name)
    given = parse_params(param or [])
    if investigation.computed is not None or investigation.guided is not None:
        bound = bind(investigation, given)  # typed here: the API takes JSON values
        answer = ask(settings, RUN_QUERY, {"name": name, "params": _json_safe(bound)}, every_grant)
        found = answer["runInvestigation"]
        nodes = [edge["node"] for edge in found["edges"]]
        if output is Format.markdown:
            sys.stdout.write(found["report"] or markdown_rows(investigation, bound, nodes))
            return
        _print(nodes, output, found["columns"])
        return
    with composition.connect(settings) as graph:
        rows = run(graph, investigation, given)
    if output is Format.markdown:
        sys.stdout.write(markdown_rows(investigation, bind(investigation, given), rows))
        return
    _print(rows, output)


def _json_safe(bound: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(bound, default=str)))


def markdown_rows(investigation: Investigation, bound: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """A Cypher investigation's rows as a Markdown report: description, parameters, a table."""
    lines = [f"# {investigation.name}", "", investigation.description, "", "## Parameters", ""]
    lines += [f"- {key}: {json.dumps(value, default=str)}" for key, value in bound.items()] or ["- none"]
    lines += ["", f"## {len(rows)} row(s)", ""]
    if rows:
        columns = list(rows[0])
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += [
            "| " + " | ".join(_cell(row[c]).replace("|", "\\|") for c in columns) + " |" for row in rows
        ]
    return "\n".join(lines) + "\n"


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


def _print(rows: list[dict[str, Any]], output: Format, columns: list[str] | None = None) -> None:
    if output is Format.json:
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=2) + "\n")
    elif output is Format.csv:
        columns = columns or (list(rows[0]) if rows else [])
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    else:
        columns = columns or (list(rows[0]) if rows else ["(no rows)"])
        console.print(
            table(f"{len(rows)} row(s)", columns, [[_cell(row[c]) for c in columns] for row in rows])
        )


def _cell(value: Any) -> str:
    """A table or CSV cell: elements by name (``--format json`` gives them whole), lists as JSON."""
    shown = compact(value)
    return (
        json.dumps(shown, default=str, ensure_ascii=False) if isinstance(shown, list | dict) else str(shown)
    )
