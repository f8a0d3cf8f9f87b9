"""The analyst workspace end to end in Debian's headless chromium: the page served by the API, driven
as an analyst would (keyboard and mouse), every figure it draws checked against the API's own answer
to the same viewer.

Development mode: search SINALOA, open the cartel, expand its members (counts first), collapse, pin,
an edge's evidence, supply chains from a supplier, the interdiction plan drawn, the view exported to
GEXF. Production mode with two agencies: the page asks for a credential, and what it shows each
agency (ids and captions on the canvas, records in the panel) is exactly what the API answers that
agency: DEA sees its LES informant among the members, CBP does not.
"""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from defusedxml import ElementTree

from chokepoint.api.app import create_app
from chokepoint.api.export_route import export_files
from chokepoint.api.security.credentials import key_digest, new_api_key
from chokepoint.api.security.persisted import query_hash
from chokepoint.api.web_route import CONTENT_SECURITY_POLICY
from chokepoint.settings import PROJECT_ROOT, Settings
from tests.api.conftest import served_app
from tests.web.conftest import HUB_MEMBERS

pytestmark = pytest.mark.neo4j

SEARCH_BOX = "Names, aliases, identifiers, addresses"
MEMBERS = "Expand MEMBER_OF incoming of SINALOA TEST CARTEL"
KEYS = {agency: new_api_key() for agency in ("DEA", "CBP")}
GEXF = "{http://gexf.net/1.3}"
SVG = "{http://www.w3.org/2000/svg}"


# The oracle's own texts (allowed beside the workspace's when the access file admits persisted only).
ORACLE_SEARCH = "query($t: String!) { search(text: $t, first: 100) { edges { node { id displayName } } } }"
ORACLE_NEIGHBOURS = (
    "query($id: ID!, $t: [String!], $d: Direction!) { neighbors(id: $id, relTypes: $t, direction: $d,"
    " first: 100) { edges { node { id displayName } } } }"
)
ORACLE_RECORDS = "query($id: ID!) { entity(id: $id) { sourceRecords } }"
ORACLE_VISIBLE = "query($id: ID!) { entity(id: $id) { id } }"


class Api:
    """The API as a partner client calls it, to compare the page with."""

    def __init__(self, url: str, key: str | None = None) -> None:
        self.url = url
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers=self.headers,
            timeout=60,
        )
        payload = response.json()
        assert response.status_code == 200 and "errors" not in payload, payload
        return dict(payload["data"])

    def search(self, text: str) -> dict[str, str]:
        found = self.data(ORACLE_SEARCH, t=text)
        return {e["node"]["id"]: e["node"]["displayName"] for e in found["search"]["edges"]}

    def neighbours(self, node_id: str, rel_type: str, direction: str) -> dict[str, str]:
        found = self.data(ORACLE_NEIGHBOURS, id=node_id, t=[rel_type], d=direction)
        return {e["node"]["id"]: e["node"]["displayName"] for e in found["neighbors"]["edges"]}

    def visible(self, node_id: str) -> bool:
        return self.data(ORACLE_VISIBLE, id=node_id)["entity"] is not None

    def records(self, node_id: str) -> list[str]:
        found = self.data(ORACLE_RECORDS, id=node_id)
        return list(found["entity"]["sourceRecords"])


def view(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("window.chokepointView()"))


def shown(page: Any) -> dict[str, str]:
    return {node["id"]: node["label"] for node in view(page)["nodes"]}


def open_page(context: Any, url: str, path: str = "/") -> Any:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    operations: list[str] = []  # the name of each GraphQL operation the page sends, in order

    def note(sent: Any) -> None:
        if sent.url.endswith("/graphql"):
            operations.append(operation_name(sent))

    page.on("request", note)
    page.operations = operations
    began = time.perf_counter()
    response = page.goto(f"{url}{path}")
    assert response.status == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.wait_for_selector("body[data-ready=true]")
    interactive = page.evaluate("performance.getEntriesByName('workspace-interactive')[0].startTime")
    print(
        f"first view interactive: {interactive:.0f} ms after navigation start "
        f"({(time.perf_counter() - began) * 1000:.0f} ms seen by the harness)"
    )
    return page


def operation_name(request: Any) -> str:
    text = json.loads(request.post_data or "{}").get("query", "")
    found = re.match(r"\s*(?:query|mutation)\s+(\w+)", text)
    return found.group(1) if found else "?"


def search_and_open(page: Any, text: str, entity_id: str) -> None:
    """Search with the keyboard, walk the results with the arrow keys, open one with Enter."""
    page.get_by_label(SEARCH_BOX).fill(text)
    page.get_by_label(SEARCH_BOX).press("Enter")
    # The page focuses the first result once this search's answer is drawn (the results of an
    # earlier search may hold the same button: waiting for it alone raced the answer).
    page.wait_for_selector("#results button:focus")
    page.wait_for_selector(f'#results button[data-entity-id="{entity_id}"]')
    for _ in range(page.locator("#results button").count()):
        if page.evaluate("document.activeElement.dataset.entityId") == entity_id:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.entityId") == entity_id, (
        "results are not keyboard-navigable"
    )
    page.keyboard.press("Enter")
    wait_for_entity(page, entity_id)


def wait_for_entity(page: Any, entity_id: str) -> None:
    """Wait for ``entity_id``'s panel; when the page shows an API error instead, fail with it."""
    title = f'#entity-title[data-entity-id="{entity_id}"]'
    page.wait_for_selector(f"{title}, #error:not([hidden])")
    assert page.locator(title).count() == 1, f"opening {entity_id}: {page.locator('#error').text_content()}"


