"""Visibility classes of identity resolution, pure: which records each sees, how it marks, what it decides."""

from chokepoint.resolution.decisions import StrongGroup, ViewResolver, resolve_view
from chokepoint.resolution.evidence import EVERYTHING_VIEW, PUBLIC_VIEW, View, seeds_of, views
from chokepoint.resolution.scoring import Party


def person(id_, name, *grants):
    return Party(
        id=id_, label="Person", names=(name,), assertions=tuple((f"ds:{id_}:{g}", g) for g in grants)
    )


def test_views_one_per_shareable_grant_one_per_agency_own_records_then_everything():
    every = views(["PUBLIC", "DEA|LES", "DEA|ORCON", "HSI|LES", "FBI|ORCON"])
    assert [v.key for v in every] == ["PUBLIC", "DEA|LES", "HSI|LES", "DEA|*", "FBI|*", "*"]
    own = {v.key: v for v in every}["DEA|*"]
    assert own.grants == {"PUBLIC", "DEA|LES", "DEA|ORCON"} and own.marking == "DEA|ORCON"
    assert [v.key for v in seeds_of(own, every[1:-1])] == ["PUBLIC", "DEA|LES"]
    assert [v.key for v in seeds_of(every[2], every[1:-1])] == ["PUBLIC"]
    assert seeds_of(PUBLIC_VIEW, every[1:-1]) == []
    assert [v.key for v in seeds_of(EVERYTHING_VIEW, every[1:-1])] == [v.key for v in every[:-1]]


def test_marking_of_a_decision():
    assert PUBLIC_VIEW.decision_marking(()) == "CHOKEPOINT|PUBLIC"
    assert View("DEA|LES", frozenset({"PUBLIC", "DEA|LES"}), "DEA|LES").decision_marking(()) == "DEA|LES"
    evidence = (("a", "PUBLIC"), ("b", "DEA|LES"), ("c", "HSI|FOUO"))
    assert EVERYTHING_VIEW.decision_marking(evidence) == "CHOKEPOINT|LES"  # no partner holds it


def test_a_phone_only_dea_names_links_two_public_persons_in_deas_view_only():
    a, b = person("a", "ALPHA Uno", "PUBLIC"), person("b", "BRAVO Dos", "PUBLIC")
    phone = StrongGroup(
        "phone",
        "Person",
        "+8613800000001",
        ("a", "b"),
        anchor=(("dea:phone", "DEA|LES"),),
        links=((("dea:a-phone", "DEA|LES"),), (("dea:b-phone", "DEA|LES"),)),
    )
    every = views(["PUBLIC", "DEA|LES", "HSI|LES"])
    decided = {view.key: resolve_view(ViewResolver(view, [a, b], [phone]), [], [], [], {}) for view in every}
    assert decided["PUBLIC"] == {} and decided["HSI|LES"] == {}
    (decision,) = decided["DEA|LES"].values()
    row = decision.row()
    assert row["props"]["markings"] == ["DEA|LES"] and row["props"]["rule"] == "strong:phone"
    assert row["props"]["records"] == [
        "dea:a-phone",
        "dea:b-phone",
        "dea:phone",
        "ds:a:PUBLIC",
        "ds:b:PUBLIC",
    ]


def test_a_view_sees_only_its_records_of_a_node_and_counts_only_its_namesakes():
    a = person("a", "GARCIA LOPEZ Juan", "PUBLIC", "DEA|LES")
    b = person("b", "GARCIA LOPEZ Juan", "PUBLIC")
    c = person("c", "GARCIA LOPEZ Juan", "HSI|LES")  # a namesake only HSI sees
    public = resolve_view(ViewResolver(PUBLIC_VIEW, [a, b, c], []), [], [], [], {})
    (decision,) = public.values()
    assert decision.assessment.rule == "name-only" and decision.row()["props"]["records"] == [
        "ds:a:PUBLIC",
        "ds:b:PUBLIC",
    ]  # not DEA's record of the same node
    hsi = View("HSI|LES", frozenset({"PUBLIC", "HSI|LES"}), "HSI|LES")
    reasons: dict[tuple[str, str], str] = {}
    alone = resolve_view(ViewResolver(hsi, [a, b, c], []), [], [], [], reasons)
    assert alone == {} and set(reasons.values()) == {"name-only:ambiguous"}  # three holders
    # seeded with PUBLIC's decisions, as a run does: HSI sees PUBLIC's link and adds nothing
    assert resolve_view(ViewResolver(hsi, [a, b, c], [], seeds=[PUBLIC_VIEW]), list(public), [], [], {}) == {}


def _passport(number, ids, grant):
    return StrongGroup(
        "document",
        "Person",
        f"Passport {number} (MX)",
        tuple(ids),
        anchor=((f"ds:{number}", grant),),
        links=tuple(((f"ds:{number}-{i}", grant),) for i in ids),
    )


def test_decisions_do_not_depend_on_the_order_the_database_returns_shared_identifiers_in():
    """Two builds of the same visible records list a view's shared documents in the store's order,
    which differs between them: the stars must be drawn in one order of their own (the SAME_AS
    oracle's seed 4 linked p:0 twice in one build and once in the other)."""
    people = [person(i, f"NAME {i}", "FBI|SBU") for i in ("p:0", "p:4", "p:8")]
    small = _passport("G000000", ("p:4", "p:8"), "FBI|SBU")
    large = _passport("G000001", ("p:0", "p:4", "p:8"), "FBI|SBU")
    view = View("FBI|SBU", frozenset({"PUBLIC", "FBI|SBU"}), "FBI|SBU")

    def decided(groups):
        out = resolve_view(ViewResolver(view, people, groups), [], [], [], {})
        return {pair: d.row()["props"]["records"] for pair, d in out.items()}

    first = decided([small, large])
    assert first == decided([large, small])
    # the stars in the order of their values: G000000's (p:4-p:8), then G000001's adds p:0 once
    assert set(first) == {("p:0", "p:4"), ("p:4", "p:8")}
    assert "ds:G000000" in first[("p:4", "p:8")] and "ds:G000001" in first[("p:0", "p:4")]


def test_name_decisions_of_equal_score_are_taken_in_pair_order_whatever_the_parties_order():
    people = [
        Party(
            id=i,
            label="Person",
            names=("GARCIA LOPEZ Juan",),
            birth_dates=("1970-01-01",),
            assertions=((f"ds:{i}", "PUBLIC"),),
        )
        for i in ("c", "a", "b")
    ]
    for order in (people, people[::-1], sorted(people, key=lambda p: p.id)):
        decided = resolve_view(ViewResolver(PUBLIC_VIEW, order, []), [], [], [], {})
        assert set(decided) == {("a", "b"), ("a", "c")}, [p.id for p in order]
