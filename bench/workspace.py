"""Issue 23's browser figures on the bench graph: the analyst workspace in Debian's headless chromium
against `chokepoint serve` on P3's bench-size graph (>= 1M nodes; reused as it stands, with or
without bench/interdiction.py's supply network).

    .venv/bin/python -u bench/workspace.py [--transfers N] [--instance bench --bolt-port 7689] [--rounds 5]

Printed, each with its baseline from the same run:
- first view interactive: the page's own `workspace-interactive` mark after navigation start, in
  `--rounds` fresh tabs (goal <= 1.5 s). The page reads no data before it, so the graph's size cannot
  weigh on it; the baseline is the time to fetch the page's files over HTTP from the same server.
- the busiest crypto address's biggest relationship type expanded 10 pages of 20, click to counts
  shown, layout included (goal <= 500 ms a page); the baseline is the page's own GraphQL requests for
  those pages (recorded, then replayed over HTTP): page / API is what the page adds.
- that address with 2,500 of those neighbours opened from a shared link (5,001 elements), then
  panned and zoomed (goal >= 30 frames/s); the baseline is the same pan and zoom on an empty view.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.api_paths import add_graph_options, chokepoint_api, graph_as_it_stands  # noqa: E402
from chokepoint import composition  # noqa: E402
from chokepoint.graph.queries import CypherQuery  # noqa: E402
from tests.web.conftest import CHROMIUM  # noqa: E402
from tests.web.test_measure import pan_and_zoom  # noqa: E402
from tests.web.test_workspace import open_page, search_and_open, view, wait_restored  # noqa: E402

PAGE = 20
PAGES = 10
SHARED = 2_500  # neighbours in the shared view: with the address and the links, 5,001 elements
COLUMNS = 50

BUSIEST = CypherQuery(
    "bench_busiest_address",
    "MATCH (a:CryptoAddress) WITH a ORDER BY COUNT { (a)--() } DESC LIMIT 1 "
    "MATCH (a)-[r]-(n) WITH a, type(r) AS type, startNode(r) = a AS outgoing, collect(n.id)[..$most] AS ids, "
    "count(*) AS total ORDER BY total DESC LIMIT 1 "
    "RETURN a.id AS id, a.address AS address, type, outgoing, total, ids",
)


def interactive_ms(page: Any) -> float:
    return float(page.evaluate("performance.getEntriesByName('workspace-interactive')[0].startTime"))


def expand_pages(page: Any, address: str, rel_type: str, direction: str, total: int) -> list[float]:
    """Click Expand, then Show 20 more, PAGES times; each click's time until the counts are shown."""
    timings = []
    button = re.compile(f"^Expand {rel_type} {direction} of ")
    for n in range(1, PAGES + 1):
        began = time.perf_counter()
        page.get_by_role("button", name=button).click()
        page.get_by_text(f"({PAGE * n} shown, {total - PAGE * n:,} more)").wait_for(timeout=60_000)
        timings.append((time.perf_counter() - began) * 1000)
        button = re.compile(f"^Show {PAGE} more {rel_type} {direction} of ")
    return timings


def replayed_ms(url: str, bodies: list[str]) -> list[float]:
    """Each recorded GraphQL request sent again over HTTP: its time until the answer is read."""
    timings = []
    with httpx.Client(timeout=60) as client:
        for body in bodies:
            began = time.perf_counter()
            answer = client.post(f"{url}/graphql", content=body, headers={"content-type": "application/json"})
            assert answer.status_code == 200 and "errors" not in answer.json(), answer.text[:500]
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def files_ms(url: str) -> float:
    """The page's files (index.html and what it loads) fetched once over HTTP, one after another."""
    paths = ["/", "/css/workspace.css", "/css/cytoscape.css", "/vendor/cytoscape.esm.min.mjs"]
    paths += [f"/js/{p.name}" for p in (ROOT / "web" / "public" / "js").glob("*.js")]
    with httpx.Client(timeout=60) as client:
        began = time.perf_counter()
        for path in paths:
            assert client.get(f"{url}{path}").status_code == 200, path
        return (time.perf_counter() - began) * 1000


def shared_view(ids: list[str]) -> str:
    grid = [[node_id, (i % COLUMNS) * 40.0, (i // COLUMNS) * 40.0, 0] for i, node_id in enumerate(ids)]
    snapshot = {"v": 1, "nodes": grid, "selected": None, "zoom": 0.35, "pan": [150.0, 20.0]}
    return "/#view=" + base64.urlsafe_b64encode(json.dumps(snapshot).encode()).decode().rstrip("=")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_graph_options(parser)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    config = graph_as_it_stands(args)
    with composition.connect(config) as graph:
        hub = graph.read(BUSIEST, most=SHARED)[0]
    direction = "outgoing" if hub["outgoing"] else "incoming"
    print(f"busiest address {hub['address']}: {hub['total']:,} {hub['type']} {direction}")
    with chokepoint_api(config) as graphql_url, sync_playwright() as playwright:
        url = graphql_url.removesuffix("/graphql")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        firsts = []
        for _ in range(args.rounds):
            page = open_page(context, url)
            firsts.append(interactive_ms(page))
            page.close()
        files = statistics.median(files_ms(url) for _ in range(args.rounds))
        first = statistics.median(firsts)
        print(
            f"first view interactive: {', '.join(f'{ms:.0f}' for ms in firsts)} ms, median {first:.0f} ms "
            f"(goal <= 1,500); baseline, the page's files over HTTP {files:.0f} ms: ratio {first / files:.1f}"
        )

        page = open_page(context, url)
        idle = pan_and_zoom(page, 0)  # the baseline: the same gestures over an empty view
        search_and_open(page, hub["address"], hub["id"])
        sent: list[str] = []
        page.on(
            "request",
            lambda r: sent.append(r.post_data or "") if "WorkspaceNeighbors" in (r.post_data or "") else None,
        )
        timings = expand_pages(page, hub["address"], hub["type"], direction, hub["total"])
        api = replayed_ms(url, sent)
        assert len(api) == PAGES, f"{len(api)} neighbour requests recorded"
        print(
            f"expand {hub['total']:,} neighbours, pages of {PAGE}: first {timings[0]:.0f} ms, page {PAGES} "
            f"{timings[-1]:.0f} ms, median {statistics.median(timings):.0f} ms, "
            f"slowest {max(timings):.0f} ms "
            f"(goal <= 500 ms); baseline, the same {PAGES} requests replayed over HTTP: median "
            f"{statistics.median(api):.0f} ms, slowest {max(api):.0f} ms; page / API at the median "
            f"{statistics.median(timings) / statistics.median(api):.1f}"
        )
        assert page.problems == [], page.problems
        page.close()

        ids = [hub["id"], *hub["ids"]]
        began = time.perf_counter()
        page = open_page(context, url, shared_view(ids))
        wait_restored(page)
        restored = (time.perf_counter() - began) * 1000
        shown = view(page)
        elements = len(shown["nodes"]) + len(shown["edges"])
        print(
            f"shared view of {len(shown['nodes']):,} nodes and {len(shown['edges']):,} links: "
            f"{restored:.0f} ms until drawn"
        )
        fps = pan_and_zoom(page, elements)
        print(
            f"frames/s on {elements:,} elements {fps:.1f} (goal >= 30); "
            f"baseline, an empty view {idle:.1f}: ratio {fps / idle:.2f}"
        )
        assert page.problems == [], page.problems
        browser.close()


if __name__ == "__main__":
    main()
