"""Substances named in agency records - by common name, alias or CAS number - as Substance nodes.

Known drugs and precursors get a canonical id, name, CAS number, category and control status, so
"4-ANPP", "ANPP" and "1609-66-1" are one node; any other name becomes ``substance:<slug>`` with the
name as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from unidecode import unidecode


@dataclass(frozen=True)
class KnownSubstance:
    slug: str
    name: str
    cas: str | None
    category: str
    control: str | None = None
    aliases: tuple[str, ...] = field(default=())

    def props(self) -> dict[str, Any]:
        return {
            "id": f"substance:{self.slug}",
            "name": self.name,
            "casNumber": self.cas,
            "category": self.category,
            "controlStatus": self.control,
            "aliases": list(self.aliases),
        }


KNOWN: tuple[KnownSubstance, ...] = (
    KnownSubstance("fentanyl", "Fentanyl", "437-38-7", "opioid", "us_schedule_ii"),
    KnownSubstance("carfentanil", "Carfentanil", "59708-52-0", "opioid", "us_schedule_ii"),
    KnownSubstance("heroin", "Heroin", "561-27-3", "opioid", "us_schedule_i", ("diacetylmorphine",)),
    KnownSubstance(
        "4-anpp",
        "4-ANPP",
        "1609-66-1",
        "precursor",
        "us_schedule_ii",
        ("ANPP", "despropionyl fentanyl", "4-anilino-N-phenethylpiperidine"),
    ),
    KnownSubstance("npp", "NPP", "39742-60-4", "precursor", "us_list_i", ("N-phenethyl-4-piperidone",)),
    KnownSubstance("4-ap", "4-AP", "23056-29-3", "pre_precursor", "us_list_i", ("4-anilinopiperidine",)),
    KnownSubstance(
        "1-boc-4-ap",
        "1-boc-4-AP",
        "125541-22-2",
        "pre_precursor",
        "us_list_i",
        ("boc-4-AP", "tert-butyl 4-(phenylamino)piperidine-1-carboxylate"),
    ),
    KnownSubstance("propionyl-chloride", "Propionyl chloride", "79-03-8", "reagent"),
    KnownSubstance(
        "methamphetamine", "Methamphetamine", "537-46-2", "stimulant", "us_schedule_ii", ("meth",)
    ),
    KnownSubstance("cocaine", "Cocaine", "50-36-2", "stimulant", "us_schedule_ii"),
    KnownSubstance("xylazine", "Xylazine", "7361-61-7", "cutting_agent", None, ("tranq",)),
)

_CAS = re.compile(r"^\d{2,7}-\d{2}-\d$")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``Propionyl Chloride`` -> ``propionyl-chloride``."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")


_INDEX: dict[str, KnownSubstance] = {}
for _known in KNOWN:
    for _name in (_known.slug, _known.name, _known.cas or "", *_known.aliases):
        if _name:
            _INDEX[slug(_name)] = _known


def substance_props(name_or_cas: str) -> dict[str, Any]:
    """Properties of the Substance node a record's substance name (or CAS number) stands for."""
    text = name_or_cas.strip()
    known = _INDEX.get(slug(text))
    if known is not None:
        return known.props()
    if _CAS.match(text):
        return {"id": f"substance:cas-{text}", "name": text, "casNumber": text}
    return {"id": f"substance:{slug(text)}", "name": text}
