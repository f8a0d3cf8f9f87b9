"""Argument checks and the Lucene escaping, without a database."""

import pytest

from chokepoint.api import arguments, lucene
from chokepoint.api.errors import InvalidArgument


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Guzman Loera", "+Guzman +Loera"),
        ("name:* OR id:*", r"+name\:\* +or +id\:\*"),
        ('"}) MATCH (n) DETACH DELETE n //', r"+MATCH +\(n\) +DETACH +DELETE +n"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "+0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        ("a&&b||c!d~2^3", r"+a\&\&b\|\|c\!d\~2\^3"),
    ],
)
def test_user_text_becomes_escaped_required_words(text, query):
    assert lucene.search_query(text) == query


def test_text_without_words_or_too_long_is_refused():
    with pytest.raises(InvalidArgument, match="at least one word"):
        lucene.search_query("** // ()")
    with pytest.raises(InvalidArgument, match="longer than 200"):
        lucene.search_query("x" * 201)


def test_cursors_round_trip_and_foreign_ones_are_refused():
    assert arguments.page(5, arguments.encode_cursor(9)) == arguments.Page(first=5, offset=10)
    assert arguments.page(5, None) == arguments.Page(first=5, offset=0)
    for bad in ("", "!!", "Y3AxOi0x", "eHl6OjE="):  # empty, not base64, cp1:-1, xyz:1
        with pytest.raises(InvalidArgument, match="is not a cursor this API returned"):
            arguments.page(5, bad)


def test_ids_and_type_names_are_checked(model):
    with pytest.raises(InvalidArgument, match="is not a valid id"):
        arguments.entity_id("a\nb")
    with pytest.raises(InvalidArgument, match="is not a valid id"):
        arguments.entity_id("x" * 513)
    assert arguments.relationship_types(model, ["SENT", "SENT"]) == ["SENT"]
    assert arguments.relationship_types(model, None) == []
    with pytest.raises(InvalidArgument, match=r"allowed: .*MEMBER_OF"):
        arguments.relationship_types(model, ["member_of"])


def test_a_list_of_ids_is_bounded_and_each_id_is_named_by_its_position():
    assert arguments.entity_ids(["a", "b"]) == ["a", "b"]
    assert arguments.entity_ids(["x"] * arguments.MAX_ENTITY_IDS) == ["x"] * arguments.MAX_ENTITY_IDS
    most = arguments.MAX_ENTITY_IDS
    with pytest.raises(InvalidArgument, match=rf"^ids: at most {most} ids per field, not {most + 1}$"):
        arguments.entity_ids(["x"] * (most + 1))
    with pytest.raises(InvalidArgument, match=r"^ids\[2\]: 'a\\nb' is not a valid id"):
        arguments.entity_ids(["a", "b", "a\nb"])


def test_hop_and_path_limits_match_the_query_patterns():
    from chokepoint.api.reads import MAX_PATHS
    from chokepoint.graph.queries import load_query

    paths = load_query("api_find_paths").text
    assert f"SHORTEST {MAX_PATHS} " in paths
    # up to MAX_HOPS - 1 repeated hops, then the last hop onto the target (outside the repetition)
    assert f"{{0,{arguments.MAX_HOPS - 1}}}" in paths and "()-[last WHERE" in paths
    assert f"{{0,{arguments.MAX_EXPOSURE_HOPS}}}" in load_query("api_find_sanctions_exposure").text
