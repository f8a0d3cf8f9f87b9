"""Issue 14's differential oracle over the demo investigation (too slow for CI: one demo build per
distinct set of grants).

Builds the demo investigation (the committed excerpts, or with ``--full`` the files of ../shared/data)
into its own instance, asks every entity, its neighbours with each link's provenance and values, the
transfer totals and some searches as each agency under each sharing policy of the oracle tests; then
rebuilds from only the files each distinct set of grants can see, in the same order, and asks a
development viewer the same. Prints the number of viewers whose answers differ, the first
differences, and the time taken. Resolution is not run (the SAME_AS oracle has its own test).

    .venv/bin/python bench/caveat_oracle_demo.py [--full] [--instance oracle --bolt-port 7781]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the full public files of ../shared/data")
    parser.add_argument("--instance", default="oracle")
    parser.add_argument("--bolt-port", default="7781")
    parser.add_argument(
        "--sample", type=int, default=600, help="entities asked about (seeded sample; 0: all)"
    )
    parser.add_argument("--policy", action="append", help="only these sharing policies (by name; repeatable)")
    args = parser.parse_args()
    os.environ.update(CHOKEPOINT_INSTANCE=args.instance, CHOKEPOINT_BOLT_PORT=args.bolt_port)
    if not args.full:
        os.environ["CHOKEPOINT_SHARED_DATA_DIR"] = str(ROOT / ".chokepoint" / "no-shared-data")

    from chokepoint import composition
    from chokepoint.api.schema import build_registry, build_schema
    from chokepoint.api.security.config import AccessConfig, Agency
    from chokepoint.demo.plan import demo_steps
    from chokepoint.graph.schema_sync import apply_schema
    from chokepoint.settings import load_settings
    from tests.api import oracle
    from tests.api.conftest import InProcessApi
    from tests.api.test_caveat_oracle import mismatches
    from tests.api.test_transfer_totals_oracle import TOTALS

    settings = load_settings()
    composition.start_embedded(settings)
    model = composition.model_of(settings)
    registry = build_registry(model)
    api = InProcessApi(settings, build_schema(registry), registry)
    sources = [
        oracle.SourceFile(
            step.source, step.path, {k: v for k, v in vars(step.options).items() if v is not None}
        )
        for step in demo_steps(settings)
    ]
    agencies = ("DEA", "IRS-CI", "HSI", "FBI", "CBP", "NOBODY")  # NOBODY: PUBLIC records only
    known = {name: Agency() for name in agencies}
    policies = {
        "no sharing": AccessConfig(agencies=known),
        "DEA shares LES with all, HSI LES with FBI": AccessConfig(
            agencies=known, sharing={"DEA": {"LES": ["*"]}, "HSI": {"LES": ["FBI"]}}
        ),
        "everything shareable shared with all": AccessConfig(
            agencies=known,
            sharing={a: {c: ["*"] for c in ("SBU", "FOUO", "LES")} for a in agencies if a != "NOBODY"},
        ),
    }

    policies = {name: config for name, config in policies.items() if not args.policy or name in args.policy}
    build = oracle.build

    def timed_build(*given: Any) -> list[str]:
        started = time.monotonic()
        loaded = build(*given)
        print(f"  built {len(loaded)} files in {time.monotonic() - started:.0f} s", flush=True)
        return loaded

    oracle.build = timed_build

    def questions(graph: oracle.Graph) -> list[tuple[str, str]]:
        every = oracle.all_ids(graph)
        sampler = random.Random(7)  # noqa: S311 -- a reproducible sample, not a secret
        ids = sorted(sampler.sample(every, args.sample)) if 0 < args.sample < len(every) else every
        addresses = [i for i in every if i.startswith("CryptoAddress:")]
        print(
            f"  asking about {len(ids)} of {len(every)} entities and {len(addresses)} addresses", flush=True
        )
        return [
            *oracle.entity_questions(ids, f"{oracle.ENTITY} {oracle.VALUES}"),
            *oracle.entity_questions(addresses, TOTALS),
            *oracle.search_questions(["fentanyl", "SINALOA", "CJNG", "broker", "pill press", "Guangzhou"]),
        ]

    started = time.monotonic()
    with composition.connect(settings) as graph, tempfile.TemporaryDirectory() as tmp:
        apply_schema(graph, model)
        found = mismatches(graph, api, sources, Path(tmp), policies, questions, agencies=agencies)
    print(
        f"{len(sources)} files, {len(policies)} policies x {len(agencies)} agencies: "
        f"{len(found)} viewers differ ({time.monotonic() - started:.0f} s)"
    )
    for line in found[:10]:
        print("  " + line[:400])
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
