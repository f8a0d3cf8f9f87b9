"""Deconfliction pointers (issue 20), proved with the caveat oracle: with no owner opted in, answers
are those of before (every ``deconfliction`` empty); with owners opted in, the only difference between
a viewer's answers on the full graph and a development viewer's answers on the graph its visible
records alone build is the pointers, and each element carries exactly the pointers the rule names,
computed here from the source files themselves: the owners of the files hidden from the viewer that
assert the element, opted in for the file's caveat. An owner that did not opt in (FBI) is never
named, ORCON records give pointers only where the owner said so explicitly (HSI), and a pointer holds
the owner's contact and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from chokepoint.api.security.config import AccessConfig, Contact, DeconflictionOptIn
from chokepoint.api.security.setup import pointer_rule
from chokepoint.api.viewer import Viewer
from chokepoint.graph.queries import CypherQuery
from chokepoint.markings import visibility
from tests.api import oracle
from tests.api.test_caveat_oracle import AGENCIES, POLICIES, ask

pytestmark = pytest.mark.neo4j

OPT_INS = {
    "DEA": DeconflictionOptIn(
        contact=Contact(desk="DEA SOD deconfliction desk", phone="+1 202 555 0100"), caveats=["LES", "FOUO"]
    ),
    "HSI": DeconflictionOptIn(
        contact=Contact(email="deconfliction@hsi.example"),
        caveats=["SBU", "LES", "ORCON"],
        originator_controlled=True,
    ),
}  # FBI does not opt in
NOTICE_COUNT = CypherQuery("notices", "MATCH (n:DeconflictionNotice) RETURN count(n) AS n")
POINTER = "deconfliction { agency desk phone email }"
SELECTION = f"""id labels {oracle.PROVENANCE} {POINTER}
  neighbors(first: 100) {{
    totalCount countsByType {{ type incoming outgoing }}
    edges {{ node {{ id {POINTER} }} relationship {{ type startId endId {oracle.PROVENANCE} {POINTER} }} }}
  }}"""
PATH = (
    f"length nodes {{ id {POINTER} }} "
    f"relationships {{ direction relationship {{ type startId endId {POINTER} }} }}"
)


def questions(graph: Any) -> list[tuple[str, str]]:
    ids = oracle.all_ids(graph)
    people = [i for i in ids if i.startswith("p:")]
    paths = [
        (
            f"paths {a} -> {b}",
            f'query {{ paths(from: "{a}", to: "{b}", maxHops: 4, first: 5) '
            f"{{ edges {{ node {{ {PATH} }} }} }} }}",
        )
        for a, b in zip(people, reversed(people), strict=False)
        if a != b
    ]
    return [*oracle.entity_questions(ids, SELECTION), *paths]


def with_opt_ins(config: AccessConfig) -> AccessConfig:
    return AccessConfig(agencies=config.agencies, sharing=config.sharing, deconfliction=OPT_INS)


def pointed_elements(answer: Any) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """Every element of an answer that carries a ``deconfliction`` list, with its key."""
    if isinstance(answer, dict):
        if "deconfliction" in answer:
            key = answer["id"] if "id" in answer else (answer["type"], answer["startId"], answer["endId"])
            yield key, answer["deconfliction"]
        for value in answer.values():
            yield from pointed_elements(value)
    elif isinstance(answer, list):
        for item in answer:
            yield from pointed_elements(item)


def without_pointers(answer: Any) -> Any:
    if isinstance(answer, dict):
        return {k: without_pointers(v) for k, v in answer.items() if k != "deconfliction"}
    if isinstance(answer, list):
        return [without_pointers(item) for item in answer]
    return answer


def expected_owners(sources: list[oracle.SourceFile], viewer: Viewer) -> dict[Any, set[str]]:
    """From the files: each element's owners whose hidden files assert it and who opted in for the
    file's caveat."""
    held = oracle.held_by(viewer)
    owners: dict[Any, set[str]] = {}
    for source in sources:
        document = json.loads(source.path.read_text())
        agency, caveat = document["provenance"]["agency"], document["provenance"]["caveat"]
        consent = OPT_INS.get(agency)
        if visibility(agency, caveat) in held or consent is None or caveat not in consent.caveats:
            continue
        for node in document["nodes"]:
            owners.setdefault(node["props"]["id"], set()).add(agency)
        for rel in document["relationships"]:
            owners.setdefault((rel["type"], rel["from"]["id"], rel["to"]["id"]), set()).add(agency)
    return owners


def contact_of(agency: str) -> dict[str, Any]:
    contact = OPT_INS[agency].contact
    return {"agency": agency, "desk": contact.desk, "phone": contact.phone, "email": contact.email}


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_pointers_are_the_only_difference_and_exactly_those_the_rule_names(graph, oracle_api, tmp_path, seed):
    sources = oracle.random_sources(seed, tmp_path)
    oracle.build(graph, sources, tmp_path, None)
    asked = questions(graph)
    off, on = {}, {}
    for policy, config in POLICIES.items():
        for agency, viewer in oracle.viewers(AGENCIES, config).items():
            oracle_api.pointers = None
            off[(policy, agency)] = (viewer, ask(oracle_api, viewer, asked))
            oracle_api.pointers = pointer_rule(with_opt_ins(config))
            on[(policy, agency)] = (viewer, ask(oracle_api, viewer, asked))
    oracle_api.pointers = None

    problems, given = [], 0
    for key, (_, answers) in off.items():
        if any(pointers for _, pointers in pointed_elements(answers)):
            problems.append(f"{key}: a pointer with no owner opted in")
    by_held: dict[frozenset[str], list[tuple[str, str]]] = {}
    for key, (viewer, _) in on.items():
        by_held.setdefault(oracle.held_by(viewer), []).append(key)
    for held, keys in by_held.items():
        oracle.build(graph, sources, tmp_path, held)
        expected = ask(oracle_api, oracle.development(graph), asked)
        for key in keys:
            viewer, answers = on[key]
            difference = oracle.first_difference(without_pointers(answers), without_pointers(expected))
            if difference:
                problems.append(f"{key[1]} under '{key[0]}': {difference}")
            if without_pointers(answers) != without_pointers(off[key][1]):
                problems.append(f"{key}: opting in changed more than the pointers")
            owners = expected_owners(sources, viewer)
            for element, pointers in pointed_elements(answers):
                want = [contact_of(agency) for agency in sorted(owners.get(element, ()))]
                if pointers != want:
                    problems.append(f"{key[1]} under '{key[0]}', {element}: {pointers} != {want}")
                given += len(pointers)
    assert not problems, f"{len(problems)} problems; first: {problems[0]}"
    assert given > 0  # not vacuous: the cases hold elements with opted-in owners' hidden records


def test_no_opt_in_gives_no_pointer_and_no_notice(graph, oracle_api, tmp_path):
    sources = oracle.random_sources(4, tmp_path)
    oracle.build(graph, sources, tmp_path, None)
    viewer = oracle.viewers(["NOBODY"], POLICIES["no sharing"])["NOBODY"]
    oracle_api.pointers = pointer_rule(POLICIES["no sharing"])
    try:
        answers = ask(oracle_api, viewer, questions(graph))
    finally:
        oracle_api.pointers = None
    assert all(pointers == [] for _, pointers in pointed_elements(answers))
    assert graph.read(NOTICE_COUNT) == [{"n": 0}]
