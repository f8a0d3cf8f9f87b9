"""``chokepoint excerpt``: cut a compact, committable excerpt of a big public source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chokepoint.cli.ingest import program_codes
from chokepoint.cli.output import console
from chokepoint.errors import ConfigurationError
from chokepoint.ingest.fixture_writer import write_fixture
from chokepoint.ingest.registry import source_spec
from chokepoint.ingest.source import Options


def excerpt(
    source: Annotated[str, typer.Argument(help="Source format (ofac-advanced, ofac-csv)")],
    path: Annotated[Path, typer.Argument(help="The source file")],
    out: Annotated[Path, typer.Argument(help="Where to write the excerpt (Chokepoint JSON records)")],
    programs: Annotated[
        str, typer.Option(help="Programme codes to keep, comma-separated; 'drugs' = the drug programmes")
    ] = "ILLICIT-DRUGS-EO14059",
) -> None:
    """Write the parties of some sanctions programmes as a `records` file, loadable with `ingest records`."""
    if source not in ("ofac-advanced", "ofac-csv"):
        raise ConfigurationError(f"excerpts are cut from ofac-advanced or ofac-csv, not {source!r}")
    (parsed,) = source_spec(source).open(path, Options(programs=program_codes(programs)))
    nodes, relationships = write_fixture(out, parsed.provenance, parsed.records)
    console.print(f"Wrote {nodes} nodes and {relationships} relationships to {out}")
