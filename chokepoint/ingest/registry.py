"""The source formats ``chokepoint ingest SOURCE PATH`` knows, by name, built from their specs.

Each adapter declares its ``SourceSpec`` (the public sources in their modules as ``SOURCE``, the agency
formats as ``SPEC`` in ``chokepoint/formats/``, found there by discovery); this module only lists the
public ones and adds the discovered formats. Adapters never import it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from chokepoint.errors import NotFound
from chokepoint.formats.discovery import FORMATS
from chokepoint.ingest import cbp_seizures, fixture, ofac_advanced, ofac_crypto, ofac_csv, opensanctions
from chokepoint.ingest.source import Opener, Options, ParsedSource, SourceSpec, WorkerSpec

PUBLIC_SOURCES: tuple[SourceSpec, ...] = (
    fixture.SOURCE,
    ofac_advanced.SOURCE,
    ofac_csv.SOURCE,
    ofac_crypto.SOURCE,
    cbp_seizures.SOURCE,
    opensanctions.SOURCE,
)
SOURCES: dict[str, SourceSpec] = {
    spec.name: spec for spec in (*PUBLIC_SOURCES, *(fmt.source() for fmt in FORMATS.values()))
}


def source_spec(source: str) -> SourceSpec:
    """The spec of ``source``; an unknown name fails with the known ones."""
    try:
        return SOURCES[source]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise NotFound(f"Unknown source format {source!r}; known: {known}") from None


def opener(source: str) -> Opener:
    """The adapter for ``source``; big sources come back marked so a worker process can read them."""
    spec = source_spec(source)
    if not spec.in_worker:
        return spec.open

    def with_worker(path: Path, options: Options) -> list[ParsedSource]:
        parts = spec.open(path, options)
        return [
            replace(part, worker=WorkerSpec(source, path, options, index)) for index, part in enumerate(parts)
        ]

    return with_worker
