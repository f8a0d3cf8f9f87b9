"""``chokepoint watch add | remove | list | rules`` and ``chokepoint alerts``: an agency's watches and
the alerts they fired.

Each asks the API's own field or mutation in-process as the agency (its grants under the access
file's sharing policy, or its own and public records without one), so the CLI and a partner's API
call make and print the same watches and alerts.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from chokepoint.alerts.evaluate import AlertDraft
from chokepoint.cli.in_process import as_agency, ask
from chokepoint.cli.output import console
from chokepoint.errors import InvalidInput
from chokepoint.settings import load_settings

watch_app = typer.Typer(help="Watches: be told when new records touch an entity", no_args_is_help=True)

WATCH_FIELDS = "id rule subject parameters createdAt entity { id displayName }"
WATCH_MUTATION = f"""mutation ($rule: String!, $subject: ID!, $parameters: JSON) {{
  watch(rule: $rule, subject: $subject, parameters: $parameters) {{ {WATCH_FIELDS} }} }}"""
UNWATCH_MUTATION = f"mutation ($id: ID!) {{ unwatch(id: $id) {{ {WATCH_FIELDS} }} }}"
WATCHES_QUERY = f"""query ($first: Int!) {{ watches(first: $first) {{ totalCount
  watches {{ {WATCH_FIELDS} }} }} }}"""
RULES_QUERY = """{ watchRules { name title description subjects
  parameters { name type default minimum maximum description } } }"""
ALERTS_QUERY = """query ($first: Int!, $since: DateTime, $watch: ID, $unacknowledged: Boolean!) {
  alerts(first: $first, since: $since, watch: $watch, unacknowledged: $unacknowledged) {
    totalCount alerts { id at watch rule subject summary elementIds links sourceRecord
      pointer { agency desk phone email } acknowledgedAt } } }"""
ACKNOWLEDGE_MUTATION = "mutation ($ids: [ID!]!) { acknowledgeAlerts(ids: $ids) }"

Agency = Annotated[str, typer.Option("--agency", help="Your agency (as named in the access file)")]
First = Annotated[int, typer.Option(min=0, max=100, help="How many to print")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the API's JSON answer")]


@watch_app.command("add")
def add(
    rule: Annotated[str, typer.Argument(help="A watch rule (`chokepoint watch rules` lists them)")],
    subject: Annotated[str, typer.Argument(help="The id of the entity to watch")],
    agency: Agency,
    param: Annotated[
        list[str] | None,
        typer.Option(help='A rule parameter NAME=VALUE (VALUE as JSON when it parses: 1000, ["SENT"])'),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Watch an entity; alerts come with the ingests that touch it."""
    variables = {"rule": rule, "subject": subject, "parameters": parse_parameters(param or [])}
    watch = _ask(WATCH_MUTATION, variables, agency)["watch"]
    if as_json:
        print(json.dumps(watch, indent=2, ensure_ascii=False))
        return
    console.print(f"{agency} watches {_named(watch)}: {watch['rule']} {watch['parameters']}", markup=False)
    console.print(f"watch id {watch['id']}", markup=False, highlight=False)


@watch_app.command("remove")
def remove(watch_id: Annotated[str, typer.Argument(help="The watch's id")], agency: Agency) -> None:
    """End a watch (its alerts stay)."""
    watch = _ask(UNWATCH_MUTATION, {"id": watch_id}, agency)["unwatch"]
    console.print(f"{agency} no longer watches {_named(watch)} ({watch['rule']})", markup=False)


@watch_app.command("list")
def list_watches(agency: Agency, first: First = 50, as_json: AsJson = False) -> None:
    """The agency's active watches, newest first."""
    found = _ask(WATCHES_QUERY, {"first": first}, agency)["watches"]
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return
    console.print(f"{agency}: {found['totalCount']} active watch(es)", highlight=False)
    for watch in found["watches"]:
        console.print(
            f"  {watch['id']}  {watch['rule']} {_named(watch)} {watch['parameters']}",
            markup=False,
            highlight=False,
        )


