"""Load the catalogue of saved investigations from ``queries/*.cypher``.

Each file starts with a header of ``//`` comments; the body is plain Cypher that runs unchanged in
Neo4j Browser (after ``:param``)::

    // name: supplier_to_cell_chains
    // description: Precursor supplier -> ... -> US distribution cell chains, hop by hop.
    // param: maxHops integer = 6 -- longest chain to follow
    // param: cartelIds string[] = ["ofac:11440", "ofac:17671"] -- the cartels

A bad header, a parameter used but not declared (or declared but unused), a name that is not the
file's, or a duplicate name fails loudly, naming the file and the line.

A *computed* investigation (``queries/*.computed``) is an analysis Cypher cannot express (the
interdiction plan: max-flows over the supply subgraph), saved the same way: the same header with
``// computed: USE_CASE`` naming the use case it runs, and no body. The catalogue checks that the use
case exists and that the header declares exactly its parameters, with their types
(:mod:`chokepoint.investigations.computed`); it runs from ``chokepoint investigate`` and
``runInvestigation`` like the others, over the records the viewer may see. A default of ``null``
makes a parameter optional with no value (the plan's budget: none for the complete cut).

A Cypher investigation may also name, with ``// guided: SEARCH``, a search that gives its rows much
faster when floors hold (``supply_and_money_chains``: chain floors; the search returns nothing and the
Cypher runs when they do not); the header must declare exactly that search's parameters.

Every investigation runs for one viewer: ``$grants`` (the viewer's grants, PUBLIC included) is an
implicit parameter the runner binds, never declared in the header; a file that declares it, never
uses it, or matches a node or relationship without checking it against it
(``visibility.problems``) is refused, naming the file and the element. ``$everything`` is the other
implicit parameter (true for the CLI's own view only, see ``runner``); it is never declared either.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from chokepoint.errors import InvalidModel, NotFound
from chokepoint.investigations.computed import COMPUTED, GUIDED
from chokepoint.investigations.visibility import RESERVED, problems

ParamType = Literal["string", "integer", "float", "boolean", "string[]", "integer[]"]
PARAM_TYPES: tuple[str, ...] = ("string", "integer", "float", "boolean", "string[]", "integer[]")
_HEADER = re.compile(r"^//\s*(name|description|param|computed|guided):\s*(.*)$")
_PARAM = re.compile(r"^([a-z][A-Za-z0-9]*)\s+([a-z]+(?:\[\])?)\s*(?:=\s*(.*?))?\s*(?:--\s*(.*))?$")
_USED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class Parameter:
    name: str
    type: ParamType
    default: Any
    description: str
    optional: bool = False  # declared ``= null``: may be left without a value

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class Investigation:
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    cypher: str  # empty for a computed investigation
    path: Path
    computed: str | None = None  # the use case a computed investigation runs
    guided: str | None = None  # the search that answers a Cypher one when its floors hold

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise NotFound(f"Investigation {self.name!r} has no parameter {name!r} (parameters: {known})")


@cache
def load_catalog(folder: Path) -> dict[str, Investigation]:
    """Every investigation in ``folder``, by name."""
    files = sorted([*folder.glob("*.cypher"), *folder.glob("*.computed")])
    if not files:
        raise InvalidModel(f"{folder}: no saved investigations (*.cypher)")
    catalog: dict[str, Investigation] = {}
    for path in files:
        investigation = parse_file(path)
        if investigation.name in catalog:
            raise InvalidModel(
                f"{path}: name {investigation.name!r} is already used by {catalog[investigation.name].path}"
            )
        catalog[investigation.name] = investigation
    return catalog


def find(folder: Path, name: str) -> Investigation:
    catalog = load_catalog(folder)
    if name not in catalog:
        raise NotFound(f"No saved investigation {name!r}; known: {', '.join(sorted(catalog))}")
    return catalog[name]


def parse_file(path: Path) -> Investigation:
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    body_start = len(lines)  # a file of header lines only has no body
    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line.strip())
        if match is None:
            if line.strip().startswith("//") or not line.strip():
                continue
            body_start = number - 1
            break
        key, value = match.groups()
        if key == "param":
            parameters.append(_parameter(path, number, value))
        elif key in fields:
            raise InvalidModel(f"{path}:{number}: {key!r} is given twice")
        else:
            fields[key] = value.strip()
    cypher = "\n".join(lines[body_start:]).strip()
    if path.suffix == ".computed" or "computed" in fields:
        return _checked_computed(path, fields, tuple(parameters), cypher)
    return _checked(path, fields, tuple(parameters), cypher)


def _parameter(path: Path, number: int, text: str) -> Parameter:
    match = _PARAM.match(text.strip())
    if match is None:
        raise InvalidModel(f"{path}:{number}: param must read 'name type [= default] [-- description]'")
    name, kind, default_text, description = match.groups()
    if kind not in PARAM_TYPES:
        raise InvalidModel(
            f"{path}:{number}: param {name}: unknown type {kind!r} (one of {', '.join(PARAM_TYPES)})"
        )
    default = None
    if default_text == "null":
        return Parameter(name, cast(ParamType, kind), None, (description or "").strip(), optional=True)
    if default_text:
        try:
            default = coerce(cast(ParamType, kind), _json_or_text(default_text))
        except ValueError as exc:
            raise InvalidModel(f"{path}:{number}: param {name}: default {default_text!r}: {exc}") from exc
    return Parameter(name, cast(ParamType, kind), default, (description or "").strip())


def _json_or_text(text: str) -> Any:
    """Defaults are JSON ("Fentanyl", 6, ["a", "b"]); a bare word is taken as text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _named(path: Path, fields: dict[str, str]) -> str:
    for key in ("name", "description"):
        if not fields.get(key):
            raise InvalidModel(f"{path}: header lacks '// {key}: …'")
    name = fields["name"]
    if not _NAME.match(name) or name != path.stem:
        raise InvalidModel(f"{path}: name {name!r} must be snake_case and match the file name")
    return name