def wait_for_nodes(page: Any, expected: int) -> None:
    """Poll from outside the page: Playwright's in-page wait_for_function evaluates a string, which the
    page's Content-Security-Policy (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + 30
    while len(view(page)["nodes"]) < expected:
        assert time.monotonic() < deadline, f"fewer than {expected} nodes in view: {view(page)}"
        page.wait_for_timeout(50)


def tab_to(page: Any, name: str, most: int = 40) -> None:
    """Press Tab until the focused control is the one named ``name``."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == name:
            return
    raise AssertionError(f"{name!r} is not reachable with Tab")


UNLABELLED = """() => [...document.querySelectorAll("input, select, button, [role=img]")]
  .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute("aria-label") && !c.textContent.trim())
  .map((c) => c.outerHTML)"""


def expand_members(page: Any, expected: int) -> None:
    page.get_by_role("button", name=MEMBERS).click()
    wait_for_nodes(page, expected)


@pytest.fixture(scope="module")
def dev_url(web_db: Settings) -> Iterator[str]:
    with served_app(create_app(web_db), "web-dev-server") as url:
        yield url


def test_an_investigation_in_the_browser(dev_url, browser, screenshots, tmp_path):
    api = Api(dev_url)
    context = browser.new_context(viewport={"width": 1500, "height": 900}, accept_downloads=True)
    page = open_page(context, dev_url)
    page.screenshot(path=screenshots / "01-empty.png")
    assert page.evaluate(UNLABELLED) == []  # every control has a label

    # Search and open: the panel's counts are the API's, before any neighbour is fetched.
    search_and_open(page, "SINALOA", "org:cartel")
    members = api.neighbours("org:cartel", "MEMBER_OF", "INCOMING")
    assert len(members) == 5  # four public members and DEA's informant: development sees every record
    assert page.get_by_text(f"MEMBER_OF ← {len(members)}").is_visible()
    assert (
        page.locator("#detail table[aria-label=Assertions]").inner_text().count("api-test-public:org-1") == 1
    )
    expand_members(page, 1 + len(members))
    assert shown(page) == {"org:cartel": "SINALOA TEST CARTEL", **members}
    assert page.get_by_text(f"({len(members)} shown, 0 more)").is_visible()
    page.screenshot(path=screenshots / "02-members.png")

    # An edge's evidence, clicked on the canvas.
    canvas = page.locator("#graph").bounding_box()
    edge = next(e for e in view(page)["edges"] if e["id"] == "(p:boss)-[MEMBER_OF]->(org:cartel)")
    page.mouse.click(canvas["x"] + edge["at"]["x"], canvas["y"] + edge["at"]["y"])
    page.wait_for_selector("#edge-title")
    assert "api-test-public:m-1" in page.locator("#detail").inner_text()

    # Pin one member, collapse the cartel: the pinned member stays, the others leave.
    page.mouse.click(canvas["x"] + 5, canvas["y"] + 5)  # nothing: keeps the panel
    search_and_open(page, "Uno", "p:m1")
    page.get_by_role("button", name="Pin").click()
    search_and_open(page, "SINALOA", "org:cartel")
    page.get_by_role("button", name="Collapse").click()
    assert set(shown(page)) == {"org:cartel", "p:m1"}

    # Supply chains from a supplier, then the interdiction plan drawn on the canvas.
    page.get_by_role("button", name="Clear").click()
    search_and_open(page, "Hebei", "sup1")
    page.get_by_role("button", name="Supply chains from selected").click()
    page.wait_for_selector("#chains-title")
    chains = api.data(
        '{ supplyChains(suppliers: ["sup1"], first: 10) { totalCount edges { node { nodes { id } } } } }'
    )["supplyChains"]
    assert page.locator("#chains-title").inner_text().startswith(f"{chains['totalCount']} supply chain")
    on_chains = {n["id"] for e in chains["edges"] for n in e["node"]["nodes"]}
    assert on_chains and on_chains <= set(shown(page))
    across = {node["id"]: node["at"]["x"] for node in view(page)["nodes"]}
    assert across["sup1"] == min(across.values()) < across["cell1"]  # left to right from the supplier
    page.screenshot(path=screenshots / "03-supply-chains.png")
    page.get_by_role("button", name="Interdiction plan").click()
    page.wait_for_selector("#plan-title")
    plan = api.data(
        '{ interdictionPlan(sources: ["sup1"]) { complete steps { entity { id } '
        "link { relationships { type startId endId } } } } }"
    )["interdictionPlan"]
    cut_nodes = {s["entity"]["id"] for s in plan["steps"] if s["entity"]}
    cut_links = {
        f"({r['startId']})-[{r['type']}]->({r['endId']})"
        for s in plan["steps"]
        if s["link"]
        for r in s["link"]["relationships"]
    }
    assert cut_nodes or cut_links
    drawn = view(page)
    assert {n["id"] for n in drawn["nodes"] if "cut" in n["classes"]} == cut_nodes
    assert {e["id"] for e in drawn["edges"] if "cut" in e["classes"]} == cut_links
    assert (
        page.locator("#plan-title")
        .inner_text()
        .startswith(f"Interdiction plan: {'complete' if plan['complete'] else 'incomplete'}")
    )
    page.screenshot(path=screenshots / "04-interdiction-plan.png")

    # The view, exported through /export: the GEXF holds exactly the nodes in view.
    in_view = set(shown(page))
    with page.expect_download() as download:
        page.get_by_role("button", name="Export view").click()  # GEXF, the format picker's default
    saved = tmp_path / "view.gexf"
    download.value.save_as(saved)
    root = ElementTree.parse(saved).getroot()
    assert {node.get("id") for node in root.iter(f"{GEXF}node")} == in_view
    assert sum(1 for _ in root.iter(f"{GEXF}edge")) >= len(view(page)["edges"]) > 0
    assert page.evaluate(UNLABELLED) == []
    assert page.problems == [], page.problems  # no script error, no CSP violation
    context.close()


