"""Exact amounts: decimal numbers stored as their text, summed digit for digit.

Neo4j has no decimal type, and a float keeps about 15 significant digits: ``999.680000000000000037``
(a token amount with 18 decimals) would come back as ``999.68``. A schema property of type
``decimal`` is stored as its canonical text instead (no exponent, no trailing zeros after the point),
and totals are summed exactly: in Cypher over fixed-width integer limbs
(``refresh_transfer_totals.cypher``: up to ``WHOLE_DIGITS`` digits before the point and
``FRACTION_DIGITS`` after it, each limb summed as a 64-bit integer), in Python with :class:`Decimal`.
Comparisons and ranking in queries read ``toFloat(amount)``: order, not digits, matters there.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Context, Decimal, InvalidOperation
from typing import Any

WHOLE_DIGITS = 18  # a 64-bit integer holds every 18-digit number: the sums' whole limb
FRACTION_DIGITS = 27  # three 9-digit limbs: more than any token's decimals (18 for most ERC-20s)
# Room for every digit of a sum of up to 10^20 amounts (Decimal's default context rounds to 28).
_EXACT = Context(prec=WHOLE_DIGITS + FRACTION_DIGITS + 20)


def canonical_decimal(value: Any) -> str:
    """``value`` (a number or its text) as canonical decimal text; a clear error for anything else,
    or for more digits than an exact sum can carry."""
    if isinstance(value, bool):
        raise TypeError("expected a decimal number, got a boolean")
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, Decimal | int):
            number = Decimal(value)
        else:
            number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"expected a decimal number, got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite decimal number, got {value!r}")
    text = _plain(number)
    check_digits(text)
    return text


def check_digits(text: str) -> None:
    """Refuse a number with more digits than an exact sum carries, saying which side of the point."""
    whole, _, fraction = text.lstrip("-").partition(".")
    if len(whole) > WHOLE_DIGITS:
        raise ValueError(f"{text} has more than {WHOLE_DIGITS} digits before the point")
    if len(fraction) > FRACTION_DIGITS:
        raise ValueError(f"{text} has more than {FRACTION_DIGITS} digits after the point")


def exact_sum(values: Iterable[Any]) -> str:
    """The exact sum of decimal numbers (text, int, Decimal; a float by its shortest text): stored
    amounts and totals, whatever their digits (a total may have more than an amount)."""
    total = Decimal(0)
    for value in values:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
        total = _EXACT.add(total, number)
    return _plain(total)


def _plain(number: Decimal) -> str:
    """Decimal text without exponent or trailing zeros (``1E+3`` → ``1000``, ``2.50`` → ``2.5``)."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
