"""Every agency format, found by its module: each module of this package that declares ``SPEC``.

Discovery instead of a hand-kept list, so that a new format is one module and no registration
line elsewhere. Formats come in module-name order.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import chokepoint.formats as package
from chokepoint.formats.common import FormatModel
from chokepoint.ingest.agency.envelope import AgencyFormat

# Modules of the package that are not formats and import this one (importing them here would cycle).
_NOT_FORMATS = frozenset({"discovery", "jsonschema"})


def _discover() -> dict[str, AgencyFormat[Any]]:
    found: dict[str, AgencyFormat[Any]] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
        if module_info.name in _NOT_FORMATS:
            continue
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, AgencyFormat):
            if spec.name in found:
                raise ValueError(f"format {spec.name!r} is declared twice (module {module_info.name})")
            found[spec.name] = spec
    return found


FORMATS: dict[str, AgencyFormat[Any]] = _discover()
RECORD_MODELS: dict[str, type[FormatModel]] = {name: spec.model for name, spec in FORMATS.items()}
