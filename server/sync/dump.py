"""Dumping records for a pull without marshmallow's per-field machinery (issue 12).

A 500-change page called `Schema.dump` 500 times, and each dump walks every field through
`Field.serialize`, `get_value` and `_serialize`: 37% of a fresh device's pull. Almost every
value is already what the wire wants (a str in a String field, a bool in a Boolean field), so
`fast_dump` returns such values as they are and hands anything else to the field's own
`_serialize`. Marshmallow stays the contract: a schema with dump hooks, or a field whose
`_serialize` is its own, is dumped by marshmallow. tests/api/test_sync_dump.py checks that the
two agree for every registered collection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP

Convert = Callable[[Any, Mapping[str, Any]], Any]
# (output key, attribute, field, the type passed through as it is, whether None is passed
# through, converter). The checks are inlined: a pull dumps ~13 fields of 500 rows a page.
_Plan = list[tuple[str, str, fields.Field, type | None, bool, Convert]]

_plans: dict[int, tuple[Schema, _Plan | None]] = {}


def fast_dump(schema: Schema, obj: Mapping[str, Any]) -> dict[str, Any]:
    """What `schema.dump(obj)` returns, for a mapping of plain values, with less work."""
    plan = _plan(schema)
    if plan is None:
        return schema.dump(obj)  # type: ignore[no-any-return]
    out: dict[str, Any] = {}
    for key, attr, field, exact, keeps_none, convert in plan:
        try:
            value = obj[attr]
        except KeyError:
            # Missing: marshmallow's own rules (dump_default, attribute lookup, skipping).
            value = field.serialize(attr, obj)
            if value is not missing:
                out[key] = value
            continue
        if type(value) is exact or (value is None and keeps_none):
            out[key] = value  # what the converter would return for it
        else:
            out[key] = convert(value, obj)
    return out


def _plan(schema: Schema) -> _Plan | None:
    cached = _plans.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    plan: _Plan | None = None
    if not schema._hooks[PRE_DUMP] and not schema._hooks[POST_DUMP]:  # noqa: SLF001
        plan = []
        for name, field in schema.dump_fields.items():
            attr = field.attribute or name
            if "." in attr:  # a nested attribute path: leave it to marshmallow
                plan = None
                break
            convert = _converter(field, attr)
            keeps_none = getattr(convert, "keeps_none", True)
            plan.append((field.data_key or name, attr, field, _passes(field), keeps_none, convert))
    _plans[id(schema)] = (schema, plan)
    return plan


def _own(field: fields.Field, base: type[fields.Field]) -> bool:
    """The field serialises exactly as `base` does (it may still load differently)."""
    return isinstance(field, base) and type(field)._serialize is base._serialize  # noqa: SLF001


def _passes(field: fields.Field) -> type | None:
    """The type whose values (like None) the field's converter returns unchanged."""
    if _own(field, fields.String):
        return str
    if _own(field, fields.Boolean):
        return bool
    if _own(field, fields.Integer) and not field.as_string:  # type: ignore[attr-defined]
        return int
    return None


def _converter(field: fields.Field, attr: str) -> Convert:
    def slow(value: Any, obj: Mapping[str, Any]) -> Any:
        return field._serialize(value, attr, obj)  # noqa: SLF001

    slow.keeps_none = False  # type: ignore[attr-defined]  # a field's own may map None

    exact: type | None = None
    if _own(field, fields.String):
        exact = str
    elif _own(field, fields.Boolean):
        exact = bool
    elif _own(field, fields.Integer) and not field.as_string:  # type: ignore[attr-defined]
        exact = int
    elif _own(field, fields.Dict) and field.key_field is None and field.value_field is None:  # type: ignore[attr-defined]
        return lambda value, obj: None if value is None else dict(value)
    elif isinstance(field, fields.Date | fields.DateTime) and field.format in (None, "iso"):  # type: ignore[attr-defined]
        if _own(field, fields.Date) or _own(field, fields.DateTime):
            moment = date if isinstance(field, fields.Date) else datetime

            def iso(value: Any, obj: Mapping[str, Any]) -> Any:
                if value is None:
                    return None
                return value.isoformat() if type(value) is moment else slow(value, obj)

            return iso
    elif _own(field, fields.List):
        inner = _converter(field.inner, attr)  # type: ignore[attr-defined]
        return lambda value, obj: None if value is None else [inner(v, obj) for v in value]
    if exact is None:
        return slow

    def plain(value: Any, obj: Mapping[str, Any]) -> Any:
        return value if value is None or type(value) is exact else slow(value, obj)

    return plain