def test_a_supernode_is_expanded_page_by_page(dev_url, browser, screenshots):
    api = Api(dev_url)
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, dev_url)
    search_and_open(page, "HUB TEST", "hub")
    assert page.get_by_text(f"MEMBER_OF ← {HUB_MEMBERS}").is_visible()
    assert len(shown(page)) == 1  # the counts came first; no neighbour fetched yet
    tab_to(page, "Expand MEMBER_OF incoming of HUB TEST NETWORK")  # from the result, by keyboard only
    page.keyboard.press("Enter")
    page.get_by_text(f"(20 shown, {HUB_MEMBERS - 20} more)").wait_for()
    assert len(shown(page)) == 21
    page.screenshot(path=screenshots / "06-supernode-page.png")
    page.get_by_role("button", name="Show 20 more MEMBER_OF incoming of HUB TEST NETWORK").click()
    page.get_by_text(f"(40 shown, {HUB_MEMBERS - 40} more)").wait_for()
    more = f"Show {HUB_MEMBERS - 40} more MEMBER_OF incoming of HUB TEST NETWORK"
    page.get_by_role("button", name=more).click()
    page.get_by_text(f"({HUB_MEMBERS} shown, 0 more)").wait_for()
    assert shown(page) == {"hub": "HUB TEST NETWORK", **api.neighbours("hub", "MEMBER_OF", "INCOMING")}
    # Hide one member; the type filter of the search (Person only) finds the members, not the hub.
    search_and_open(page, "HUB Member 07", "hub-m7")
    page.get_by_role("button", name="Hide").click()
    assert "hub-m7" not in shown(page) and len(shown(page)) == HUB_MEMBERS
    assert len(api.search("HUB")) == HUB_MEMBERS + 1  # unfiltered, the hub too
    page.get_by_label("Types").select_option(["Person"])
    page.get_by_label(SEARCH_BOX).fill("HUB")
    page.get_by_label(SEARCH_BOX).press("Enter")
    page.get_by_text(f"{HUB_MEMBERS} found, 20 shown").wait_for()
    listed = page.locator("#results button").evaluate_all(
        "(buttons) => buttons.map((b) => b.dataset.entityId)"
    )
    assert len(listed) == 20 and "hub" not in listed and all(found.startswith("hub-m") for found in listed)
    assert page.problems == [], page.problems
    context.close()


BROKER_WALLET = "CryptoAddress:bitcoin|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"


def test_the_timeline_lists_the_dated_elements_in_view_and_its_range_filters_the_canvas(
    dev_url, browser, screenshots
):
    api = Api(dev_url)
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, dev_url)
    search_and_open(page, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", BROKER_WALLET)
    assert page.locator(
        '#detail button[data-entity-id="doc:ledger"]'
    ).is_visible()  # the record mentioning it
    wallet = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
    page.get_by_role("button", name=f"Expand SENT outgoing of {wallet}").click()
    page.get_by_role("button", name=f"Expand RECEIVED incoming of {wallet}").click()
    wait_for_nodes(page, 4)
    transfers = {
        **api.neighbours(BROKER_WALLET, "SENT", "OUTGOING"),
        **api.neighbours(BROKER_WALLET, "RECEIVED", "INCOMING"),
    }
    assert len(transfers) == 3
    dated = {}
    for transfer in transfers:
        found = api.data("query($id: ID!) { entity(id: $id) { ... on Transfer { timestamp } } }", id=transfer)
        dated[transfer] = found["entity"]["timestamp"][:10]
    listed = page.locator("#timeline-list li")
    assert listed.evaluate_all("(items) => items.map((i) => i.dataset.entityId)") == sorted(
        dated, key=dated.get
    )
    assert listed.locator("time").all_inner_texts() == sorted(dated.values())
    page.get_by_label("From", exact=True).fill("2026-01-04")
    page.get_by_label("To", exact=True).fill("2026-01-06")
    out = {node["id"] for node in view(page)["nodes"] if "out-of-time" in node["classes"]}
    assert out == {tid for tid, day in dated.items() if not "2026-01-04" <= day <= "2026-01-06"}
    assert out and out < set(dated)  # some left the canvas, not all; undated nodes never do
    page.screenshot(path=screenshots / "07-timeline.png")
    page.get_by_role("button", name="All dates").click()
    page.wait_for_timeout(100)
    assert not any("out-of-time" in node["classes"] for node in view(page)["nodes"])

    # The strip: a bar per day with its count; a drag from just past the first day's bar to the
    # strip's end brushes the range of every later day, which takes the first day's elements off.
    bars = page.locator("#timeline-strip rect.day")
    days = sorted(set(dated.values()))
    assert bars.evaluate_all("(bars) => bars.map((b) => b.dataset.day)") == days and len(days) > 1
    counts = bars.locator("title").all_text_contents()
    assert counts == [f"{day}: {list(dated.values()).count(day)}" for day in days]
    first = bars.first.bounding_box()
    strip = page.locator("#timeline-strip").bounding_box()
    page.mouse.move(first["x"] + first["width"] + 2, strip["y"] + strip["height"] / 2)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] - 2, strip["y"] + strip["height"] / 2, steps=4)
    page.mouse.up()
    brushed_from = page.get_by_label("From", exact=True).input_value()
    assert days[0] < brushed_from <= days[1] and page.get_by_label("To", exact=True).input_value() == days[-1]
    out = {node["id"] for node in view(page)["nodes"] if "out-of-time" in node["classes"]}
    assert out == {tid for tid, day in dated.items() if day == days[0]}
    assert page.locator("#timeline-strip rect.range").count() == 1
    page.locator("#timeline-strip").click()  # a click without a drag clears the range
    assert page.get_by_label("From", exact=True).input_value() == ""
    assert not any("out-of-time" in node["classes"] for node in view(page)["nodes"])
    assert page.problems == [], page.problems
    context.close()


