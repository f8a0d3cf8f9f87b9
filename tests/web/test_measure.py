"""Figures measured in the browser harness (printed, never asserted on time): expanding a node with
1,000 neighbours page by page, and frames per second while the view is panned and zoomed, on that
view and on a view of 5,000 elements (opened from a shared link, as an analyst receives one)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from itertools import chain
from typing import Any

import pytest

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.ingest.records import Provenance
from chokepoint.ingest.writer import GraphWriter
from chokepoint.settings import Settings
from tests.api.conftest import served_app
from tests.integration.test_investigations import org, person, rel
from tests.web.test_workspace import open_page, search_and_open, view, wait_restored

pytestmark = pytest.mark.neo4j

NEIGHBOURS = 1000
PAGES = 10  # each page also runs the force layout over everything in view
BIG = Provenance(dataset="web-measure-hub", agency="OFAC", caveat="PUBLIC", synthetic=True)
NAME = "BIG MEASURE HUB"
START_FRAMES = """() => { window.__frames = 0; window.__counting = true;
  const tick = () => { window.__frames += 1; if (window.__counting) requestAnimationFrame(tick); };
  requestAnimationFrame(tick); }"""
STOP_FRAMES = "() => { window.__counting = false; return window.__frames; }"


HUGE = 2_500  # members of the second hub: with it, 2,501 nodes and 2,500 links in view
COLUMNS = 50


def hub(hub_id: str, name: str, members: int) -> Iterator[Any]:
    yield org(hub_id, name, "cartel")
    for n in range(members):
        yield person(f"{hub_id}-m{n}", f"{hub_id.upper()}, Member {n:04d}")
        yield rel("MEMBER_OF", ("Person", f"{hub_id}-m{n}"), ("Organization", hub_id))


@pytest.fixture(scope="module")
def measure_url(web_db: Settings, model) -> Iterator[str]:
    with composition.connect(web_db) as graph:
        hubs = chain(hub("big", NAME, NEIGHBOURS), hub("huge", "HUGE MEASURE HUB", HUGE))
        assert GraphWriter(graph, model, BIG).write_all(hubs).rejected == []
    with served_app(create_app(web_db), "web-measure-server") as url:
        yield url


def test_measure_expanding_a_1000_neighbour_node_and_panning(measure_url, browser):
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, measure_url)
    search_and_open(page, NAME, "big")
    button = f"Expand MEMBER_OF incoming of {NAME}"
    timings = []
    for n in range(1, PAGES + 1):
        before = {node["id"]: node["position"] for node in view(page)["nodes"]}
        began = time.perf_counter()
        page.get_by_role("button", name=button).click()
        page.get_by_text(f"({20 * n} shown, {NEIGHBOURS - 20 * n:,} more)").wait_for()
        timings.append((time.perf_counter() - began) * 1000)
        button = f"Show 20 more MEMBER_OF incoming of {NAME}"
    # The last page went past 200 nodes in view: only its own nodes were placed, nothing else moved.
    after = {node["id"]: node["position"] for node in view(page)["nodes"]}
    assert len(before) == 181 and all(after[node_id] == at for node_id, at in before.items())
    placed = {(round(at["x"]), round(at["y"])) for node_id, at in after.items() if node_id not in before}
    assert len(placed) == 20  # each new node a place of its own
    elements = len(view(page)["nodes"]) + len(view(page)["edges"])
    assert elements == 1 + 2 * 20 * PAGES
    print(
        f"\nexpand a {NEIGHBOURS:,}-neighbour node: first page of 20 {timings[0]:.0f} ms; "
        f"page {PAGES} (with {elements - 40} elements already in view) {timings[-1]:.0f} ms; "
        f"median {sorted(timings)[len(timings) // 2]:.0f} ms (click to counts shown, layout included)"
    )
    pan_and_zoom(page, elements)
    assert page.problems == [], page.problems
    context.close()


def pan_and_zoom(page: Any, elements: int) -> float:
    """Drag and wheel over the canvas 20 times, counting animation frames; print and return the rate."""
    canvas = page.locator("#graph").bounding_box()
    x, y = canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2
    page.evaluate(START_FRAMES)
    began = time.perf_counter()
    for step in range(20):
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + (40 if step % 2 else -40), y + 25, steps=5)
        page.mouse.up()
        page.mouse.wheel(0, -120 if step % 4 < 2 else 120)
    seconds = time.perf_counter() - began
    frames = page.evaluate(STOP_FRAMES)
    print(
        f"pan and zoom on {elements:,} elements: {frames / seconds:.1f} frames/s "
        f"(requestAnimationFrame callbacks over {seconds:.1f} s of mouse drags and wheel; headless, no GPU)"
    )
    assert frames > 0
    return float(frames / seconds)


def test_measure_panning_a_5000_element_view_opened_from_a_link(measure_url, browser):
    ids = ["huge", *(f"huge-m{n}" for n in range(HUGE))]
    grid = [[node_id, (i % COLUMNS) * 40.0, (i // COLUMNS) * 40.0, 0] for i, node_id in enumerate(ids)]
    snapshot = {"v": 1, "nodes": grid, "selected": None, "zoom": 0.35, "pan": [150.0, 20.0]}
    packed = base64.urlsafe_b64encode(json.dumps(snapshot).encode()).decode().rstrip("=")
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    began = time.perf_counter()
    page = open_page(context, measure_url, f"/#view={packed}")
    wait_restored(page)
    restored = (time.perf_counter() - began) * 1000
    shown = view(page)
    assert len(shown["nodes"]) == len(ids) and len(shown["edges"]) == HUGE
    assert page.operations.count("WorkspaceEntityNodes") == -(-len(ids) // 100)  # 100 ids a request
    elements = len(shown["nodes"]) + len(shown["edges"])
    print(f"\nopen a shared view of {elements:,} elements: {restored:.0f} ms until drawn (100 ids a request)")
    pan_and_zoom(page, elements)
    assert page.problems == [], page.problems
    context.close()
