"""Normal forms of the identifiers identity resolution compares: phones, documents, PGP keys, registries.

Each function returns the normal form or raises InvalidRecord naming the value and the reason, so an
adapter can reject the record and go on. Two sources that wrote the same identifier differently
(``+52 55 5555 1234`` and ``0052-55-5555-1234``) get the same normal form.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from chokepoint.errors import InvalidRecord

_PHONE_PROBLEMS = {
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "a length no number of its country has",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "only dialable locally (no area code)",
}
_PARSE_PROBLEMS = {
    NumberParseException.INVALID_COUNTRY_CODE: "no country calling code (write it with + or give a region)",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}


def normalise_phone(raw: str, default_region: str | None = None) -> str:
    """E.164 (``+525555551234``); ``default_region`` (ISO alpha-2) reads numbers written without +."""
    region = default_region.upper() if default_region else None
    try:
        number = phonenumbers.parse(raw, region)
    except NumberParseException as exc:
        reason = _PARSE_PROBLEMS.get(exc.error_type, str(exc))
        raise InvalidRecord(f"Phone number {raw!r}{_in(region)}: {reason}") from None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != ValidationResult.IS_POSSIBLE:
        raise InvalidRecord(f"Phone number {raw!r}{_in(region)}: {_PHONE_PROBLEMS[possible]}")
    if not phonenumbers.is_valid_number(number):
        code = number.country_code or 0
        country = phonenumbers.region_code_for_country_code(code)
        raise InvalidRecord(f"Phone number {raw!r}{_in(region)}: in no number range of +{code} ({country})")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _in(region: str | None) -> str:
    return f" (default region {region})" if region else ""


_DOCUMENT_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")  # spaces, dots, every kind of dash
_REGISTRATION_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212/]+")


def normalise_document_number(raw: str) -> str:
    """Passport / ID card numbers: upper case, without spaces, dashes or dots (``ab-12.345`` → AB12345)."""
    return _compact(raw, _DOCUMENT_SEPARATORS, "Document number")


def normalise_registration_number(raw: str) -> str:
    """Company registry / tax numbers (RFC, EIN, unified social credit code): as documents, and
    without slashes (``12-3456789`` → 123456789, ``91130104MA09YL9T2W`` unchanged)."""
    return _compact(raw, _REGISTRATION_SEPARATORS, "Registration number")


def _compact(raw: str, separators: re.Pattern[str], what: str) -> str:
    text = separators.sub("", unicodedata.normalize("NFKC", raw)).upper()
    if not any(char.isalnum() for char in text):
        raise InvalidRecord(f"{what} {raw!r} has no letters or digits")
    return text


_FINGERPRINT = re.compile(r"^[0-9A-F]{40}$")


def normalise_pgp_fingerprint(raw: str) -> str:
    """An OpenPGP v4 fingerprint: 40 hex digits, upper case, spaces removed."""
    text = "".join(raw.split()).upper()
    if not _FINGERPRINT.match(text):
        bad = next((char for char in text if char not in "0123456789ABCDEF"), None)
        reason = f"invalid character {bad!r}" if bad else f"{len(text)} hex digits (expected 40)"
        raise InvalidRecord(f"PGP fingerprint {raw!r}: {reason}")
    return text
