"""Limits: the time to price or refuse the attack documents of issue 15, against a normal query.

    .venv/bin/python bench/limits.py [--runs 20]

No database: each document goes through ``LimitChecks.check`` (parse, shape limits, the GraphQL rules
within their budget, cost) with a cold cache (a new ``LimitChecks`` per run) against the API's schema
and the default limits, introspection off (production). Prints the median milliseconds per document
and its ratio to the normal query's, measured in the same run, and the codes it was refused with.
For comparison it also times Strawberry's depth validator (the walk the shape limits replaced) on
the doubling fragments at 10 to 16 levels (it doubles per level), and graphql-core's rules alone on
the overlap document (what the overlap limit spares).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphql import parse, specified_rules, validate  # noqa: E402
from strawberry.extensions.query_depth_limiter import create_validator  # noqa: E402

from chokepoint import composition  # noqa: E402
from chokepoint.api.internals import graphql_schema  # noqa: E402
from chokepoint.api.schema import build_registry, build_schema  # noqa: E402
from chokepoint.api.security.config import Limits  # noqa: E402
from chokepoint.api.security.limits import limit_checks  # noqa: E402
from chokepoint.settings import Settings  # noqa: E402

NORMAL = """query Neighbors($id: ID!) { neighbors(id: $id, first: 20) {
  countsByType { type incoming outgoing } totalCount
  edges { node { __typename id displayName } relationship { type agency caveat } } } }"""


NESTED = "neighbors(first: $f) { totalCount }"


def doubling(levels: int, leaf: str = "a:__typename") -> str:
    fragments = " ".join(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(levels))
    return f"query B{{...F0}} {fragments} fragment F{levels} on Query{{{leaf}}}"


ATTACKS = {
    "doubling fragments, 20 levels (829 bytes)": (doubling(20), {}),
    "doubling fragments, 60 levels": (doubling(60), {}),
    "one field 1,990 times": ("{" + " __typename" * 1990 + "}", {}),
    "entity(id) 180 times": ("{" + ' entity(id:"x"){id}' * 180 + "}", {}),
    "20 entity { 20 neighbors } (overlap)": (
        "{" + (' entity(id:"x"){' + " neighbors { totalCount }" * 20 + "}") * 20 + "}",
        {},
    ),
    "15 aliased chokepoints(12, 100, 10)": (
        "{"
        + " ".join(
            f"c{i}: chokepoints(maxHops: 12, top: 100, samplePaths: 10) {{ edges {{ node {{ rank }} }} }}"
            for i in range(15)
        )
        + "}",
        {},
    ),
    '7 aliased neighbors(first: $f), {"f": 100.0}': (
        "query($f: Int){"
        + " ".join(
            f'n{i}: neighbors(id: "x", first: $f) {{ edges {{ node {{ {NESTED} }} }} }}' for i in range(7)
        )
        + "}",
        {"f": 100.0},
    ),
}


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    schema = graphql_schema(build_schema(build_registry(composition.model_of(Settings()))))
    limits = Limits()

    def check(query: str, variables: dict[str, object]) -> Callable[[], object]:
        return lambda: limit_checks(limits, introspection=False).check(schema, query, variables)

    for _ in range(3):  # warm-up
        check(NORMAL, {"id": "x"})()
    baseline = median_ms(check(NORMAL, {"id": "x"}), runs)
    print(f"{'normal neighbors query (baseline)':48s} {baseline:8.2f} ms   1.0x   accepted")
    for name, (query, variables) in ATTACKS.items():
        taken = median_ms(check(query, variables), runs)
        _, errors = limit_checks(limits, introspection=False).check(schema, query, variables)
        found = sorted({str((e.extensions or {}).get("code")) for e in errors}) or ["accepted"]
        print(f"{name:48s} {taken:8.2f} ms {taken / baseline:6.1f}x   {', '.join(found)}")
    print("\nStrawberry's depth validator (replaced) on the doubling fragments:")
    rule = create_validator(limits.max_depth, None)
    for levels in (10, 12, 14, 16):
        document = parse(doubling(levels))
        taken = median_ms(lambda document=document: validate(schema, document, [rule]), 3)
        print(f"  {levels} levels {taken:10.1f} ms {taken / baseline:8.1f}x")
    overlap = parse(ATTACKS["20 entity { 20 neighbors } (overlap)"][0])
    taken = median_ms(lambda: validate(schema, overlap, specified_rules), 1)
    print(f"graphql-core's rules alone on the overlap document {taken:10.1f} ms {taken / baseline:8.1f}x")


if __name__ == "__main__":
    main()
