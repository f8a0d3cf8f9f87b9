"""Real OFAC parties from ``demo/ofac_excerpt.json``, picked by their properties, never by position.

Synthetic records mention them the way agency records do: in another word order or spelling, with
the real ``ofacUid``, a real passport number, or a real sanctioned address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chokepoint.schema.vocabulary import NODE_GROUPS


@dataclass(frozen=True)
class RealParty:
    node_id: str
    type: str  # person | organization
    name: str
    ofac_uid: int
    kinds: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()  # nationality, address and document countries
    aliases: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    registration_number: str | None = None
    documents: tuple[tuple[str, str, str], ...] = ()  # (docType, number, issuingCountry)
    addresses: tuple[tuple[str, str, str], ...] = ()  # (chain, address, asset)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def passport(self) -> tuple[str, str, str] | None:
        return next((d for d in self.documents if d[0].lower().startswith("passport")), None)


_MAIN_CARTELS = ("SINALOA", "JALISCO")


@dataclass(frozen=True)
class Excerpt:
    parties: tuple[RealParty, ...] = field(default_factory=tuple)

    def cartels(self) -> list[RealParty]:
        """Mexican cartels: Sinaloa and CJNG first when the excerpt has them."""
        found = [
            p
            for p in self.parties
            if p.type == "organization"
            and ("cartel" in p.kinds or any("CARTEL" in n.upper() for n in p.names))
            and "MX" in p.countries
        ]
        return sorted(
            found, key=lambda p: (not any(w in " ".join(p.names).upper() for w in _MAIN_CARTELS), p.ofac_uid)
        )

    def chinese(self, party_type: str) -> list[RealParty]:
        """Chinese persons or companies (precursor suppliers and their officers)."""
        return [p for p in self.parties if p.type == party_type and "CN" in p.countries]

    def with_bitcoin(self, party_type: str) -> list[RealParty]:
        return [
            p for p in self.parties if p.type == party_type and any(a[0] == "bitcoin" for a in p.addresses)
        ]

    def with_passport(self) -> list[RealParty]:
        return [p for p in self.parties if p.type == "person" and p.birth_dates and p.passport()]


def load_excerpt(path: Path) -> Excerpt:
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes: list[dict[str, Any]] = data["nodes"]
    docs: dict[str, list[tuple[str, str, str]]] = {}
    addrs: dict[str, list[tuple[str, str, str]]] = {}
    places: dict[str, set[str]] = {}
    for node in nodes:
        props = node["props"]
        if node["label"] == "Location" and props.get("countryCode"):
            places.setdefault(node["record"], set()).add(props["countryCode"])
        elif node["label"] == "IdentityDocument":
            docs.setdefault(node["record"], []).append(
                (props["docType"], props["number"], props.get("issuingCountry", "XX"))
            )
        elif node["label"] == "CryptoAddress":
            asset = (props.get("assets") or ["BTC"])[0]
            addrs.setdefault(node["record"], []).append((props["chain"], props["address"], asset))
    parties = [
        _party(
            node,
            docs.get(node["record"], []),
            addrs.get(node["record"], []),
            places.get(node["record"], set()),
        )
        for node in nodes
        if node["label"] in NODE_GROUPS["parties"] and "ofacUid" in node["props"]
    ]
    return Excerpt(tuple(sorted(parties, key=lambda p: p.ofac_uid)))


def _party(
    node: dict[str, Any],
    docs: list[tuple[str, str, str]],
    addrs: list[tuple[str, str, str]],
    places: set[str],
) -> RealParty:
    props = node["props"]
    countries = places | set(props.get("nationalities", ())) | {d[2] for d in docs} | {props.get("country")}
    return RealParty(
        node_id=props["id"],
        type="person" if node["label"] == "Person" else "organization",
        name=props["name"],
        ofac_uid=int(props["ofacUid"]),
        kinds=tuple(props.get("kinds", ())),
        countries=frozenset(c for c in countries if c and c != "XX"),
        aliases=tuple(props.get("aliases", ())),
        birth_dates=tuple(props.get("birthDates", ())),
        registration_number=props.get("registrationNumber"),
        documents=tuple(docs),
        addresses=tuple(addrs),
    )


def variant(name: str, style: int) -> str:
    """Another way an agency writes ``name``: word order, case, transliteration spacing, legal form."""
    if "," in name:  # "ZHENG, Fujing" -> persons
        family, given = (part.strip() for part in name.split(",", 1))
        forms = (
            f"{given} {family.title()}",
            f"{family} {given}",
            f"{family.title()} {_split_syllables(given)}",
        )
        return forms[style % len(forms)]
    forms = (
        name.title().replace("Co., Ltd.", "Company Limited"),
        name.replace(",", "").replace(".", ""),
        name.title(),
    )
    return forms[style % len(forms)]


def _split_syllables(given: str) -> str:
    """'Fujing' -> 'Fu Jing' (pinyin given names are often written as separate syllables)."""
    for i in range(2, len(given) - 1):
        if given[i].lower() in "bcdfghjklmnpqrstwxyz" and given[i - 1].lower() in "aeiou":
            return f"{given[:i]} {given[i].upper()}{given[i + 1 :]}"
    return given