def access_file(folder: Path) -> Path:
    """Two agencies with API keys; only persisted queries: the workspace's allow-list (printed by
    web/persisted.mjs) and the oracle's three texts, so the page is tested under the strictest rule."""
    printed = subprocess.run(
        ["node", str(PROJECT_ROOT / "web" / "persisted.mjs")], check=True, capture_output=True, text=True
    )
    allowed = json.loads(printed.stdout)
    allowed.update(
        {
            query_hash(text): text
            for text in (ORACLE_SEARCH, ORACLE_NEIGHBOURS, ORACLE_RECORDS, ORACLE_VISIBLE)
        }
    )
    (folder / "persisted.json").write_text(json.dumps(allowed))
    access = {
        "agencies": {agency: {"api_keys": [{"sha256": key_digest(key)}]} for agency, key in KEYS.items()},
        "persisted_queries": {"file": "persisted.json", "only": True},
    }
    path = folder / "access.yaml"
    path.write_text(yaml.safe_dump(access))
    return path


def production(settings: Settings, folder: Path) -> Settings:
    """``settings`` in production mode: the two agencies' keys, persisted queries only, audited."""
    update = {
        "api_config": access_file(folder),
        "api_production": True,
        "api_audit_log": folder / "audit.jsonl",
    }
    return settings.model_copy(update=update)


@pytest.fixture(scope="module")
def production_url(web_db: Settings, tmp_path_factory) -> Iterator[str]:
    settings = production(web_db, tmp_path_factory.mktemp("web-production"))
    with served_app(create_app(settings), "web-production-server") as url:
        yield url


def test_each_agency_sees_in_the_page_exactly_what_the_api_gives_it(production_url, browser, screenshots):
    seen: dict[str, dict[str, str]] = {}
    for agency, key in KEYS.items():
        api = Api(production_url, key)
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        page = open_page(context, production_url)
        page.get_by_label(SEARCH_BOX).fill("SINALOA")
        page.get_by_label(SEARCH_BOX).press("Enter")
        page.wait_for_selector("#error:not([hidden])")
        assert page.locator("#error").inner_text().startswith("UNAUTHENTICATED: ")
        assert page.evaluate("document.activeElement.id") == "credential"
        assert [
            problem for problem in page.problems if "401" not in problem
        ] == []  # the browser logs the 401
        page.problems.clear()
        page.get_by_label("API key or JWT").fill(key)
        page.get_by_label("API key or JWT").press("Enter")
        assert page.evaluate("sessionStorage.getItem('chokepoint.credential')") == key
        search_and_open(page, "SINALOA", "org:cartel")
        assert page.locator("#error").is_hidden()
        records = page.locator(
            "#detail table[aria-label=Assertions] tbody tr td:first-child"
        ).all_inner_texts()
        assert records == api.records("org:cartel")
        members = api.neighbours("org:cartel", "MEMBER_OF", "INCOMING")
        expand_members(page, 1 + len(members))
        page.screenshot(path=screenshots / f"05-members-as-{agency}.png")
        hits = api.search("SINALOA")
        seen[agency] = shown(page)
        # The oracle: every id and caption on the canvas is one the API gave this agency, and all of them.
        assert seen[agency] == {"org:cartel": hits["org:cartel"], **members}
        assert page.problems == [], page.problems
        context.close()
    other = httpx.post(
        f"{production_url}/graphql",
        json={"query": "{ __typename }"},
        headers=Api(production_url, KEYS["DEA"]).headers,
    )
    assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"  # the rule is on
    assert "p:informant" in seen["DEA"] and "p:informant" not in seen["CBP"]
    assert set(seen["CBP"]) < set(seen["DEA"])


def test_the_page_and_its_files_are_served_on_the_api_origin_and_nothing_else(dev_url):
    page = httpx.get(f"{dev_url}/", timeout=30)
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for path in ("/js/app.js", "/js/model.js", "/vendor/cytoscape.esm.min.mjs"):
        asset = httpx.get(f"{dev_url}{path}", timeout=30)
        assert (
            asset.status_code == 200 and asset.headers["content-type"] == "text/javascript; charset=utf-8"
        ), path
    # Raw paths (httpx would normalise ".."): outside the folder, the API's own coded 404 answers.
    for raw in (
        "/%2e%2e/pyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "/js/%2e%2e/%2e%2e/bin/setup",
        "/.gitignore",
    ):
        with httpx.Client(base_url=dev_url, timeout=30) as client:
            response = client.send(
                client.build_request("GET", httpx.URL(dev_url).copy_with(raw_path=raw.encode()))
            )
        assert response.status_code == 404 and "project" not in response.text, raw


