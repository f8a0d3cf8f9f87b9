"""A file's hash stored once: the key elements keep, and the reads that put the hash back."""

from __future__ import annotations

import hashlib
import logging

import pytest

from chokepoint.errors import InvalidInput
from chokepoint.graph.source_files import SourceFiles, file_key, files_named, stored_form
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.log import SEPARATOR, replay
from chokepoint.values.shown import for_viewer

FIRST = hashlib.sha256(b"first file").hexdigest()
SECOND = hashlib.sha256(b"second file").hexdigest()
CATALOGUE = [{"key": file_key(FIRST), "sha256": FIRST}, {"key": file_key(SECOND), "sha256": SECOND}]


def statement(grant: str, seq: int, prop: str, value: object) -> str:
    return SEPARATOR.join((grant, str(seq), "", prop, str(value)))


def test_the_key_is_the_first_sixty_bits_of_the_hash():
    assert file_key(FIRST) == int(FIRST[:15], 16) < 2**60
    assert file_key("f" * 64) == 2**60 - 1
    for bad in ("abc", "g" * 64, FIRST + "0"):
        with pytest.raises(InvalidInput, match="not a SHA-256"):
            file_key(bad)


def test_reads_show_the_hash_in_place_of_the_key_at_any_depth():
    node = {"id": "n", "sourceFile": file_key(FIRST), "name": "A"}
    link = {"sourceFile": file_key(SECOND)}
    rows = [{"path": [{"props": node}, "ACTS_FOR", ({"x": 1}, "T", {"props": link})], "n": 3}]
    files = SourceFiles()
    stamped = files.stamped(rows)
    assert stamped == [node, link]
    files.read_with(stamped, lambda: CATALOGUE)
    assert node == {"id": "n", "sourceFileSha256": FIRST, "name": "A"}
    assert link == {"sourceFileSha256": SECOND}


def test_the_catalogue_is_read_only_when_a_key_is_new():
    files, reads = SourceFiles(), []

    def read_all() -> list[dict[str, object]]:
        reads.append(1)
        return CATALOGUE[: len(reads)]  # the second file is written after the first reading

    for sha256 in (FIRST, FIRST, SECOND, SECOND):
        props = {"sourceFile": file_key(sha256)}
        files.read_with([props], read_all)
        assert props == {"sourceFileSha256": sha256}
    assert len(reads) == 2


def test_a_key_no_file_node_holds_shows_no_hash_and_is_not_looked_up_again(caplog):
    files, reads = SourceFiles(), []
    unknown = file_key(SECOND)
    for _ in range(3):
        props = {"sourceFile": unknown, "sourceFileSha256": FIRST}  # an older write's hash: not this file's
        with caplog.at_level(logging.WARNING):
            files.read_with([props], lambda: reads.append(1) or CATALOGUE[:1])
        assert props == {}
    assert len(reads) == 1
    assert caplog.text.count(f"No SourceFile node has key {unknown}") == 1


def test_elements_written_before_the_key_keep_their_stored_hash():
    old = {"id": "n", "sourceFileSha256": FIRST}
    files = SourceFiles()
    assert files.stamped([{"props": old}]) == []
    assert old == {"id": "n", "sourceFileSha256": FIRST}


def test_the_value_log_names_each_writes_file_by_hash_for_the_replay():
    log = [
        statement("PUBLIC", 1, "name", "A"),
        statement("PUBLIC", 1, "sourceFile", file_key(FIRST)),
        statement("DEA|LES", 2, "name", "B"),
        statement("DEA|LES", 2, "sourceFile", file_key(SECOND)),
    ]
    props = {
        "id": "n",
        "name": "B",
        "sourceFile": file_key(SECOND),
        "valueStatements": log,
        "sourceRecords": ["ofac:1", "dea:2"],
        "sourceRecordMarkings": ["OFAC|PUBLIC", "DEA|LES"],
        "markings": ["PUBLIC", "DEA|LES"],
    }
    files = SourceFiles()
    files.read_with(files.stamped([props]), lambda: CATALOGUE)
    assert props["valueStatements"][1] == statement("PUBLIC", 1, "sourceFileSha256", FIRST)
    assert props["valueStatements"][0] == log[0]
    specs = {"name": PropertySpec(type="string", description="a name")}
    public = for_viewer(props, frozenset({"PUBLIC"}), specs)
    assert (public["name"], public["sourceFileSha256"]) == ("A", FIRST)
    whole = for_viewer(props, frozenset({"PUBLIC", "DEA|LES"}), specs)
    assert (whole["name"], whole["sourceFileSha256"]) == ("B", SECOND)
    assert replay(props["valueStatements"], frozenset({"DEA|LES"}), specs)["name"] == "B"


def test_a_restore_given_hashes_stores_keys_and_names_their_files():
    rows = [{"id": "a", "sourceFileSha256": FIRST}, {"id": "b"}, {"sourceFileSha256": SECOND}]
    assert files_named(rows) == {file_key(FIRST): FIRST, file_key(SECOND): SECOND}
    assert stored_form(rows[0]) == {"id": "a", "sourceFile": file_key(FIRST)}
    assert stored_form(rows[1]) is rows[1]