@watch_app.command("rules")
def rules(as_json: AsJson = False) -> None:
    """What a watch can ask to be told, and the parameters of each rule."""
    settings = load_settings()
    found = ask(settings, RULES_QUERY, {}, as_agency("CLI", settings))["watchRules"]
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for rule in found:
        console.print(f"[bold]{rule['name']}[/]: {rule['title']}")
        console.print(f"  {rule['description']}", markup=False, highlight=False)
        console.print(f"  watches: {', '.join(rule['subjects'])}", markup=False, highlight=False)
        for p in rule["parameters"]:
            default = f" (default {json.dumps(p['default'])})" if p["default"] is not None else ""
            console.print(f"  --param {p['name']}=…  {p['type']}{default}: {p['description']}", markup=False)


def alerts(
    agency: Agency,
    since: Annotated[dt.datetime | None, typer.Option(help="Only alerts fired at or after (UTC)")] = None,
    watch: Annotated[str | None, typer.Option(help="Only the alerts of this watch id")] = None,
    unacknowledged: Annotated[bool, typer.Option(help="Only alerts not yet acknowledged")] = False,
    ack: Annotated[bool, typer.Option(help="Acknowledge the alerts printed")] = False,
    first: First = 50,
    as_json: AsJson = False,
) -> None:
    """The agency's alerts, newest first (and, with --ack, acknowledge them)."""
    variables: dict[str, Any] = {
        "first": first,
        "since": since.isoformat() if since else None,
        "watch": watch,
        "unacknowledged": unacknowledged,
    }
    found = _ask(ALERTS_QUERY, variables, agency)["alerts"]
    if ack and found["alerts"]:
        ids = [alert["id"] for alert in found["alerts"]]
        _ask(ACKNOWLEDGE_MUTATION, {"ids": ids}, agency)
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return
    console.print(f"{agency}: {found['totalCount']} alert(s)", highlight=False)
    for alert in found["alerts"]:
        seen = "" if alert["acknowledgedAt"] else "  [new]"
        console.print(f"  {alert['at']}  {alert['rule']}: {alert['summary']}{seen}", markup=False)
        if alert["sourceRecord"]:
            console.print(f"      record {alert['sourceRecord']}", markup=False, highlight=False)
    if ack and found["alerts"]:
        console.print(f"{len(found['alerts'])} alert(s) acknowledged", highlight=False)


def ensure_watch(agency: str, rule: str, subject: str, parameters: dict[str, Any]) -> str:
    """The id of ``agency``'s active watch with these rule, subject and parameters, made if it has none."""
    for watch in _ask(WATCHES_QUERY, {"first": 100}, agency)["watches"]["watches"]:
        if (watch["rule"], watch["subject"]) == (rule, subject) and all(
            watch["parameters"].get(key) == value for key, value in parameters.items()
        ):
            return str(watch["id"])
    variables = {"rule": rule, "subject": subject, "parameters": parameters}
    return str(_ask(WATCH_MUTATION, variables, agency)["watch"]["id"])


def alerts_of(agency: str, watch_id: str, first: int = 20) -> dict[str, Any]:
    """The alerts of one of ``agency``'s watches, newest first (the API's answer)."""
    variables = {"first": first, "since": None, "watch": watch_id, "unacknowledged": False}
    return dict(_ask(ALERTS_QUERY, variables, agency)["alerts"])


def print_fired(fired: list[AlertDraft], failure: str | None = None) -> None:
    """What an ingest or resolution run fired, one line per alert (or why the watches were not
    evaluated)."""
    if failure is not None:
        console.print(f"[bold red]Warning[/]: {failure}", highlight=False)
    if not fired:
        return
    console.print(f"{len(fired)} alert(s) fired:", highlight=False)
    for alert in fired:
        console.print(f"  {alert.watch.agency} ({alert.watch.rule}): {alert.summary}", markup=False)


def parse_parameters(items: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` options as a map; a VALUE that parses as JSON is that value, else the text."""
    parameters: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--param {item!r}: give NAME=VALUE")
        try:
            parameters[name.strip()] = json.loads(text)
        except json.JSONDecodeError:
            parameters[name.strip()] = text
    return parameters


def _ask(query: str, variables: dict[str, Any], agency: str) -> dict[str, Any]:
    settings = load_settings()
    return ask(settings, query, variables, as_agency(agency, settings))


def _named(watch: dict[str, Any]) -> str:
    entity = watch.get("entity") or {}
    name = entity.get("displayName")
    return f"{name} ({watch['subject']})" if name else str(watch["subject"])