# The page saves a file by clicking a link, with a download name, to a blob it made: caught, the
# link is kept (name and blob) instead of followed; READ_LAST_SAVE reads the last one's bytes.
CATCH_SAVES = """() => {
  window.caughtSaves = [];
  window.madeBlobs = new Map();
  window.makeBlobUrl = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    const href = window.makeBlobUrl.call(URL, blob);
    window.madeBlobs.set(href, blob);
    return href;
  };
  window.followLink = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = this.download ? window.madeBlobs.get(this.href) : undefined;
    if (blob) window.caughtSaves.push([this.download, blob]);
    else window.followLink.call(this);
  };
}"""
READ_LAST_SAVE = """async () => {
  const [name, blob] = window.caughtSaves[window.caughtSaves.length - 1];
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return [name, btoa(text)];
}"""
RELEASE_SAVES = """() => {
  HTMLAnchorElement.prototype.click = window.followLink;
  URL.createObjectURL = window.makeBlobUrl;
}"""


def download(page: Any, button: str, folder: Path) -> tuple[str, bytes]:
    with page.expect_download() as started:
        page.get_by_role("button", name=button).click()
    saved = folder / started.value.suggested_filename
    started.value.save_as(saved)
    return started.value.suggested_filename, saved.read_bytes()


def chart_nodes(fmt: str, body: bytes) -> set[str] | None:
    """The node ids of a chart whose format names them plainly (None: checked only as well-formed)."""
    if fmt in ("anx", "graphml"):
        ElementTree.fromstring(body)
        return None
    if fmt == "gexf":
        return {n.get("id") for n in ElementTree.fromstring(body).iter(f"{GEXF}node")}
    if fmt == "cytoscape":
        return {n["data"]["id"] for n in json.loads(body)["elements"]["nodes"]}
    if fmt == "json-ld":
        json.loads(body)
        return None
    if fmt in ("mtgx", "csv", "neo4j-csv", "linkurious-csv"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert archive.testzip() is None and archive.namelist(), fmt
        return None
    assert fmt in ("turtle", "nt"), fmt
    assert body.decode().strip(), fmt
    return None


def _svg_centre(shape: Any) -> tuple[float, float]:
    if shape.tag == f"{SVG}ellipse":
        return float(shape.get("cx", "nan")), float(shape.get("cy", "nan"))
    if shape.tag == f"{SVG}rect":
        x, y = float(shape.get("x", "nan")), float(shape.get("y", "nan"))
        return x + float(shape.get("width", "nan")) / 2, y + float(shape.get("height", "nan")) / 2
    assert shape.tag == f"{SVG}polygon", shape.tag  # a regular polygon: its centre is its corners' mean
    corners = [tuple(map(float, point.split(","))) for point in shape.get("points", "").split()]
    return sum(c[0] for c in corners) / len(corners), sum(c[1] for c in corners) / len(corners)


def check_svg(body: bytes, drawn: dict[str, Any]) -> None:
    """The SVG export holds each drawn node once at its canvas position with its label, inside the
    document's viewBox, and each drawn link as a path from its source to its target."""
    root = ElementTree.fromstring(body)
    assert root.tag == f"{SVG}svg"
    left, top, width, height = map(float, root.get("viewBox", "").split())
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") in ("node", "edge")]
    nodes = {g.get("data-id"): g for g in groups if g.get("class") == "node"}
    assert len(nodes) == sum(g.get("class") == "node" for g in groups)
    assert set(nodes) == {n["id"] for n in drawn["nodes"]}
    for node in drawn["nodes"]:
        group = nodes[node["id"]]
        (shape,) = [child for child in group if child.tag in (f"{SVG}ellipse", f"{SVG}rect", f"{SVG}polygon")]
        x, y = _svg_centre(shape)
        assert abs(x - node["position"]["x"]) < 0.05 and abs(y - node["position"]["y"]) < 0.05, node
        assert left <= x <= left + width and top <= y <= top + height, node
        label = group.findtext(f"{SVG}text") or ""
        assert label == node["label"] or (label.endswith("…") and node["label"].startswith(label[:-1])), node
    edges = {g.get("data-id"): g for g in groups if g.get("class") == "edge"}
    assert set(edges) == {e["id"] for e in drawn["edges"]}
    for edge_id, group in edges.items():
        kind = group.findtext(f"{SVG}text")
        assert edge_id == f"({group.get('data-source')})-[{kind}]->({group.get('data-target')})"
        path = group.find(f"{SVG}path")
        assert path is not None and (path.get("d") or "").startswith("M "), edge_id


def shared_ids(url: str) -> list[str]:
    packed = url.split("#view=", 1)[1]
    snapshot = json.loads(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
    return [node[0] for node in snapshot["nodes"]]


def wait_restored(page: Any) -> None:
    page.wait_for_selector("#view-summary[data-restored=true]")


def test_the_view_is_taken_elsewhere_in_every_format_as_png_and_as_a_link(
    dev_url, browser, screenshots, tmp_path
):
    context = browser.new_context(viewport={"width": 1500, "height": 900}, accept_downloads=True)
    page = open_page(context, dev_url)
    search_and_open(page, "SINALOA", "org:cartel")
    members = Api(dev_url).neighbours("org:cartel", "MEMBER_OF", "INCOMING")
    expand_members(page, 1 + len(members))
    in_view = set(shown(page))

    # Every format /export offers is in the picker, and each downloads as that format's file.
    offered = page.locator("#export-format option").evaluate_all("(options) => options.map((o) => o.value)")
    assert set(offered) == {
        "anx",
        "mtgx",
        "gexf",
        "graphml",
        "cytoscape",
        "csv",
        "neo4j-csv",
        "linkurious-csv",
        "turtle",
        "nt",
        "json-ld",
    }
    # Each format: the file the page hands the browser to save (its name and the blob's bytes),
    # caught at the link's click. Chromium's limit on automatic downloads drops some of a quick run
    # of downloads from one page, whatever the file, so the browser's own saving is checked on one
    # chart below and on the PNG.
    page.evaluate(CATCH_SAVES)
    for count, fmt in enumerate(offered, start=1):
        page.get_by_label("Format", exact=True).select_option(fmt)
        page.get_by_role("button", name="Export view").click()
        page.wait_for_function("(n) => window.caughtSaves.length === n", arg=count)
        name, packed = page.evaluate(READ_LAST_SAVE)
        body = base64.b64decode(packed)
        assert name == f"chokepoint-view-{export_files()[fmt]}" and body, fmt
        listed = chart_nodes(fmt, body)
        assert listed is None or listed == in_view, fmt
    page.evaluate(RELEASE_SAVES)

    # One chart as the browser saves it: the file named for its format, the answer's bytes.
    page.get_by_label("Format", exact=True).select_option("gexf")
    name, body = download(page, "Export view", tmp_path)
    assert name == "chokepoint-view-chart.gexf" and chart_nodes("gexf", body) == in_view

    # The canvas as a PNG: a real image of some size.
    name, body = download(page, "Export PNG", tmp_path)
    assert name.endswith(".png") and body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])
    assert width > 100 and height > 100

    # The drawn view as SVG: each node in view once, where the canvas has it, with its label; each
    # link between its ends.
    page.evaluate(CATCH_SAVES)
    page.get_by_role("button", name="Export SVG").click()
    page.wait_for_function("() => window.caughtSaves.length === 1")
    name, packed = page.evaluate(READ_LAST_SAVE)
    page.evaluate(RELEASE_SAVES)
    assert name == "chokepoint-view.svg"
    (screenshots / "07-view.svg").write_bytes(base64.b64decode(packed))
    check_svg(base64.b64decode(packed), view(page))

    # A link to the view: pin a member, select the boss, move the viewport; the link restores it all.
    search_and_open(page, "Uno", "p:m1")
    page.get_by_role("button", name="Pin").click()
    page.get_by_role("button", name="Force layout").click()
    search_and_open(page, "SINALOA", "org:cartel")
    before = view(page)
    page.get_by_role("button", name="Link to this view").click()
    url = page.locator("#share-url").input_value()
    assert url.startswith(f"{dev_url}/#view=") and sorted(shared_ids(url)) == sorted(in_view)
    page.screenshot(path=screenshots / "08-shared-from.png")
    other = browser.new_context(viewport={"width": 1500, "height": 900})
    reader = open_page(other, dev_url, "/" + url.split("/", 3)[3])
    wait_restored(reader)
    wait_for_entity(reader, "org:cartel")
    assert reader.operations.count("WorkspaceEntityNodes") == 1, reader.operations  # the view's ids at once
    after = view(reader)
    assert {n["id"]: n["label"] for n in after["nodes"]} == {n["id"]: n["label"] for n in before["nodes"]}
    assert {e["id"] for e in after["edges"]} == {e["id"] for e in before["edges"]}
    at = {n["id"]: n["at"] for n in before["nodes"]}
    for node in after["nodes"]:
        assert (
            abs(node["at"]["x"] - at[node["id"]]["x"]) < 2 and abs(node["at"]["y"] - at[node["id"]]["y"]) < 2
        )
    assert [n["id"] for n in after["nodes"] if "pinned" in n["classes"]] == ["p:m1"]
    assert reader.evaluate("window.chokepointView().selected") == "org:cartel"
    reader.screenshot(path=screenshots / "09-shared-to.png")
    # A link that is not a view is a coded error, not a broken page.
    broken = open_page(other, dev_url, "/#view=bm90IGEgdmlldw")
    broken.wait_for_selector("#error:not([hidden])")
    assert broken.locator("#error").inner_text().startswith("BAD_USER_INPUT: ")
    assert page.problems == reader.problems == broken.problems == [], (page.problems, reader.problems)
    other.close()
    context.close()


