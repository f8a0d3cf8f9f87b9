"""Ingest validation derived from the schema: coerce a record's values to declared types.

A record that cannot be made to fit raises InvalidRecord naming the record, the property and the
reason; ingest adapters report it and go on with the next record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from chokepoint.errors import InvalidRecord
from chokepoint.schema.model import DomainModel
from chokepoint.schema.specs import PropertySpec
from chokepoint.values.amounts import canonical_decimal

Value = str | int | float | bool | dt.date | dt.datetime | list[Any]


def validate_node(model: DomainModel, label: str, record_id: str, raw: Mapping[str, Any]) -> dict[str, Value]:
    """Return the node's properties coerced to their declared types, without empty values."""
    return validate_properties(f"{label} record {record_id!r}", model.node_properties(label), raw)


def validate_relationship(
    model: DomainModel, rel_type: str, record_id: str, raw: Mapping[str, Any]
) -> dict[str, Value]:
    """Return the relationship's properties coerced to their declared types."""
    props = model.relationship_properties(rel_type)
    return validate_properties(f"{rel_type} record {record_id!r}", props, raw)


def validate_properties(
    what: str, specs: Mapping[str, PropertySpec], raw: Mapping[str, Any]
) -> dict[str, Value]:
    """Coerce ``raw`` to ``specs``; ``what`` names the record in error messages."""
    unknown = sorted(set(raw) - set(specs))
    if unknown:
        raise InvalidRecord(
            f"{what}: unknown propert{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}"
        )
    clean: dict[str, Value] = {}
    for name, spec in specs.items():
        value = raw.get(name)
        if not _is_empty(value):
            try:
                clean[name] = _coerce(spec, value)
            except (TypeError, ValueError) as exc:
                raise InvalidRecord(f"{what}: property {name!r}: {exc}") from None
        elif spec.required:
            raise InvalidRecord(f"{what}: required property {name!r} is missing")
    return clean


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


def _coerce(spec: PropertySpec, value: Any) -> Value:
    if spec.type.endswith("[]"):
        items = [value] if isinstance(value, str | int | float) else list(value)
        scalar = _SCALARS[spec.type[:-2]]
        coerced = [scalar(item) for item in items if not _is_empty(item)]
        if spec.enum is not None:
            for item in coerced:
                _check_enum(spec, item)
        return coerced
    result: Value = _SCALARS[spec.type](value)
    if spec.enum is not None:
        _check_enum(spec, result)
    return result


def _check_enum(spec: PropertySpec, value: Any) -> None:
    if spec.enum is not None and value not in spec.enum:
        raise ValueError(f"{value!r} is not one of {', '.join(spec.enum)}")


def _to_string(value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return str(value).strip()


def _to_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("expected an integer, got a boolean")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"expected an integer, got {value!r}")
    if isinstance(value, str):
        value = value.strip().replace(",", "")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected an integer, got {value!r}") from None


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError("expected a number, got a boolean")
    try:
        result = float(value.strip().replace(",", "") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got {value!r}") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise ValueError(f"expected a finite number, got {value!r}")
    return result


def _to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1"):
        return True
    if text in ("false", "no", "n", "0"):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _to_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"expected an ISO 8601 date-time, got {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "string": _to_string,
    "integer": _to_integer,
    "float": _to_float,
    "decimal": canonical_decimal,  # exact text: Neo4j has no decimal type (values/amounts.py)
    "boolean": _to_boolean,
    "date": _to_date,
    "datetime": _to_datetime,
}
