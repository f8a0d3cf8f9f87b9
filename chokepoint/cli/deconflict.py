"""``chokepoint deconfliction report | notices --agency A``: what an owner agency has been told.

Both ask the API's own ``deconflictionReport`` / ``deconflictionNotices`` in-process as the agency
(its grants under the access file's sharing policy, or its own records only without one), so the
CLI and a partner's API call print one answer.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from chokepoint.cli.in_process import as_agency, ask
from chokepoint.cli.output import console
from chokepoint.settings import load_settings

deconfliction_app = typer.Typer(
    help="Deconfliction: the pointers to your agency's records that other agencies were given",
    no_args_is_help=True,
)
REPORT_QUERY = """query ($first: Int!) { deconflictionReport(first: $first) { totalCount
  items { element lastAt entity { id labels displayName } agencies { agency lastAt touches notices } } } }"""
NOTICES_QUERY = """query ($first: Int!, $since: DateTime) {
  deconflictionNotices(first: $first, since: $since) {
    totalCount notices { agency element firstAt lastAt touches } } }"""

Agency = Annotated[str, typer.Option("--agency", help="The owner agency (as named in the access file)")]
First = Annotated[int, typer.Option(min=0, max=100, help="How many to print")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the API's JSON answer")]


@deconfliction_app.command("report")
def report(agency: Agency, first: First = 50, as_json: AsJson = False) -> None:
    """The agency's elements other agencies were given pointers to, most recent activity first."""
    settings = load_settings()
    answer = ask(settings, REPORT_QUERY, {"first": first}, as_agency(agency, settings))
    found = answer["deconflictionReport"]
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return
    console.print(
        f"{agency}: {found['totalCount']} element(s) other agencies were pointed to", highlight=False
    )
    for item in found["items"]:
        entity = item["entity"] or {}
        name = f"{entity.get('displayName') or ''} ({item['element']})".strip()
        console.print(f"  {item['lastAt']}  {name}", markup=False, highlight=False)
        for activity in item["agencies"]:
            console.print(
                f"      {activity['agency']}: last {activity['lastAt']}, {activity['touches']} touch(es) "
                f"in {activity['notices']} notice(s)",
                markup=False,
                highlight=False,
            )


@deconfliction_app.command("notices")
def notices(
    agency: Agency,
    since: Annotated[
        dt.datetime | None, typer.Option(help="Only notices touched at or after this time (UTC)")
    ] = None,
    first: First = 50,
    as_json: AsJson = False,
) -> None:
    """The agency's notices, latest touch first: which agency was pointed to which element, when."""
    variables: dict[str, Any] = {"first": first, "since": since.isoformat() if since else None}
    found = ask(load_settings(), NOTICES_QUERY, variables, as_agency(agency, load_settings()))[
        "deconflictionNotices"
    ]
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return
    console.print(f"{agency}: {found['totalCount']} notice(s)", highlight=False)
    for notice in found["notices"]:
        console.print(
            f"  {notice['lastAt']}  {notice['agency']} → {notice['element']}  ({notice['touches']} touch(es) "
            f"since {notice['firstAt']})",
            markup=False,
            highlight=False,
        )