def test_a_link_made_by_one_agency_shows_another_only_what_it_may_see(production_url, browser, screenshots):
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, production_url)
    page.get_by_label("API key or JWT").fill(KEYS["DEA"])
    page.get_by_label("API key or JWT").press("Enter")
    search_and_open(page, "SINALOA", "org:cartel")
    dea = Api(production_url, KEYS["DEA"])
    expand_members(page, 1 + len(dea.neighbours("org:cartel", "MEMBER_OF", "INCOMING")))
    search_and_open(page, "SINALOA", "org:cartel")
    page.get_by_role("button", name="Link to this view").click()
    url = page.locator("#share-url").input_value()
    assert "p:informant" in shared_ids(url)  # DEA's view holds its informant
    assert (
        KEYS["DEA"] not in url
        and KEYS["DEA"] not in base64.urlsafe_b64decode(url.split("#view=")[1] + "===").decode()
    )  # no credential in the link
    dea_edges = {e["id"] for e in view(page)["edges"]}
    context.close()

    # CBP opens DEA's link: asked for its own credential first, then redrawn from CBP's own answers.
    cbp = Api(production_url, KEYS["CBP"])
    other = browser.new_context(viewport={"width": 1500, "height": 900})
    reader = open_page(other, production_url, "/" + url.split("/", 3)[3])
    reader.wait_for_selector("#error:not([hidden])")
    assert reader.locator("#error").inner_text().startswith("UNAUTHENTICATED: ")
    reader.problems.clear()  # the browser logs the 401
    reader.get_by_label("API key or JWT").fill(KEYS["CBP"])
    reader.get_by_label("API key or JWT").press("Enter")
    wait_restored(reader)
    reader.wait_for_selector('#entity-title[data-entity-id="org:cartel"]')  # the 401 above may still show
    members = cbp.neighbours("org:cartel", "MEMBER_OF", "INCOMING")
    visible = {node_id for node_id in shared_ids(url) if cbp.visible(node_id)}
    assert visible == {"org:cartel", *members} and "p:informant" not in visible
    assert shown(reader) == {"org:cartel": cbp.search("SINALOA")["org:cartel"], **members}
    restored_edges = {e["id"] for e in view(reader)["edges"]}
    assert restored_edges == {f"({m})-[MEMBER_OF]->(org:cartel)" for m in members}
    assert restored_edges < dea_edges
    assert "1 not found for you" in reader.locator("#status").inner_text()
    reader.screenshot(path=screenshots / "10-shared-to-CBP.png")
    assert reader.problems == [], reader.problems
    other.close()


