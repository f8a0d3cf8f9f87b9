"""A transfer a ledger file gives twice: an exact repeat loads once, a conflict loads neither."""

from chokepoint.formats.ledger_duplicates import repeated_transfers
from chokepoint.ingest.agency.envelope import RawRecord


def _raw(line: int, key: str | None, amount: str) -> RawRecord:
    return RawRecord(f"f.csv line {line}", key, {"txHash": "0xab", "index": 0, "amount": amount})


def test_an_exact_repeat_is_refused_naming_the_line_it_repeats():
    refused = repeated_transfers(
        [_raw(2, "k", "50"), _raw(3, "j", "7"), _raw(4, "k", "50"), _raw(5, "k", "50")]
    )
    assert refused == {
        "f.csv line 4": "transfer k repeats f.csv line 2 exactly: loaded once",
        "f.csv line 5": "transfer k repeats f.csv line 2 exactly: loaded once",
    }


def test_every_line_of_a_conflict_is_refused_naming_them_all():
    refused = repeated_transfers(
        [_raw(2, "k", "50"), _raw(3, "k", "50"), _raw(4, "k", "60"), _raw(5, "j", "1")]
    )
    lines = "f.csv line 2, f.csv line 3, f.csv line 4"
    reason = f"transfer k is given with different fields by {lines}: none of them loaded"
    assert refused == {f"f.csv line {n}": reason for n in (2, 3, 4)}


def test_records_without_a_key_and_distinct_transfers_pass():
    assert (
        repeated_transfers([_raw(2, None, "1"), _raw(3, None, "1"), _raw(4, "a", "1"), _raw(5, "b", "1")])
        == {}
    )
