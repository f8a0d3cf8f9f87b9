"""Figures measured in the browser harness (printed, never asserted on time): expanding a node with
1,000 neighbours page by page, and frames per second while the view is panned and zoomed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.ingest.records import Provenance
from chokepoint.ingest.writer import GraphWriter
from chokepoint.settings import Settings
from tests.api.conftest import served_app
from tests.integration.test_investigations import org, person, rel
from tests.web.test_workspace import open_page, search_and_open, view

pytestmark = pytest.mark.neo4j

NEIGHBOURS = 1000
PAGES = 10  # each page also runs the force layout over everything in view
BIG = Provenance(dataset="web-measure-hub", agency="OFAC", caveat="PUBLIC", synthetic=True)
NAME = "BIG MEASURE HUB"
START_FRAMES = """() => { window.__frames = 0; window.__counting = true;
  const tick = () => { window.__frames += 1; if (window.__counting) requestAnimationFrame(tick); };
  requestAnimationFrame(tick); }"""
STOP_FRAMES = "() => { window.__counting = false; return window.__frames; }"


def big_hub():
    yield org("big", NAME, "cartel")
    for n in range(NEIGHBOURS):
        yield person(f"big-m{n}", f"BIG, Member {n:04d}")
        yield rel("MEMBER_OF", ("Person", f"big-m{n}"), ("Organization", "big"))


@pytest.fixture(scope="module")
def measure_url(web_db: Settings, model) -> Iterator[str]:
    with composition.connect(web_db) as graph:
        assert GraphWriter(graph, model, BIG).write_all(big_hub()).rejected == []
    with served_app(create_app(web_db), "web-measure-server") as url:
        yield url


def test_measure_expanding_a_1000_neighbour_node_and_panning(measure_url, browser):
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, measure_url)
    search_and_open(page, NAME, "big")
    button = f"Expand MEMBER_OF incoming of {NAME}"
    timings = []
    for n in range(1, PAGES + 1):
        began = time.perf_counter()
        page.get_by_role("button", name=button).click()
        page.get_by_text(f"({20 * n} shown, {NEIGHBOURS - 20 * n:,} more)").wait_for()
        timings.append((time.perf_counter() - began) * 1000)
        button = f"Show 20 more MEMBER_OF incoming of {NAME}"
    elements = len(view(page)["nodes"]) + len(view(page)["edges"])
    assert elements == 1 + 2 * 20 * PAGES
    print(
        f"\nexpand a {NEIGHBOURS:,}-neighbour node: first page of 20 {timings[0]:.0f} ms; "
        f"page {PAGES} (with {elements - 40} elements already in view) {timings[-1]:.0f} ms; "
        f"median {sorted(timings)[len(timings) // 2]:.0f} ms (click to counts shown, layout included)"
    )
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
        f"pan and zoom on {elements} elements: {frames / seconds:.1f} frames/s "
        f"(requestAnimationFrame callbacks over {seconds:.1f} s of mouse drags and wheel; headless, no GPU)"
    )
    assert frames > 0
    assert page.problems == [], page.problems
    context.close()
