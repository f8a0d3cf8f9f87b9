"""The analyst workspace's files (``web/public/``) at ``/``, on the API's origin.

The page is a client of the API like any partner's: it holds no data and needs no credential to
load (the analyst enters one in it), so its files are served without authentication; every answer it
shows comes from ``/graphql`` or ``/export`` with the analyst's credential. This route only maps a
path to a file: one folder, a fixed set of file types, no dot-files, nothing outside the folder
(symbolic links included), and headers that keep the page to its own origin (a Content-Security-Policy
allowing only ``'self'``, no framing, no referrer, no sniffing, no caching of the page's code).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

INDEX = "index.html"
CONTENT_TYPES = {
    ".html": b"text/html; charset=utf-8",
    ".js": b"text/javascript; charset=utf-8",
    ".mjs": b"text/javascript; charset=utf-8",
    ".css": b"text/css; charset=utf-8",
    ".json": b"application/json",
    ".svg": b"image/svg+xml",
    ".png": b"image/png",
    ".ico": b"image/x-icon",
    ".txt": b"text/plain; charset=utf-8",
}
# Only this origin, for everything: scripts, styles, fetches, images (data:/blob: for the canvas's
# PNG snapshots); no plug-ins, no <base>, no framing, forms only to itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cache-control", b"no-cache"),
)
MAX_PATH = 512


@dataclass(frozen=True)
class WebAnswer:
    """A status, headers and body of the workspace route."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class WebAssets:
    """The files under ``root``; :meth:`answer` maps a GET path to one of them."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def claims(self, path: str) -> bool:
        """True for ``/`` and the workspace's files; any other path stays the API's (authenticated,
        audited, its coded 404)."""
        return path == "/" or self.file_for(path) is not None

    def file_for(self, path: str) -> Path | None:
        """The file ``path`` names under the root, or None (unknown, hidden, outside, wrong type)."""
        raw = unquote(path)
        if len(raw) > MAX_PATH or "\\" in raw or "\x00" in raw:
            return None
        parts = [part for part in raw.split("/") if part]
        if any(part.startswith(".") for part in parts):  # no dot-files, no "..", no "."
            return None
        candidate = (self.root.joinpath(*parts) if parts else self.root) / ("" if parts else INDEX)
        if candidate.suffix not in CONTENT_TYPES:
            return None
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.root) or not resolved.is_file():
            return None
        return resolved

    async def answer(self, method: str, path: str) -> WebAnswer:
        """The file at ``path`` (HEAD: its headers only), or a plain 404 / 405 / 503."""
        if method not in ("GET", "HEAD"):
            return _plain(405, "Use GET", [(b"allow", b"GET, HEAD")])
        if not self.root.is_dir():
            return _plain(503, "The workspace is not built: run bin/setup (npm ci and npm run build in web/)")
        found = self.file_for(path)
        if found is None:
            return _plain(404, "Not found")
        body = await asyncio.to_thread(found.read_bytes)
        headers = [
            (b"content-type", CONTENT_TYPES[found.suffix]),
            (b"content-length", str(len(body)).encode()),
            *SECURITY_HEADERS,
        ]
        return WebAnswer(200, headers, b"" if method == "HEAD" else body)


def _plain(status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None) -> WebAnswer:
    body = text.encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
        *(extra or []),
    ]
    return WebAnswer(status, headers, body)