def path_edges(paths: list[dict[str, Any]]) -> set[str]:
    return {
        f"({h['relationship']['startId']})-[{h['relationship']['type']}]->({h['relationship']['endId']})"
        for path in paths
        for h in path["relationships"]
    }


HOPS_TEXT = "relationships { relationship { type startId endId } }"


def test_paths_between_two_entities_and_an_address_report_are_drawn(dev_url, browser, screenshots):
    api = Api(dev_url)
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, dev_url)
    # Paths: the start marked in one entity's panel, the end selected.
    search_and_open(page, "Uno", "p:m1")
    page.get_by_role("button", name="Path start").click()
    assert page.get_by_role("button", name="Path start").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="Paths from start to selected").is_disabled()
    search_and_open(page, "GUZMAN", "p:boss")
    page.get_by_role("button", name="Paths from start to selected").click()
    page.wait_for_selector("#paths-title")
    found = api.data(
        f'{{ paths(from: "p:m1", to: "p:boss", maxHops: 4, first: 10) {{ totalCount '
        f"edges {{ node {{ nodes {{ id }} {HOPS_TEXT} }} }} }} }}"
    )["paths"]
    assert found["totalCount"] >= 1
    assert page.locator("#paths-title").inner_text().startswith(f"{found['totalCount']} path")
    drawn = view(page)
    assert {e["id"] for e in drawn["edges"] if "path" in e["classes"]} == path_edges(
        [e["node"] for e in found["edges"]]
    )
    assert {n["id"] for e in found["edges"] for n in e["node"]["nodes"]} <= set(shown(page))
    page.screenshot(path=screenshots / "11-paths.png")

    # The address report of the broker's wallet: its exposure to the designated boss, drawn.
    page.get_by_role("button", name="Clear").click()
    wallet = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
    search_and_open(page, wallet, BROKER_WALLET)
    page.get_by_role("button", name="Address report").click()
    page.wait_for_selector("#address-title")
    report = api.data(
        f'{{ address(chain: "bitcoin", address: "{wallet}") {{ records '
        f"holders {{ edges {{ node {{ id }} }} }} "
        f"sanctionsExposure(maxHops: 4) {{ hops party {{ id displayName }} path {{ {HOPS_TEXT} }} }} }} }}"
    )["address"]
    exposure = report["sanctionsExposure"]
    assert exposure is not None
    drawn = view(page)
    assert {e["id"] for e in drawn["edges"] if "exposure" in e["classes"]} == path_edges([exposure["path"]])
    assert [n["id"] for n in drawn["nodes"] if "sanctioned" in n["classes"]] == [exposure["party"]["id"]]
    text = page.locator("#exposure").inner_text()
    assert text.startswith(f"{exposure['hops']} hops") and exposure["party"]["displayName"] in text
    holders = page.locator("#detail ul[aria-label=Holders] button").evaluate_all(
        "(buttons) => buttons.map((b) => b.dataset.entityId)"
    )
    assert holders == [e["node"]["id"] for e in report["holders"]["edges"]] and holders
    assert page.locator("#detail ul[aria-label='Address records'] li").all_inner_texts() == report["records"]
    page.screenshot(path=screenshots / "12-address-report.png")
    assert page.problems == [], page.problems
    context.close()


ORACLE_RUN = (
    "query($n: String!, $p: JSON) { runInvestigation(name: $n, params: $p, first: 100) "
    "{ columns totalCount edges { node } } }"
)


def element_ids(value: Any, nodes: set[str], links: set[str]) -> None:
    """The node ids and link ids of the element maps anywhere in a row (as the page finds them)."""
    if isinstance(value, list):
        for item in value:
            element_ids(item, nodes, links)
    elif isinstance(value, dict):
        if isinstance(value.get("id"), str) and isinstance(value.get("labels"), list) and "props" in value:
            nodes.add(value["id"])
        elif {"type", "startId", "endId", "props"} <= value.keys():
            links.add(f"({value['startId']})-[{value['type']}]->({value['endId']})")
        for item in value.values():
            element_ids(item, nodes, links)


