"""The pull's fast dump equals marshmallow's dump, for every registered collection (issue 12).

The registry is iterated, so a collection added later is covered without touching this file.
Values are drawn per field type, including values of another type and missing keys, which the
fast path must hand to marshmallow.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import fields

from server.sync import registry
from server.sync.dump import fast_dump
from tests.conftest import make_app

plain = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8)


def value_for(field: fields.Field) -> st.SearchStrategy[Any]:
    if isinstance(field, fields.String):
        return st.none() | st.text(max_size=40) | st.integers()
    if isinstance(field, fields.Boolean):
        return st.none() | st.booleans()
    if isinstance(field, fields.Integer):
        return st.none() | st.integers(-(2**53), 2**53) | st.booleans()
    if isinstance(field, fields.DateTime):
        return st.none() | st.datetimes(timezones=st.just(UTC)) | st.datetimes()
    if isinstance(field, fields.Date):
        return st.none() | st.dates()
    if isinstance(field, fields.List):
        return st.none() | st.lists(value_for(field.inner), max_size=5)
    if isinstance(field, fields.Dict):
        json = st.recursive(
            plain, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
        )
        return st.none() | st.dictionaries(st.text(max_size=8), json, max_size=4)
    return plain


def records(collection: registry.Collection) -> st.SearchStrategy[dict[str, Any]]:
    fields_ = collection.schema.dump_fields
    return st.fixed_dictionaries(
        {}, optional={name: value_for(field) for name, field in fields_.items()}
    )


def check(collection: registry.Collection) -> None:
    schema = collection.schema

    @settings(max_examples=150, suppress_health_check=list(HealthCheck), deadline=None)
    @given(record=records(collection))
    def same(record: dict[str, Any]) -> None:
        assert fast_dump(schema, record) == schema.dump(record)

    same()


def test_the_fast_dump_equals_marshmallows_for_every_collection(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'dump.sqlite3'}", tmp_path)
    with app.app_context():
        collections = registry.all_collections()
    assert len(collections) >= 5
    for collection in collections:
        check(collection)
