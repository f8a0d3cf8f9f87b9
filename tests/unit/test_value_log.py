"""The value log's replay: a viewer is shown what its visible writes alone would have left."""

from __future__ import annotations

import datetime as dt
import random

from chokepoint.markings import visibility_of
from chokepoint.schema.loader import load_model
from chokepoint.schema.specs import PropertySpec
from chokepoint.settings import PROJECT_ROOT
from chokepoint.values.log import encode, parse, replay, statements_of
from chokepoint.values.shown import FLOORS, assertion_by_assertion, for_viewer

SPECS = {
    "name": PropertySpec(type="string", description="a name"),
    "aliases": PropertySpec(type="string[]", merge="union", description="other names"),
    "firstSeen": PropertySpec(type="date", merge="earliest", description="first seen"),
    "weight": PropertySpec(type="float", description="a number"),
}
PUBLIC, DEA, HSI = "PUBLIC", "DEA|LES", "HSI|LES"


def log(*writes: tuple[str, int, str | None, dict[str, object]]) -> list[str]:
    return [
        text
        for grant, seq, published, values in writes
        for text in statements_of(grant, seq, published, values)
    ]


def test_each_viewer_gets_the_values_of_its_own_writes_in_order():
    statements = log(
        (PUBLIC, 1, None, {"name": "GARCIA", "aliases": ["EL G"], "weight": 1.5}),
        (DEA, 2, None, {"name": "LOPEZ", "aliases": ["FLACO"]}),
        (HSI, 3, None, {"name": "RUIZ"}),
    )
    assert replay(statements, frozenset({PUBLIC}), SPECS)["name"] == "GARCIA"
    dea = replay(statements, frozenset({PUBLIC, DEA}), SPECS)
    assert (dea["name"], dea["aliases"], dea["weight"]) == ("LOPEZ", ["EL G", "FLACO"], 1.5)
    assert replay(statements, frozenset({PUBLIC, HSI}), SPECS)["aliases"] == ["EL G"]
    assert replay(statements, frozenset({PUBLIC, DEA, HSI}), SPECS)["name"] == "RUIZ"
    assert replay(statements, frozenset({"FBI|LES"}), SPECS) == {}


def test_an_older_publication_does_not_replace_a_newer_one_but_widens_earliest():
    statements = log(
        (PUBLIC, 1, "2026-01-15", {"name": "NEW", "firstSeen": dt.date(2026, 1, 1)}),
        (DEA, 2, "2025-06-01", {"name": "OLD", "firstSeen": dt.date(2024, 3, 1)}),
    )
    both = replay(statements, frozenset({PUBLIC, DEA}), SPECS)
    assert (both["name"], both["firstSeen"], both["sourcePublished"]) == (
        "NEW",
        dt.date(2024, 3, 1),
        dt.date(2026, 1, 15),
    )
    assert replay(statements, frozenset({DEA}), SPECS)["name"] == "OLD"


def test_writes_replay_in_time_order_whatever_their_place_in_the_log():
    statements = log((DEA, 5, None, {"name": "LATER"}), (PUBLIC, 2, None, {"name": "EARLIER"}))
    assert replay(statements, frozenset({PUBLIC, DEA}), SPECS)["name"] == "LATER"
    replayed = replay(statements, frozenset({PUBLIC}), SPECS)
    assert replayed["ingestedAt"] == dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=2)


def test_statements_keep_any_text_and_skip_what_they_cannot_read():
    text = encode(DEA, 7, None, "name", "A|B:C D")
    statement = parse(text)
    assert statement is not None and (statement.grant, statement.seq, statement.value) == (DEA, 7, "A|B:C D")
    assert parse("not a statement") is None
    assert replay(["garbage", text], frozenset({DEA}), SPECS)["name"] == "A|B:C D"


def test_a_viewer_of_part_of_an_element_of_an_unknown_type_sees_none_of_its_logged_values():
    statements = log((PUBLIC, 1, None, {"name": "GARCIA"}), (DEA, 2, None, {"name": "LOPEZ", "weight": 2.0}))
    props = {
        "id": "x",
        "name": "LOPEZ",
        "weight": 2.0,
        "markings": [PUBLIC, DEA],
        "valueStatements": statements,
    }
    shown = for_viewer(props, frozenset({PUBLIC}))
    assert "name" not in shown and "weight" not in shown and "valueStatements" not in shown
    assert for_viewer(props, frozenset({PUBLIC}), SPECS)["name"] == "GARCIA"
    assert for_viewer(props, frozenset({PUBLIC, DEA}))["name"] == "LOPEZ"  # every grant: as stored


def test_an_element_seen_whole_is_shown_as_the_long_way_shows_it():
    """``for_viewer`` takes a short way for elements whose every grant the viewer holds (most of
    them); on random elements, whole or not, it shows what the assertion-by-assertion way shows."""
    rng = random.Random(3)  # noqa: S311 -- reproducible test cases, not secrets
    grants = ["PUBLIC", "DEA|LES", "HSI|FOUO", "FBI|SBU"]
    marks_pool = ["OFAC|PUBLIC", "DEA|LES", "HSI|FOUO", "FBI|SBU", "CBP|PUBLIC"]
    whole = 0
    for _ in range(5000):
        marks = [rng.choice(marks_pool) for _ in range(rng.randint(1, 4))]
        props: dict[str, object] = {
            "sourceRecords": [f"d{i}:r{i}" for i in range(len(marks))],
            "markings": list(dict.fromkeys(visibility_of(m) for m in marks)),
            "name": "stored",
            "agency": "LAST",
            "caveat": "WRITER",
        }
        if len(set(marks)) == 1 and rng.random() < 0.5:
            props["sourceRecordsMarking"] = marks[0]
        else:
            props["sourceRecordMarkings"] = marks
        if rng.random() < 0.3:
            props["totalsByVisibility"] = ["PUBLIC\x1e1\x1e\x1e\x1e2.0"]
        if rng.random() < 0.3:
            props["valueStatements"] = ["PUBLIC\x1e1\x1e\x1ename\x1elogged"]
        held = frozenset(rng.sample(grants, rng.randint(1, 4)))
        whole += all(g in held for g in props["markings"])  # type: ignore[attr-defined]
        assert for_viewer(props, held, {}) == assertion_by_assertion(props, held, {}), (props, held)
    assert 1000 < whole < 4000  # both ways were taken


def test_floors_are_never_shown_whole_or_in_part():
    """Floors are distances over every record (chokepoint/analysis/floors.py): shown, they would tell
    a viewer about links it may not see. Every internal property the schema declares for all nodes
    (beside the provenance ones, which readers expand or replace) is a floor."""
    floors = dict.fromkeys(FLOORS, 2)
    whole = {
        "id": "x",
        "markings": ["PUBLIC"],
        "sourceRecords": ["d:1"],
        "sourceRecordMarkings": ["A|PUBLIC"],
    }
    partial = {
        **whole,
        "markings": ["PUBLIC", "DEA|LES"],
        "sourceRecords": ["d:1", "d:2"],
        "sourceRecordMarkings": ["A|PUBLIC", "DEA|LES"],
    }
    for props in (whole, partial):
        assert not set(FLOORS) & for_viewer({**props, **floors}, frozenset({"PUBLIC"})).keys()
    model = load_model(PROJECT_ROOT / "schema")
    internal = {name for name, spec in model.common.node_properties.items() if spec.internal}
    assert internal == set(FLOORS)  # a new internal property must be added here or hidden otherwise
