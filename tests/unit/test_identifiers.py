import pytest

from chokepoint.errors import InvalidRecord
from chokepoint.ingest.identifiers import (
    normalise_document_number,
    normalise_pgp_fingerprint,
    normalise_phone,
    normalise_registration_number,
)


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        # Mexico City landline written four ways: international, 00 prefix, national, with region
        ("+52 55 5555 1234", None, "+525555551234"),
        ("+52 (55) 5555-1234", "US", "+525555551234"),
        ("0052-55-5555-1234", "MX", "+525555551234"),
        ("55 5555 1234", "mx", "+525555551234"),
        # a Chinese mobile and a Beijing landline
        ("+86 138 0013 8000", None, "+8613800138000"),
        ("138-0013-8000", "CN", "+8613800138000"),
        ("+86 10 6552 9988", None, "+861065529988"),
        # US: the White House switchboard, and a toll-free number
        ("(202) 456-1111", "US", "+12024561111"),
        ("+1 202.456.1111", None, "+12024561111"),
        ("+1 (800) 555-0199", None, "+18005550199"),
    ],
)
def test_phones_become_e164(raw, region, e164):
    assert normalise_phone(raw, region) == e164


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("55 5555 1234", None, "no country calling code"),
        ("hello", "US", "not a phone number"),
        ("+52 1", None, "too short"),
        ("+52 55 5555 123", None, "too short"),
        ("+1 202 456 11111", None, "too long"),
        ("+1 555 0100", None, "only dialable locally"),
        ("+1 011 456 1111", None, r"in no number range of \+1"),
    ],
)
def test_bad_phones_are_rejected_with_the_reason(raw, region, reason):
    with pytest.raises(InvalidRecord, match=reason) as caught:
        normalise_phone(raw, region)
    assert repr(raw) in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("g 1234 5678", "G12345678"),  # Mexican passport as typed
        ("ab-12.345", "AB12345"),
        ("E\u2013123 456", "E123456"),  # en dash
        ("E12345678", "E12345678"),
    ],
)
def test_document_numbers_are_compacted_and_upper_cased(raw, normal):
    assert normalise_document_number(raw) == normal


def test_documents_written_differently_meet():
    assert normalise_document_number("G 1234-5678") == normalise_document_number("g1234.5678")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("12-3456789", "123456789"),  # US EIN
        ("91130104MA09YL9T2W", "91130104MA09YL9T2W"),  # unified social credit code (OFAC)
        ("abc-010203/xy1", "ABC010203XY1"),  # Mexican RFC with separators
    ],
)
def test_registration_numbers_drop_separators(raw, normal):
    assert normalise_registration_number(raw) == normal


@pytest.mark.parametrize("bad", ["", " - . ", "\u2014"])
def test_numbers_without_letters_or_digits_are_rejected(bad):
    with pytest.raises(InvalidRecord, match="no letters or digits"):
        normalise_document_number(bad)
    with pytest.raises(InvalidRecord, match="no letters or digits"):
        normalise_registration_number(bad)


def test_pgp_fingerprints_become_forty_upper_case_hex_digits():
    written = "0d69 e11f 12bd ba07 7b37  26ab 4e1f 799a a4ff 2279"
    assert normalise_pgp_fingerprint(written) == "0D69E11F12BDBA077B3726AB4E1F799AA4FF2279"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0D69 E11F 12BD BA07 7B37 26AB 4E1F 799A A4FF 227", "39 hex digits"),
        ("4E1F799AA4FF2279", "16 hex digits"),  # a long key id, not a fingerprint
        ("0D69-E11F-12BD-BA07-7B37-26AB-4E1F-799A-A4FF-2279", "invalid character '-'"),
        ("ZD69E11F12BDBA077B3726AB4E1F799AA4FF2279", "invalid character 'Z'"),
    ],
)
def test_bad_fingerprints_are_rejected_with_the_reason(raw, reason):
    with pytest.raises(InvalidRecord, match=reason):
        normalise_pgp_fingerprint(raw)
