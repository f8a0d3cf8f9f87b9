"""Rows built by chokepoint.graph.rows equal what the driver's Record.data() gives, for every kind of
value a query can return; the async variant gives dates as datetime values."""

import datetime as dt

import neo4j

from chokepoint.graph.rows import native, plain, row

QUERY = """
CREATE (a:RecordsProbe {name: 'a', tags: ['x', 'y'], on: date('2024-05-03')})
CREATE (b:RecordsProbe {name: 'b', at: datetime('2024-05-03T10:11:12Z')})
CREATE (a)-[r:PROBES {weight: 1.5}]->(b)
WITH a, r, b
MATCH p = (a)-[:PROBES]->(b)
RETURN a, r, p, [a, b] AS nodes, {inner: [a], count: 2, flag: true, none: null} AS map,
       'text' AS text, 7 AS number, [[1, 'one'], [2, 'two']] AS pairs, a.on AS on, b.at AS at
"""


def test_plain_rows_equal_record_data(neo4j_settings):
    from chokepoint import composition

    with composition.connect(neo4j_settings) as graph:
        driver: neo4j.Driver = graph._driver  # the probe compares with the driver's own conversion
        with driver.session() as session:
            try:
                record = session.run(QUERY).single()
                assert record is not None
                expected = record.data()
                assert row(record) == expected
                start = {"name": "a", "tags": ["x", "y"], "on": expected["a"]["on"]}
                assert row(record)["p"] == [start, "PROBES", {"name": "b", "at": expected["p"][2]["at"]}]
                assert row(record, native)["on"] == dt.date(2024, 5, 3)
                assert row(record, native)["at"] == dt.datetime(2024, 5, 3, 10, 11, 12, tzinfo=dt.UTC)
                assert row(record, native)["nodes"][0]["on"] == dt.date(2024, 5, 3)
            finally:
                session.run("MATCH (n:RecordsProbe) DETACH DELETE n").consume()


def test_plain_values_pass_through_unchanged():
    values = ["text", 1, 2.5, True, None, b"raw", [1, ["nested", None]], {"k": [{"deep": 1}]}]
    assert [plain(value) for value in values] == values
    assert [native(value) for value in values] == values
