"""Element maps in investigation rows are shown through the viewer's view, at any depth; other
values pass unchanged; tables and CSV name elements briefly."""

from chokepoint.investigations.elements import compact, grants_view, rows_shown

PROPS = {
    "name": "Rim Remittance",
    "sourceRecords": ["public:1", "dea:7", "hsi:9"],
    "sourceRecordMarkings": ["OFAC|PUBLIC", "DEA|LES", "HSI|LES"],
    "markings": ["PUBLIC", "DEA|LES", "HSI|LES"],
    "sourceDataset": "hsi",
    "sourceRecordId": "9",
    "agency": "HSI",
    "caveat": "LES",
}
NODE = {"id": "broker", "labels": ["Entity", "Organization"], "props": PROPS}
LINK = {"type": "LAUNDERS_FOR", "startId": "broker", "endId": "cartel", "props": PROPS}


def test_every_element_map_is_cut_to_the_viewers_records_wherever_it_sits():
    row = {"party": NODE, "chain": [NODE, {"nested": [LINK]}], "ids": ["broker"], "hops": 2, "none": None}
    [shown] = rows_shown([row], grants_view(["DEA|LES"]))
    for element in (shown["party"], shown["chain"][0], shown["chain"][1]["nested"][0]):
        props = element["props"]
        assert props["sourceRecords"] == ["public:1", "dea:7"] and props["markings"] == ["PUBLIC", "DEA|LES"]
        assert (props["agency"], props["sourceDataset"], props["sourceRecordId"]) == ("DEA", "dea", "7")
        assert props["name"] == "Rim Remittance"
    assert (shown["ids"], shown["hops"], shown["none"]) == (["broker"], 2, None)
    assert row["party"]["props"]["agency"] == "HSI"  # the rows read are not changed in place


def test_public_only_viewer_sees_the_public_record_alone():
    [shown] = rows_shown([{"party": NODE}], grants_view([]))
    assert shown["party"]["props"]["sourceRecords"] == ["public:1"]
    assert shown["party"]["props"]["agency"] == "OFAC"


def test_maps_that_are_not_elements_pass_unchanged():
    other = {"id": "x", "labels": ["A"], "props": {"agency": "HSI"}, "extra": 1}
    assert rows_shown([{"m": other}], grants_view([])) == [{"m": other}]


def test_tables_name_elements_briefly():
    assert compact({"party": NODE, "links": [LINK], "n": 3}) == {
        "party": "Rim Remittance",
        "links": ["LAUNDERS_FOR(broker→cartel)"],
        "n": 3,
    }
    address = {"id": "CryptoAddress:bitcoin|1abc", "labels": ["CryptoAddress"], "props": {"address": "1abc"}}
    assert compact(address) == "1abc"
