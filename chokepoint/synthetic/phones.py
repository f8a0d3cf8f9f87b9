"""Phone numbers that ``phonenumbers`` accepts as valid, written the way agencies write them."""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers

# Area codes per city, so a member's phone matches where the cell works.
US_AREA = {
    "Phoenix": "602",
    "Tucson": "520",
    "Los Angeles": "213",
    "San Diego": "619",
    "Denver": "303",
    "Seattle": "206",
    "Chicago": "312",
    "Atlanta": "404",
    "Dallas": "214",
    "Houston": "713",
    "Albuquerque": "505",
    "Las Vegas": "702",
    "Columbus": "614",
    "Philadelphia": "215",
    "Boston": "617",
    "Portland": "503",
    "Salt Lake City": "801",
    "Louisville": "502",
}
MX_AREA = {
    "Culiacan": "667",
    "Mazatlan": "669",
    "Mexicali": "686",
    "Tijuana": "664",
    "Guadalajara": "33",
    "Manzanillo": "314",
    "Puerto Vallarta": "322",
    "Ciudad de Mexico": "55",
    "Hermosillo": "662",
    "Zapopan": "33",
    "Lazaro Cardenas": "753",
}
CN_MOBILE_PREFIXES = ("135", "136", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188")


def us_phone(rng: random.Random, city: str) -> str:
    area = US_AREA.get(city, "602")
    return _valid(rng, lambda: f"+1 {area} {rng.randrange(201, 999)} {rng.randrange(10000):04d}")


def mx_phone(rng: random.Random, city: str) -> str:
    area = MX_AREA.get(city, "55")
    rest = 10 - len(area)
    return _valid(rng, lambda: f"+52 {area} {_digits(rng, rest - 4)} {_digits(rng, 4)}")


def cn_phone(rng: random.Random) -> str:
    return _valid(rng, lambda: f"+86 {rng.choice(CN_MOBILE_PREFIXES)} {_digits(rng, 4)} {_digits(rng, 4)}")


def _digits(rng: random.Random, count: int) -> str:
    first = str(rng.randrange(2, 10))
    return first + "".join(str(rng.randrange(10)) for _ in range(count - 1))


def _valid(rng: random.Random, draw: Callable[[], str]) -> str:
    text = ""
    for _ in range(50):
        text = draw()
        if phonenumbers.is_valid_number(phonenumbers.parse(text)):
            return text
    raise RuntimeError(f"no valid phone number drawn (last {text!r})")
