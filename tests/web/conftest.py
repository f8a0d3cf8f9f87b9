"""Fixtures of the workspace's browser tests: the case (the API tests' SINALOA cartel with a DEA-only
member, and the supply network with a DEA-only courier) in the test Neo4j, the API served on a free
port, and Debian's chromium driven by Playwright (never a browser Playwright downloads)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chokepoint import composition
from chokepoint.api.schema import build_registry
from chokepoint.ingest.records import Provenance
from chokepoint.ingest.writer import GraphWriter
from chokepoint.settings import PROJECT_ROOT, Settings
from tests.api.conftest import DATA
from tests.api.supply_case import load_case
from tests.integration.conftest import load
from tests.integration.test_investigations import org, person, rel

CHROMIUM = Path("/usr/bin/chromium")
HUB_MEMBERS = 45  # more than two pages of 20: the supernode paging
HUB = Provenance(dataset="web-test-hub", agency="OFAC", caveat="PUBLIC", synthetic=True)
SCREENSHOTS = PROJECT_ROOT / "tests" / "web" / "screenshots"  # ignored by git: for review only


@pytest.fixture(scope="module")
def web_db(neo4j_settings, model, tmp_path_factory) -> Settings:
    load_case(neo4j_settings, model, build_registry(model))  # empties the database first
    with composition.connect(neo4j_settings) as graph:
        tmp = tmp_path_factory.mktemp("web-case")
        for name in ("public.json", "restricted.json"):
            for report in load(graph, "records", DATA / name, tmp):
                assert not report.rejected, report.rejected
        assert GraphWriter(graph, model, HUB).write_all(hub_records()).rejected == []
    return neo4j_settings


def hub_records():
    yield org("hub", "HUB TEST NETWORK", "cartel")
    for n in range(HUB_MEMBERS):
        yield person(f"hub-m{n}", f"HUB, Member {n:02d}")
        yield rel("MEMBER_OF", ("Person", f"hub-m{n}"), ("Organization", "hub"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), (
        "Debian's chromium is missing: bin/test installs it (apt-get install -y chromium)"
    )
    assert (PROJECT_ROOT / "web" / "public" / "vendor").is_dir(), "the workspace is not built: run bin/setup"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS
