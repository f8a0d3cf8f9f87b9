"""The workspace's map in Debian's headless chromium: ports and locations at their own coordinates,
seizures where their SEIZED_AT link leads, drawn over the country outlines the build ships (no
request leaves the origin); a marker opens its entity; the timeline's range takes markers off; and in
production, each agency's map places a seizure only where the API shows it that agency's place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from chokepoint import composition
from chokepoint.api.app import create_app
from chokepoint.ingest.records import NodeRecord, NodeRef, Provenance, RelationshipRecord
from chokepoint.ingest.writer import GraphWriter
from chokepoint.settings import Settings
from tests.api.conftest import served_app
from tests.web.test_workspace import KEYS, Api, open_page, production, search_and_open, wait_for_entity

pytestmark = pytest.mark.neo4j

PUBLIC = Provenance(dataset="web-test-map", agency="CBP", caveat="PUBLIC", synthetic=True)
DEA_ONLY = Provenance(dataset="web-test-map-dea", agency="DEA", caveat="LES", synthetic=True)
PORT = ("port:MXZLO-MAPTEST", 19.05, -104.32)
CITY = ("location:maptest-phoenix", 33.45, -112.07)
HIDDEN_CITY = ("location:maptest-tucson", 32.22, -110.97)  # DEA's: CBP may not see it
SEIZED = "seizure:maptest-1"  # public, at CITY (public link)
SEIZED_HIDDEN = "seizure:maptest-2"  # public, at HIDDEN_CITY by DEA's link


def public_records() -> Iterator[NodeRecord | RelationshipRecord]:
    yield NodeRecord(
        "Port",
        "maptest",
        {
            "id": PORT[0],
            "name": "MAPTEST Manzanillo",
            "kind": "seaport",
            "latitude": PORT[1],
            "longitude": PORT[2],
        },
    )
    yield NodeRecord(
        "Location",
        "maptest",
        {
            "id": CITY[0],
            "name": "MAPTEST Phoenix, AZ",
            "kind": "city",
            "latitude": CITY[1],
            "longitude": CITY[2],
        },
    )
    for number, (seizure, day) in enumerate(((SEIZED, "2026-02-01"), (SEIZED_HIDDEN, "2026-03-01")), 1):
        yield NodeRecord(
            "Seizure",
            "maptest",
            {
                "id": seizure,
                "caseNumber": f"MAPTEST-SZ-{number}",
                "seizedOn": dt.date.fromisoformat(day),
                "seizingAgency": "DEA",
            },
        )
    yield RelationshipRecord(
        "SEIZED_AT", NodeRef("Seizure", {"id": SEIZED}), NodeRef("Location", {"id": CITY[0]}), "maptest"
    )


def dea_records() -> Iterator[NodeRecord | RelationshipRecord]:
    yield NodeRecord(
        "Location",
        "maptest-dea",
        {
            "id": HIDDEN_CITY[0],
            "name": "MAPTEST Tucson, AZ",
            "kind": "city",
            "latitude": HIDDEN_CITY[1],
            "longitude": HIDDEN_CITY[2],
        },
    )
    yield RelationshipRecord(
        "SEIZED_AT",
        NodeRef("Seizure", {"id": SEIZED_HIDDEN}),
        NodeRef("Location", {"id": HIDDEN_CITY[0]}),
        "maptest-dea",
    )


@pytest.fixture(scope="module")
def map_db(web_db: Settings, model) -> Settings:
    with composition.connect(web_db) as graph:
        for provenance, records in ((PUBLIC, public_records()), (DEA_ONLY, dea_records())):
            assert GraphWriter(graph, model, provenance).write_all(records).rejected == []
    return web_db


def markers(page: Any) -> dict[str, tuple[float, float]]:
    """Each id on the map and the (latitude, longitude) of its marker, after the map settles."""
    page.wait_for_timeout(300)
    found = page.locator("#map g.marker").evaluate_all(
        """(groups) => groups.map((g) => ({ ids: g.dataset.ids.split(" "),
            at: [+g.dataset.latitude, +g.dataset.longitude],
            circle: ["cy", "cx"].map((a) => +g.querySelector("circle").getAttribute(a)) }))"""
    )
    placed = {}
    for marker in found:
        latitude, longitude = marker["at"]
        assert marker["circle"] == [-latitude, longitude]  # drawn where it says: x longitude, y -latitude
        placed.update(dict.fromkeys(marker["ids"], (latitude, longitude)))
    return placed


def inside_view_box(page: Any, placed: dict[str, tuple[float, float]]) -> bool:
    x, y, width, height = (float(v) for v in page.locator("#map").get_attribute("viewBox").split())
    return all(x <= lon <= x + width and y <= -lat <= y + height for lat, lon in placed.values())


@pytest.fixture(scope="module")
def map_dev_url(map_db: Settings) -> Iterator[str]:
    with served_app(create_app(map_db), "web-map-dev-server") as url:
        yield url


def test_ports_locations_and_seizures_are_drawn_where_they_are(map_dev_url, browser, screenshots):
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    page = open_page(context, map_dev_url)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(map_dev_url) else None)
    assert page.locator("#map .countries path").count() > 150  # the outlines, from /vendor/world.json
    assert markers(page) == {}
    for text, entity in (
        ("MAPTEST Manzanillo", PORT[0]),
        ("MAPTEST-SZ-1", SEIZED),
        ("MAPTEST-SZ-2", SEIZED_HIDDEN),
    ):
        search_and_open(page, text, entity)
    placed = markers(page)
    # A port at its own coordinates; each seizure where its SEIZED_AT place is (not itself in view).
    assert placed == {PORT[0]: PORT[1:], SEIZED: CITY[1:], SEIZED_HIDDEN: HIDDEN_CITY[1:]}
    assert inside_view_box(page, placed)
    assert page.locator("#map-summary").inner_text() == "3 on the map at 3 places"
    search_and_open(page, "MAPTEST Phoenix", CITY[0])
    placed = markers(page)
    assert placed[CITY[0]] == CITY[1:]
    together = page.locator(f'#map g.marker[data-ids~="{CITY[0]}"]').get_attribute("data-ids").split()
    assert sorted(together) == sorted([CITY[0], SEIZED])  # one marker per place
    page.screenshot(path=screenshots / "12-map.png")

    # A marker is a button: Enter opens its entity.
    page.locator(f'#map g.marker[data-ids="{PORT[0]}"]').focus()
    page.keyboard.press("Enter")
    wait_for_entity(page, PORT[0])

    # The timeline's range takes a seizure off the canvas and off the map.
    page.get_by_label("From", exact=True).fill("2026-02-15")
    placed = markers(page)
    assert SEIZED not in placed and placed[SEIZED_HIDDEN] == HIDDEN_CITY[1:]
    assert outside == [] and page.problems == [], (outside, page.problems)
    context.close()


@pytest.fixture(scope="module")
def map_production_url(map_db: Settings, tmp_path_factory) -> Iterator[str]:
    settings = production(map_db, tmp_path_factory.mktemp("web-map-production"))
    with served_app(create_app(settings), "web-map-production-server") as url:
        yield url


def expected_places(url: str, key: str) -> dict[str, tuple[float, float]]:
    """The oracle: a seizure is placed at a place the API gives this agency over SEIZED_AT, and only
    then; the coordinates are that place's."""
    api = Api(url, key)
    places = {CITY[0]: CITY[1:], HIDDEN_CITY[0]: HIDDEN_CITY[1:]}
    expected = {}
    for seizure in (SEIZED, SEIZED_HIDDEN):
        given = [place for place in api.neighbours(seizure, "SEIZED_AT", "OUTGOING") if place in places]
        if given:
            expected[seizure] = places[given[0]]
    return expected


def use_key(page: Any, key: str) -> None:
    page.get_by_label("API key or JWT").fill(key)
    page.get_by_label("API key or JWT").press("Enter")


def test_each_agency_sees_a_seizure_on_the_map_only_where_the_api_shows_it_the_place(
    map_production_url, browser
):
    expected = {agency: expected_places(map_production_url, key) for agency, key in KEYS.items()}
    assert set(expected["DEA"]) == {SEIZED, SEIZED_HIDDEN}
    assert set(expected["CBP"]) == {SEIZED}  # Tucson and DEA's link are not CBP's to see
    for agency, key in KEYS.items():
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        page = open_page(context, map_production_url)
        use_key(page, key)
        for text, entity in (("MAPTEST-SZ-1", SEIZED), ("MAPTEST-SZ-2", SEIZED_HIDDEN)):
            search_and_open(page, text, entity)
        assert markers(page) == expected[agency]
        unplaced = 2 - len(expected[agency])
        summary = page.locator("#map-summary").inner_text()
        assert (f"{unplaced} placeable in view without coordinates you may see" in summary) == bool(unplaced)
        assert page.problems == [] and page.locator("#error").is_hidden(), page.problems
        if agency == "DEA":
            # Another agency's key in the same tab: the map is asked again as that reader, and DEA's
            # place for the second seizure is gone from it.
            use_key(page, KEYS["CBP"])
            page.wait_for_timeout(1000)  # the map's answer as CBP
            assert markers(page) == expected["CBP"]
            assert page.problems == [], page.problems
        context.close()
