"""Where the synthetic world's ports and US cell cities are: WGS84 coordinates (two decimals, about a
kilometre) for the demo's map. Public geography, rounded; the UN/LOCODE list publishes port positions
the same way."""

from __future__ import annotations

from typing import Any

PORTS: dict[str, tuple[float, float]] = {
    "CNSHA": (31.23, 121.49),
    "CNNGB": (29.87, 121.55),
    "CNTAO": (36.07, 120.38),
    "CNTXG": (38.99, 117.73),
    "MXZLO": (19.05, -104.32),
    "MXLZC": (17.96, -102.2),
    "MXESE": (31.87, -116.62),
    "CNPVG": (31.14, 121.81),
    "CNSZX": (22.64, 113.81),
    "CNCAN": (23.39, 113.3),
    "HKHKG": (22.31, 113.92),
    "USJFK": (40.64, -73.78),
    "USLAX": (33.94, -118.41),
    "USORD": (41.98, -87.9),
}
US_CITIES: dict[str, tuple[float, float]] = {
    "Phoenix": (33.45, -112.07),
    "Los Angeles": (34.05, -118.24),
    "Denver": (39.74, -104.99),
    "Seattle": (47.61, -122.33),
    "Chicago": (41.88, -87.63),
    "Atlanta": (33.75, -84.39),
    "Dallas": (32.78, -96.8),
    "Houston": (29.76, -95.37),
    "Albuquerque": (35.08, -106.65),
    "Las Vegas": (36.17, -115.14),
    "Columbus": (39.96, -83.0),
    "Philadelphia": (39.95, -75.17),
    "Boston": (42.36, -71.06),
    "Portland": (45.52, -122.68),
    "Salt Lake City": (40.76, -111.89),
    "Louisville": (38.25, -85.76),
    "Tucson": (32.22, -110.97),
    "San Diego": (32.72, -117.16),
}


def port(code_and_name: tuple[str, str], kind: str) -> dict[str, Any]:
    """A port as the manifests write it: UN/LOCODE, name, kind and coordinates."""
    code, name = code_and_name
    latitude, longitude = PORTS[code]
    return {"unlocode": code, "name": name, "kind": kind, "latitude": latitude, "longitude": longitude}


def us_city(city: str, state: str) -> dict[str, Any]:
    """A US city as the seizure reports write their place."""
    latitude, longitude = US_CITIES[city]
    return {
        "name": f"{city}, {state}",
        "countryCode": "US",
        "region": state,
        "city": city,
        "latitude": latitude,
        "longitude": longitude,
    }
