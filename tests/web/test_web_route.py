"""The workspace's file route (``api/web_route.py``): files under its folder only, typed, with the
security headers; nothing else (no traversal, no dot-files, no symbolic link out, no other types)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from chokepoint.api.web_route import CONTENT_SECURITY_POLICY, WebAssets


@pytest.fixture
def site(tmp_path: Path) -> WebAssets:
    root = tmp_path / "public"
    (root / "js").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>w</title>")
    (root / "js" / "app.js").write_text("export {};")
    (root / ".env").write_text("SECRET=1")
    (root / "notes.py").write_text("x = 1")
    (tmp_path / "secret.txt").write_text("outside")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    return WebAssets(root)


T = TypeVar("T")


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end in a thread of its own: the browser tests' Playwright (sync API)
    keeps an event loop running in this thread for the whole session, where ``asyncio.run`` refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def answer(site: WebAssets, path: str, method: str = "GET"):
    return run_apart(site.answer(method, path))


def test_index_and_assets_are_served_with_their_types_and_headers(site):
    page = answer(site, "/")
    headers = dict(page.headers)
    assert page.status == 200 and page.body.startswith(b"<!doctype html>")
    assert headers[b"content-type"] == b"text/html; charset=utf-8"
    assert headers[b"content-security-policy"] == CONTENT_SECURITY_POLICY.encode()
    assert b"'unsafe-inline'" not in headers[b"content-security-policy"]
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"x-frame-options"] == b"DENY"
    assert headers[b"referrer-policy"] == b"no-referrer"
    script = answer(site, "/js/app.js")
    assert script.status == 200 and dict(script.headers)[b"content-type"] == b"text/javascript; charset=utf-8"
    assert answer(site, "/index.html").body == page.body
    head = answer(site, "/js/app.js", "HEAD")
    assert head.status == 200 and head.body == b"" and dict(head.headers)[b"content-length"] == b"10"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/js/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/js/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/.env",
        "/%2eenv",
        "/notes.py",
        "/link.txt",
        "/js",
        "/js/",
        "/missing.js",
        "/js\\..\\..\\secret.txt",
        "/index.html%00.js",
        "/" + "a/" * 400 + "x.js",
    ],
)
def test_nothing_outside_the_folder_or_of_another_kind(site, path):
    found = answer(site, path)
    assert found.status == 404, path
    assert b"outside" not in found.body and b"SECRET" not in found.body


def test_it_claims_the_root_and_its_files_only(site):
    assert site.claims("/") and site.claims("/js/app.js") and site.claims("/index.html")
    assert not site.claims("/nope") and not site.claims("/../secret.txt") and not site.claims("/.env")


def test_only_get_and_head(site):
    refused = answer(site, "/", "POST")
    assert refused.status == 405 and (b"allow", b"GET, HEAD") in refused.headers


def test_an_unbuilt_workspace_says_how_to_build_it(tmp_path):
    missing = run_apart(WebAssets(tmp_path / "nowhere").answer("GET", "/"))
    assert missing.status == 503 and b"bin/setup" in missing.body
