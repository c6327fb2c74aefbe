"""Loading a mutation's fields without marshmallow's per-schema machinery (issue 12).

`Schema.load(fields, partial=True)` walks every declared field to find the few a mutation
carries, keeps an error store, and looks up hooks for each item: about half of its cost on a
typical win. `fast_load` goes straight to each sent field's own `Field.deserialize` (the same
call marshmallow makes, so every field type, validator and message stays its own), then runs
the schema's `validates_schema` methods as marshmallow does. It only ever takes the success
path itself: at the first sign of a problem (an unknown key, a field error, a schema-level
error) it hands the whole item to `schema.load`, so a rejection carries exactly marshmallow's
messages. Marshmallow stays the contract; tests/api/test_sync_load.py (hypothesis) checks that
both give the same result or the same errors for every registered collection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA


@dataclass(frozen=True)
class _Plan:
    by_key: dict[str, tuple[str, fields.Field]]  # data key -> (attribute, field)
    # Bound validates_schema methods in marshmallow's order, and whether each wants the
    # original data as well.
    validators: tuple[tuple[Callable[..., Any], bool], ...]


_plans: dict[int, tuple[Schema, _Plan | None]] = {}


def fast_load(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """What `schema.load(data, partial=True)` returns, or the ValidationError it raises."""
    plan = _plan(schema)
    if plan is None or not isinstance(data, Mapping):
        return schema.load(data, partial=True)  # type: ignore[no-any-return]
    out: dict[str, Any] = {}
    for key, raw in data.items():
        entry = plan.by_key.get(key)
        if entry is None:  # unknown: marshmallow words the error
            return schema.load(data, partial=True)  # type: ignore[no-any-return]
        attribute, field = entry
        try:
            value = field.deserialize(raw, key, data, partial=True)
        except ValidationError:
            return schema.load(data, partial=True)  # type: ignore[no-any-return]
        if value is not missing:
            out[attribute] = value
    for validator, pass_original in plan.validators:
        try:
            if pass_original:
                validator(out, data, partial=True, many=False, unknown=schema.unknown)
            else:
                validator(out, partial=True, many=False, unknown=schema.unknown)
        except ValidationError:
            return schema.load(data, partial=True)  # type: ignore[no-any-return]
    return out


def _plan(schema: Schema) -> _Plan | None:
    cached = _plans.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    plan = _make_plan(schema)
    _plans[id(schema)] = (schema, plan)
    return plan


def _make_plan(schema: Schema) -> _Plan | None:
    """None when the schema does something the fast path does not repeat: load hooks,
    `@validates` field methods, a non-RAISE `unknown`, nested attribute paths, `many`."""
    hooks = schema._hooks  # noqa: SLF001
    if hooks[PRE_LOAD] or hooks[POST_LOAD] or hooks[VALIDATES]:
        return None
    if schema.unknown != RAISE or schema.many:
        return None
    by_key: dict[str, tuple[str, fields.Field]] = {}
    for name, field in schema.load_fields.items():
        attribute = field.attribute or name
        if "." in attribute:
            return None
        by_key[field.data_key if field.data_key is not None else name] = (attribute, field)
    ordered = [h for h in hooks[VALIDATES_SCHEMA] if h[1]] + [
        h for h in hooks[VALIDATES_SCHEMA] if not h[1]
    ]
    validators = tuple(
        (getattr(schema, attr_name), bool(kwargs.get("pass_original", False)))
        for attr_name, _many, kwargs in ordered
    )
    return _Plan(by_key, validators)
