"""Name normalisation, similarity, scoring rules, blocking and clusters of identity resolution."""

import pytest

from chokepoint.resolution.blocking import name_candidates
from chokepoint.resolution.clusters import Clusters, representative, resolved_ids
from chokepoint.resolution.names import PartyKind, normalise, similarity
from chokepoint.resolution.scoring import (
    NAME_ONLY,
    NAME_WITH_BIRTHDATE,
    Agreement,
    Party,
    assess_names,
    compare_birth_dates,
    strong_match,
)

ORG = PartyKind.ORGANIZATION


def score(a: str, b: str, kind: PartyKind = PartyKind.PERSON) -> float:
    return similarity(normalise(a, kind), normalise(b, kind))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ZHANG Wei", "Wei Zhang"),  # word order
        ("GUZMAN LOERA, Joaquin", "Joaquín Guzmán Loera"),  # accents, comma, surname first
        ("Zhang Xiaoming", "Zhang Xiao Ming"),  # given name joined vs split
        ("Xiaoming ZHANG", "张晓明"),  # Han script, surname last
        ("María de la Cruz", "CRUZ, Maria"),  # particles
        ("José  O'Neil-Ramírez", "jose oneil ramirez"),  # apostrophe, hyphen, spacing
    ],
)
def test_person_name_variants_match_fully(a, b):
    assert score(a, b) == 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("湖北精奥生物科技有限公司", "Hubei Jingao Shengwu Keji Co., Ltd."),  # 有限公司 = Co., Ltd.
        ("Farmacos del Norte S.A. de C.V.", "FARMACOS DEL NORTE, SA DE CV"),
        ("Wuhan Trading Import Export Company Limited", "WUHAN LLC"),
    ],
)
def test_organisation_legal_forms_are_ignored(a, b):
    assert score(a, b, ORG) == 1.0


def test_legal_forms_only_count_for_organisations():
    assert normalise("Hubei Co Ltd", ORG).tokens == ("hubei",)
    assert normalise("Hubei Co Ltd").tokens == ("hubei", "co", "ltd")
    assert normalise("Trading Co.", ORG).tokens == ("trading", "co")  # nothing left: keep the words


def test_missing_middle_name_scores_high_but_not_identical():
    value = score("Joaquin Guzman Loera", "Joaquin Archivaldo Guzman Loera")
    assert NAME_WITH_BIRTHDATE <= value < NAME_ONLY


def test_cyrillic_is_transliterated():
    assert score("Виктор Бут", "Viktor Bout") > 0.9


def test_different_names_score_low():
    assert score("Zhang Wei", "Li Qiang") < NAME_WITH_BIRTHDATE - 0.2
    assert score("Zhang Wei", "Zhang Wen") < NAME_ONLY


def person(id_: str, *names: str, dob: tuple[str, ...] = (), countries: tuple[str, ...] = ()) -> Party:
    return Party(id=id_, label="Person", names=names, birth_dates=dob, countries=countries)


def test_birth_date_agreement():
    assert compare_birth_dates(("1957-04-04",), ("1957-04-04",)) is Agreement.EXACT
    assert compare_birth_dates(("1957",), ("1957-04-04",)) is Agreement.PARTIAL
    assert compare_birth_dates(("1957-04-04",), ("1957-04-05",)) is Agreement.CONFLICT
    assert compare_birth_dates((), ("1957",)) is Agreement.UNKNOWN


def test_name_and_birthdate_merge():
    verdict = assess_names(
        person("a", "GUZMAN LOERA, Joaquin", dob=("1957-04-04",)),
        person("b", "Joaquín Archivaldo Guzmán Loera", dob=("1957-04-04", "1954-12-25")),
    )
    assert verdict.merge and verdict.rule == "name+birthdate"
    assert "1957-04-04" in verdict.explanation


def test_conflicting_birth_date_vetoes_an_identical_name():
    verdict = assess_names(
        person("a", "Zhang Wei", dob=("1980-01-01",)), person("b", "Wei ZHANG", dob=("1975",))
    )
    assert not verdict.merge and verdict.rule == "veto:birthdate" and verdict.score == 1.0


def test_conflicting_country_vetoes():
    verdict = assess_names(
        person("a", "Zhang Wei", countries=("CN",)), person("b", "Zhang Wei", countries=("MX",))
    )
    assert not verdict.merge and verdict.rule == "veto:country"


def test_name_and_country_merge_needs_a_higher_name_score():
    same_country = {"countries": ("MX",)}
    close = assess_names(
        person("a", "Ovidio Guzman Lopez", **same_country), person("b", "Ovidio Guzmán López", **same_country)
    )
    assert close.merge and close.rule == "name+country"
    middle = assess_names(
        person("a", "Ovidio Guzman Lopez", **same_country),
        person("b", "Ovidio Guzman Salazar Lopez", **same_country),
    )
    assert not middle.merge and middle.rule == "below-threshold"


def test_name_only_merges_only_near_identical_unambiguous_names():
    a, b = person("a", "Xiaoming ZHANG"), person("b", "Zhang Xiao Ming")
    assert assess_names(a, b).rule == "name-only"
    assert assess_names(a, b, holders=lambda name: 3).rule == "name-only:ambiguous"
    below = assess_names(person("a", "Joaquin Guzman Loera"), person("b", "Joaquin Archivaldo Guzman Loera"))
    assert not below.merge and below.rule == "below-threshold"


def test_different_types_never_merge_by_name():
    org = Party(id="o", label="Organization", names=("Zhang Wei",))
    assert not assess_names(person("p", "Zhang Wei"), org).merge


def test_strong_identifier_scores_one():
    verdict = strong_match("document", "Passport G123 (MX)")
    assert (verdict.merge, verdict.rule, verdict.score) == (True, "strong:document", 1.0)


def test_blocking_pairs_variants_but_not_strangers():
    parties = [
        person("p1", "Zhang Xiaoming"),
        person("p2", "XIAO MING ZHANG"),  # same letters: anagram block
        person("p3", "Joaquin Guzman Loera"),
        person("p4", "Joaquín Archivaldo Guzmán Loera"),  # shares rare tokens
        person("p5", "Li Qiang"),
        Party(id="o1", label="Organization", names=("Zhang Xiaoming",)),  # other type: other blocks
    ]
    assert name_candidates(parties).pairs == {(0, 1), (2, 3)}


def test_oversized_blocks_are_split_by_birth_year():
    parties = [person(f"p{i}", f"Wei Zhang{i:03d}", dob=(f"{1900 + i}",)) for i in range(250)]
    parties.append(person("x", "Zhang Wei", dob=("1901-05-05",)))
    blocks = name_candidates(parties)
    assert (1, 250) in blocks.pairs  # same birth year inside the oversized "zhang…" token block
    assert (0, 250) not in blocks.pairs


def test_clusters_honour_splits_transitively():
    clusters = Clusters(cannot_link=[("a", "c")])
    assert clusters.link("a", "b")
    assert not clusters.link("b", "c")  # would put a and c together
    assert clusters.link("c", "d")
    assert sorted(map(sorted, clusters.groups())) == [["a", "b"], ["c", "d"]]


def test_representative_prefers_the_ofac_node():
    assert representative(["dea:9", "ofac:11440", "ofac:2", "a"]) == "ofac:11440"
    assert representative(["dea:9", "cbp:1"]) == "cbp:1"
    clusters = Clusters()
    clusters.link("dea:1", "ofac:5")
    assert resolved_ids(clusters) == {"dea:1": "ofac:5", "ofac:5": "ofac:5"}
