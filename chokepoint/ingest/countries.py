"""Country names as OFAC and other sources write them, mapped to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

from functools import cache

import pycountry

# OFAC's short forms that pycountry does not know by these names.
OVERRIDES = {
    "korea, north": "KP",
    "korea, south": "KR",
    "burma": "MM",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "venezuela": "VE",
    "bolivia": "BO",
    "tanzania": "TZ",
    "vietnam": "VN",
    "laos": "LA",
    "moldova": "MD",
    "taiwan": "TW",
    "macau": "MO",
    "turkey": "TR",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "cote d ivoire": "CI",
    "bahamas, the": "BS",
    "gambia, the": "GM",
    "west bank": "PS",
    "gaza": "PS",
    "kosovo": "XK",
    "czech republic": "CZ",
    "brunei": "BN",
    "micronesia, federated states of": "FM",
    "palestinian": "PS",
    "region: crimea": "UA",
    "united kingdom": "GB",
    "netherlands antilles": "AN",
    "holy see": "VA",
    "curacao": "CW",
    "sint maarten": "SX",
    "cabo verde": "CV",
    "eswatini": "SZ",
}


@cache
def country_code(name: str) -> str | None:
    """ISO alpha-2 code for a country name, or None when the name is not a country."""
    text = name.strip().rstrip(".")
    if not text:
        return None
    if text.lower() in OVERRIDES:
        return OVERRIDES[text.lower()]
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None