def test_saved_investigations_run_from_a_generated_form_drawn_or_tabled(dev_url, browser, screenshots):
    api = Api(dev_url)
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, dev_url)
    page.get_by_role("button", name="Saved investigations").click()
    page.wait_for_selector("#investigations-title")
    listed = api.data("{ investigations { edges { node { name parameters { name type default } } } } }")
    catalogue = {e["node"]["name"]: e["node"]["parameters"] for e in listed["investigations"]["edges"]}
    offered = page.locator("#detail button[data-investigation]").evaluate_all(
        "(buttons) => buttons.map((b) => b.dataset.investigation)"
    )
    assert offered == list(catalogue) and "recent_links" in offered

    # The form is the parameters: one labelled control each, typed, filled with the default.
    page.locator('button[data-investigation="recent_links"]').click()
    form = page.locator("#investigation-form")
    for param in catalogue["recent_links"]:
        control = form.get_by_label(f"{param['name']} ({param['type']}", exact=False)
        assert control.get_attribute("type") == "number" and control.input_value() == str(param["default"])
    form.get_by_label("limit (integer", exact=False).fill("15")
    form.get_by_role("button", name="Run").click()
    page.wait_for_selector("#investigation-count, #error:not([hidden])")
    assert page.locator("#error").is_hidden(), page.locator("#error").inner_text()
    assert page.locator("#investigation-drawn").is_visible(), page.locator("#detail").inner_text()
    result = api.data(ORACLE_RUN, n="recent_links", p={"limit": 15})["runInvestigation"]
    nodes: set[str] = set()
    links: set[str] = set()
    for edge in result["edges"]:
        element_ids(edge["node"], nodes, links)
    assert nodes and links and len(result["edges"]) == 15
    assert set(shown(page)) == nodes
    assert {e["id"] for e in view(page)["edges"] if "investigation" in e["classes"]} == links
    assert page.locator("#investigation-count").inner_text().startswith(f"{result['totalCount']} row")
    page.screenshot(path=screenshots / "13-investigation-drawn.png")

    # One whose rows hold no element: tabled, its columns and rows the API's.
    page.get_by_role("button", name="Saved investigations").click()
    page.locator('button[data-investigation="peel_chains"]').click()
    page.locator("#investigation-form").get_by_label("minHops (integer", exact=False).fill("2")
    page.locator("#investigation-form").get_by_role("button", name="Run").click()
    page.wait_for_selector("#investigation-result table")
    tabled = api.data(ORACLE_RUN, n="peel_chains", p={"minHops": 2})["runInvestigation"]
    table = page.locator("#investigation-result table")
    assert table.locator("thead th").all_inner_texts() == tabled["columns"]
    assert table.locator("tbody tr").count() == len(tabled["edges"])
    print(f"peel_chains (minHops 2): {len(tabled['edges'])} rows tabled")
    assert page.problems == [], page.problems
    context.close()


PLAN = (
    "query($s: [ID!], $t: [ID!]) { interdictionPlan(sources: $s, taken: $t) { complete cost pairsAfterTaken "
    "steps { entity { id displayName } link { relationships { type startId endId } } } } }"
)


def plan_cuts(plan: dict[str, Any]) -> tuple[set[str], set[str]]:
    nodes = {s["entity"]["id"] for s in plan["steps"] if s["entity"]}
    links = {
        f"({r['startId']})-[{r['type']}]->({r['endId']})"
        for s in plan["steps"]
        if s["link"]
        for r in s["link"]["relationships"]
    }
    return nodes, links


def drawn_cuts(page: Any) -> tuple[set[str], set[str]]:
    drawn = view(page)
    return (
        {n["id"] for n in drawn["nodes"] if "cut" in n["classes"]},
        {e["id"] for e in drawn["edges"] if "cut" in e["classes"]},
    )


def test_what_if_marking_a_plan_step_taken_re_asks_the_plan_with_taken(dev_url, browser, screenshots):
    api = Api(dev_url)
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, dev_url)
    search_and_open(page, "Hebei", "sup1")
    page.get_by_role("button", name="Interdiction plan").click()
    page.wait_for_selector('#plan-title[data-taken="0"]')
    before = api.data(PLAN, s=["sup1"], t=None)["interdictionPlan"]
    assert drawn_cuts(page) == plan_cuts(before)
    first = before["steps"][0]
    cut_nodes, cut_links = plan_cuts({"steps": [first]})
    taken = sorted(cut_nodes | cut_links)
    label = first["entity"]["displayName"] if first["entity"] else None
    boxes = page.locator("#plan-steps input[type=checkbox]")
    assert boxes.count() == len(before["steps"])
    if label:
        assert boxes.first.get_attribute("aria-label") == f"Taken: {label}"
    boxes.first.check()
    page.wait_for_selector(f'#plan-title[data-taken="{len(taken)}"]')
    after = api.data(PLAN, s=["sup1"], t=taken)["interdictionPlan"]
    assert drawn_cuts(page) == plan_cuts(after)
    assert not set(taken) & set().union(*plan_cuts(after))  # what is taken is no longer a step
    marked = {n["id"] for n in view(page)["nodes"] if "taken" in n["classes"]} | {
        e["id"] for e in view(page)["edges"] if "taken" in e["classes"]
    }
    assert marked == set(taken)
    assert (
        page.locator("#plan-after-taken").inner_text()
        == f"What-if: {after['pairsAfterTaken']} pairs still joined after the actions taken."
    )
    assert (
        page.locator("#plan-title")
        .inner_text()
        .startswith(f"Interdiction plan: {'complete' if after['complete'] else 'incomplete'}")
    )
    page.screenshot(path=screenshots / "14-what-if.png")
    # Untaken again: the plan as it was.
    page.locator("#plan-taken input[type=checkbox]").first.uncheck()
    page.wait_for_selector('#plan-title[data-taken="0"]')
    assert drawn_cuts(page) == plan_cuts(before)
    assert not any("taken" in n["classes"] for n in view(page)["nodes"])
    assert page.problems == [], page.problems
    context.close()
