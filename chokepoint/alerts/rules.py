"""The watch rules of ``schema/watches.yaml``, loaded and checked against the schema, and the check of
one watch's parameters against its rule.

A rule names an evaluator (how a new assertion is matched: :mod:`chokepoint.alerts.evaluate`), the
labels its subject may have and typed parameters. Every label and relationship type the file or a
watch names must exist in the domain model, so a typo fails at start (the file) or is refused with
the parameter named (a watch), never a watch that silently matches nothing.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chokepoint.errors import InvalidInput, InvalidModel, NotFound
from chokepoint.schema.loader import read_yaml, validated_spec
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import ANY_NODE

FILE_NAME = "watches.yaml"
Evaluator = Literal["link", "transfer", "exposure", "decision"]
ParameterType = Literal["number", "integer", "string", "labels", "relationships"]
MAX_LIST = 50  # labels or relationship types one parameter may list
MAX_TEXT = 100


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Parameter(_Spec):
    type: ParameterType
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


class RuleSpec(_Spec):
    title: str = Field(min_length=3)
    description: str = ""
    evaluator: Evaluator
    subjects: tuple[str, ...] = Field(min_length=1)
    parameters: dict[str, Parameter] = Field(default_factory=dict)


class RuleFile(_Spec):
    rules: dict[str, RuleSpec] = Field(min_length=1)


class WatchRules:
    """The rules of one model, with the checks a watch must pass."""

    def __init__(self, rules: dict[str, RuleSpec], model: DomainModel) -> None:
        self.rules = rules
        self._model = model
        self._subjects = {name: _labels_of(rule.subjects, model) for name, rule in rules.items()}

    def rule(self, name: str) -> RuleSpec:
        try:
            return self.rules[name]
        except KeyError:
            known = ", ".join(sorted(self.rules))
            raise InvalidInput(f"rule: {name[:64]!r} is not a watch rule (known: {known})") from None

    def subject_labels(self, name: str) -> frozenset[str]:
        """The labels a subject of rule ``name`` may have (every node label for ``*``)."""
        return self._subjects[name]

    def parameters(self, name: str, given: dict[str, Any]) -> dict[str, Any]:
        """``given`` checked against rule ``name``, with its defaults filled in; an
        :class:`InvalidInput` naming the first parameter at fault."""
        rule = self.rule(name)
        unknown = sorted(set(given) - set(rule.parameters))
        if unknown:
            known = ", ".join(sorted(rule.parameters)) or "none"
            raise InvalidInput(
                f"parameters.{unknown[0][:64]}: rule {name} has no such parameter (it takes: {known})"
            )
        checked: dict[str, Any] = {}
        for key, spec in rule.parameters.items():
            value = given.get(key, spec.default)
            if value is not None:
                checked[key] = self._value(f"parameters.{key}", spec, value)
        return checked

    def check_subject(self, name: str, labels: list[str], subject: str) -> None:
        """Refuse a subject whose labels (as the caller sees them) the rule does not watch."""
        allowed = self._subjects[name]
        if not allowed & set(labels):
            raise InvalidInput(
                f"subject: {subject[:200]!r} is a {'/'.join(sorted(labels)) or 'node'}; rule {name} "
                f"watches {', '.join(sorted(allowed))}"
            )

    def _value(self, at: str, spec: Parameter, value: Any) -> Any:
        if spec.type in ("number", "integer"):
            return _number(at, spec, value)
        if spec.type == "string":
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
                raise InvalidInput(f"{at}: give a non-empty text of at most {MAX_TEXT} characters")
            return value.strip()
        if not isinstance(value, list | tuple) or not value or len(value) > MAX_LIST:
            raise InvalidInput(f"{at}: give a list of 1 to {MAX_LIST} names")
        known = self._model.nodes if spec.type == "labels" else self._model.relationships
        what = "node label" if spec.type == "labels" else "relationship type"
        for item in value:
            if not isinstance(item, str) or item not in known:
                raise InvalidInput(f"{at}: {str(item)[:64]!r} is not a {what} of the schema")
        return sorted(set(value))


def _number(at: str, spec: Parameter, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{at}: give a finite number")
    if spec.type == "integer" and value != int(value):
        raise InvalidInput(f"{at}: give a whole number")
    if spec.minimum is not None and value < spec.minimum:
        raise InvalidInput(f"{at}: {value} is below the least allowed, {spec.minimum:g}")
    if spec.maximum is not None and value > spec.maximum:
        raise InvalidInput(f"{at}: {value} is above the most allowed, {spec.maximum:g}")
    return int(value) if spec.type == "integer" else float(value)


def _labels_of(subjects: tuple[str, ...], model: DomainModel) -> frozenset[str]:
    labels: set[str] = set()
    for name in subjects:
        if name == ANY_NODE:
            labels |= set(model.nodes)
        elif name in model.nodes:
            labels.add(name)
        else:
            labels |= set(model.group(name))
    return frozenset(labels)


def load_rules(schema_dir: Path, model: DomainModel) -> WatchRules:
    """Read ``schema_dir/watches.yaml`` and check every name it uses against ``model``."""
    path = schema_dir / FILE_NAME
    return parse_rules(read_yaml(path, "the watch rules"), model, str(path))


def parse_rules(raw: Any, model: DomainModel, where: str = FILE_NAME) -> WatchRules:
    """:func:`load_rules` on an already parsed document (``where`` names it in errors)."""
    spec = validated_spec(raw, RuleFile, where)
    for name, rule in spec.rules.items():
        at = f"{where}: rules.{name}"
        for subject in rule.subjects:
            if subject != ANY_NODE and subject not in model.nodes:
                try:
                    model.group(subject)
                except NotFound:
                    raise InvalidModel(f"{at}.subjects: {subject!r} is not a node label or group") from None
        rules = WatchRules({name: rule}, model)
        for key, parameter in rule.parameters.items():
            if parameter.default is not None:
                try:
                    rules._value(key, parameter, parameter.default)
                except InvalidInput as exc:
                    raise InvalidModel(f"{at}.parameters.{exc}") from None
    return WatchRules(dict(spec.rules), model)


_LOADED: dict[Path, WatchRules] = {}


def rules_of(model: DomainModel) -> WatchRules:
    """The rules file beside ``model``'s schema, read once per process."""
    folder = model.source_dir
    if folder is None:
        raise InvalidModel("The domain model was built in memory: it has no watch rules file")
    if folder not in _LOADED:
        _LOADED[folder] = load_rules(folder, model)
    return _LOADED[folder]
