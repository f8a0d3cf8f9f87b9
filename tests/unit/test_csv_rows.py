"""The CSV export's own row writing matches the csv module's default dialect, field by field."""

from __future__ import annotations

import csv
import io

from chokepoint.exports.attributes import text
from chokepoint.exports.csv_files import write_rows

HARD_VALUES: list[object] = [
    "plain",
    "comma, inside",
    'a "quoted" word',
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\nend",
    " leading and trailing ",
    "tab\there",
    "Ünïcödé 北京 🚀",
    "",
    0,
    -17,
    12345678901234567890,
    0.1,
    1e-12,
    float("inf"),
    True,
    False,
    ["a", "b,c", 'd"e'],
    [],
]


def test_rows_match_the_csv_module() -> None:
    columns = ["Id", *(f"c{i}" for i in range(len(HARD_VALUES))), "absent"]
    rows: list[dict[str, object]] = [
        {"Id": "n1", **{f"c{i}": value for i, value in enumerate(HARD_VALUES)}},
        {"Id": "n2", "c3": "only one", "unknown": "ignored", "c5": None},
        {"Id": 'n"3', **{f"c{i}": value for i, value in enumerate(reversed(HARD_VALUES))}},
    ]
    ours = io.StringIO(newline="")
    assert write_rows(ours, columns, rows) == 3

    expected = io.StringIO(newline="")
    writer = csv.writer(expected)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                "" if row.get(c) is None else row[c] if type(row[c]) in (str, int, float) else text(row[c])
                for c in columns
            ]
        )
    assert ours.getvalue() == expected.getvalue()
    read_back = list(csv.reader(io.StringIO(ours.getvalue(), newline="")))
    assert read_back[1][1:4] == ["plain", "comma, inside", 'a "quoted" word']
    assert read_back[2][columns.index("c3")] == "only one"


def test_many_rows_are_written_whole() -> None:
    out = io.StringIO(newline="")
    rows: list[dict[str, object]] = [{"Id": f"n{i}", "name": f"name, {i}"} for i in range(2500)]
    assert write_rows(out, ["Id", "name"], rows) == 2500
    parsed = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [row["name"] for row in parsed] == [f"name, {i}" for i in range(2500)]
