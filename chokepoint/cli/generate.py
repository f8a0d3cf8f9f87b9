"""``chokepoint generate``: seeded synthetic case records, the committed demo or a large bench set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from chokepoint.cli.output import console, table
from chokepoint.settings import PROJECT_ROOT
from chokepoint.synthetic import bench
from chokepoint.synthetic.demo import DEFAULT_SEED, write_world
from chokepoint.synthetic.demo import generate as generate_demo
from chokepoint.synthetic.ofac import load_excerpt
from chokepoint.synthetic.world import build_world

EXCERPT = PROJECT_ROOT / "demo" / "ofac_excerpt.json"


class Size(StrEnum):
    demo = "demo"
    bench = "bench"


def generate(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the records into")],
    size: Annotated[
        Size, typer.Option(help="demo: a few thousand records; bench: millions of transfers")
    ] = Size.demo,
    seed: Annotated[int, typer.Option(help="Seed: the same seed writes the same bytes")] = DEFAULT_SEED,
    transfers: Annotated[
        int, typer.Option(help="Bench only: ledger transfers to stream")
    ] = bench.BenchSize.transfers,
) -> None:
    """Write synthetic (fictional) agency records, marked `synthetic`, around real OFAC parties."""
    if size is Size.demo:
        counts = generate_demo(out, seed, EXCERPT)
        console.print(table("Records written", ["file", "records"], [[f, n] for f, n in counts.items()]))
        console.print(f"Ingest them in the order of {out / 'manifest.json'}.")
        return
    world = build_world(seed, load_excerpt(EXCERPT))
    counts = write_world(world, out, seed, size="bench")
    columns = (TextColumn("ledger"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("ledger", total=transfers)
        result = bench.stream_ledger(
            world, out, bench.BenchSize(transfers), lambda n: progress.advance(task, n)
        )
    console.print(f"Case files: {sum(counts.values())} records in {len(counts)} files (as the demo).")
    console.print(
        f"Ledger: {result.transfers:,} transfers in {result.files} CSV chunks under "
        f"{out / bench.LEDGER_DIR}; ingested as wallet-ledger (--dataset irs-ci-bulk-ledger "
        f"--agency IRS-CI --caveat LES --synthetic) they make {result.nodes:,} nodes "
        f"({result.transfers:,} Transfer + {result.addresses:,} CryptoAddress) and "
        f"{result.relationships:,} relationships ({2 * result.transfers:,} SENT/RECEIVED + "
        f"{result.pairs:,} SENT_FUNDS_TO)."
    )