def _checked_computed(
    path: Path, fields: dict[str, str], parameters: tuple[Parameter, ...], body: str
) -> Investigation:
    name = _named(path, fields)
    if path.suffix != ".computed" or "computed" not in fields:
        raise InvalidModel(f"{path}: a computed investigation is a .computed file with '// computed: …'")
    if body:
        raise InvalidModel(f"{path}: a computed investigation has no body (it runs {fields['computed']!r})")
    use_case = fields["computed"]
    _check_use_case(path, "computed", use_case, COMPUTED, parameters)
    return Investigation(name, fields["description"], parameters, "", path, use_case)


def _check_use_case(
    path: Path, kind: str, use_case: str, known: dict[str, dict[str, str]], parameters: tuple[Parameter, ...]
) -> None:
    """The use case is known and the header declares exactly its parameters, with its types."""
    if use_case not in known:
        raise InvalidModel(f"{path}: {kind} {use_case!r} is unknown; known: {', '.join(sorted(known))}")
    expected = known[use_case]
    declared = {p.name: p.type for p in parameters}
    if len(declared) != len(parameters):
        raise InvalidModel(f"{path}: a parameter is declared twice")
    if declared != expected:
        wanted = ", ".join(f"{n} {t}" for n, t in expected.items())
        raise InvalidModel(f"{path}: {kind} {use_case!r} takes exactly these parameters: {wanted}")


def _checked(
    path: Path, fields: dict[str, str], parameters: tuple[Parameter, ...], cypher: str
) -> Investigation:
    name = _named(path, fields)
    if not cypher:
        raise InvalidModel(f"{path}: no Cypher after the header")
    declared = [p.name for p in parameters]
    if len(set(declared)) != len(declared):
        raise InvalidModel(f"{path}: a parameter is declared twice")
    for reserved in (name for name in RESERVED if name in declared):
        raise InvalidModel(
            f"{path}: param {reserved} is reserved: the runner binds it from the viewer; do not declare it"
        )
    used = set(_USED.findall(cypher)) - set(RESERVED)
    if used - set(declared):
        raise InvalidModel(f"{path}: uses undeclared parameter(s) {', '.join(sorted(used - set(declared)))}")
    if set(declared) - used:
        raise InvalidModel(f"{path}: declares unused parameter(s) {', '.join(sorted(set(declared) - used))}")
    unchecked = problems(cypher)
    if unchecked:
        raise InvalidModel(
            f"{path}: not filtered by the viewer's grants ($grants): " + "; ".join(map(str, unchecked))
        )
    guided = fields.get("guided")
    if guided is not None:
        _check_use_case(path, "guided", guided, GUIDED, parameters)
    return Investigation(name, fields["description"], parameters, cypher, path, guided=guided)


def coerce(kind: ParamType, value: Any) -> Any:
    """A parameter value of the declared type, from JSON values or command-line text."""
    if kind.endswith("[]"):
        items = json.loads(value) if isinstance(value, str) and value.strip().startswith("[") else value
        if isinstance(items, str):
            items = [item.strip() for item in items.split(",") if item.strip()]
        if not isinstance(items, list):
            raise ValueError(f"expected a list, got {value!r}")
        return [coerce(cast(ParamType, kind[:-2]), item) for item in items]
    if kind == "string":
        return str(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "false"):
            return str(value).lower() == "true"
        raise ValueError(f"expected true or false, got {value!r}")
    try:
        number = float(value) if kind == "float" else int(str(value))
    except ValueError:
        raise ValueError(
            f"expected {'a number' if kind == 'float' else 'an integer'}, got {value!r}"
        ) from None
    if kind == "integer" and not INT64_MIN <= number <= INT64_MAX:  # what Neo4j's integers hold
        raise ValueError(f"{value!r} is out of range; integers go from {INT64_MIN} to {INT64_MAX}")
    return number
