"""The README's table of sources, rendered from the source specs (never edited by hand).

``chokepoint schema generate`` (or ``schema formats``) rewrites the lines between the two markers; a
unit test fails when the committed README differs, so a new source's row comes with its spec.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from chokepoint.errors import NotFound
from chokepoint.ingest.source import SourceSpec
from chokepoint.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
BEGIN = "<!-- sources: generated from the source specs by `chokepoint schema generate` -->"
END = "<!-- end of sources -->"


def render_sources_table(specs: Iterable[SourceSpec]) -> str:
    """One row per source: its name, what PATH is, what becomes graph (public sources first)."""
    ordered = sorted(specs, key=lambda spec: not spec.public)  # stable: each group keeps its order
    rows = [f"| `{spec.name}` | {spec.reads} | {spec.becomes} |" for spec in ordered]
    return "\n".join(["| SOURCE | PATH | what becomes graph |", "|---|---|---|", *rows]) + "\n"


def with_sources_table(text: str, specs: Iterable[SourceSpec]) -> str:
    """``text`` with the part between the markers replaced by the rendered table."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise NotFound(f"the README has no {BEGIN!r} … {END!r} markers for the table of sources")
    return text[: start + len(BEGIN)] + "\n" + render_sources_table(specs) + text[end:]


def write_sources_table(specs: Iterable[SourceSpec], path: Path = README) -> Path:
    path.write_text(with_sources_table(path.read_text(encoding="utf-8"), specs), encoding="utf-8")
    return path
