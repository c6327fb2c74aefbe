"""Sync's fast load of a mutation's fields equals marshmallow's `load(partial=True)`, for every
registered collection, for valid and invalid input alike: the same result, or a
ValidationError with the same messages (issue 12).

The registry is iterated, so a collection added later is covered without touching this file.
Values are drawn as a device would send them (ISO strings for moments and days, lower-case
UUIDs, short words), mixed with values of the wrong type and unknown keys.
"""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.sync import registry
from server.sync.load import fast_load
from tests.conftest import make_app

plain = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8)
zones = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9))])
words = st.sampled_from(["win", "pause", "evening_recap", "weekly_review", " walk ", "", "x" * 40])


def wire_value(field: fields.Field) -> st.SearchStrategy[Any]:
    if isinstance(field, fields.DateTime):
        moments = st.datetimes(timezones=zones) | st.datetimes()
        return moments.map(lambda m: m.isoformat()) | st.text(max_size=12) | plain
    if isinstance(field, fields.Date):
        return st.dates().map(lambda d: d.isoformat()) | st.text(max_size=12) | plain
    if isinstance(field, fields.String):
        times = st.times().map(lambda t: t.strftime("%H:%M"))
        choices = [c for v in field.validators if isinstance(v, validate.OneOf) for c in v.choices]
        texts = st.text(max_size=40) | words | st.uuids().map(str) | times
        if choices:
            texts = st.sampled_from(choices) | texts
        return texts | st.uuids().map(lambda u: str(u).upper()) | plain
    if isinstance(field, fields.Boolean):
        return st.booleans() | plain | st.sampled_from(["true", 1, 0])
    if isinstance(field, fields.Integer):
        return st.integers(-3, 10) | plain | st.floats(allow_nan=False) | st.just("3")
    if isinstance(field, fields.List):
        return st.lists(wire_value(field.inner), max_size=12) | plain
    if isinstance(field, fields.Dict):
        json = st.recursive(
            plain, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
        )
        return st.dictionaries(st.text(max_size=8), json, max_size=4) | plain
    return plain


def mutations(schema: Schema) -> st.SearchStrategy[dict[str, Any]]:
    optional = {
        (field.data_key or name): wire_value(field) for name, field in schema.load_fields.items()
    }
    unknown = {"bogus": plain, "server_seq": plain}
    # Few keys (as most edits send) pass validation often enough for the fast path's own
    # successes to be compared too; many keys and unknown ones mostly test the hand-over.
    few = st.sets(st.sampled_from(sorted(optional)), max_size=3).flatmap(
        lambda keys: st.fixed_dictionaries({key: optional[key] for key in keys})
    )
    sent = (
        few
        | st.fixed_dictionaries({}, optional=optional)
        | st.fixed_dictionaries({}, optional={**optional, **unknown})
    )
    return st.tuples(sent, st.booleans()).map(_same_day)


def _same_day(drawn: tuple[dict[str, Any], bool]) -> dict[str, Any]:
    """Often give a win's local_day the date of its happened_at, so the schema-level check
    (the two must fit) passes as well as fails."""
    sent, align = drawn
    moment = sent.get("happened_at")
    if align and isinstance(moment, str) and len(moment) >= 10 and "local_day" in sent:
        sent["local_day"] = moment[:10]
    return sent


def outcome(load: Any) -> tuple[str, Any]:
    try:
        return "loaded", load()
    except ValidationError as error:
        return "rejected", error.messages


def check(schema: Schema) -> None:
    @settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
    @given(sent=mutations(schema))
    def same(sent: dict[str, Any]) -> None:
        fast = outcome(lambda: fast_load(schema, dict(sent)))
        assert fast == outcome(lambda: schema.load(dict(sent), partial=True))

    same()


def defaults_as_sent(schema: Schema) -> dict[str, Any]:
    """Every field with a plain non-null default, as a device would send it: a valid edit of
    any collection (each has at least `deleted`), so the fast path's own success is compared
    too, not only its hand-overs to marshmallow."""
    sent = {}
    for name, field in schema.load_fields.items():
        default = field.load_default() if callable(field.load_default) else field.load_default
        if isinstance(default, bool | int | str | list):
            sent[field.data_key or name] = default
    return sent


def test_the_fast_load_equals_marshmallows_for_every_collection(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'load.sqlite3'}", tmp_path)
    with app.app_context():
        collections = registry.all_collections()
    assert len(collections) >= 5
    for collection in collections:
        check(collection.schema)
        sent = defaults_as_sent(collection.schema)
        loaded = outcome(lambda: fast_load(collection.schema, dict(sent)))  # noqa: B023
        assert loaded[0] == "loaded" and "deleted" in loaded[1], collection.name
        assert loaded == outcome(lambda: collection.schema.load(dict(sent), partial=True))  # noqa: B023


def test_a_valid_win_loads_as_marshmallow_loads_it(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'load.sqlite3'}", tmp_path)
    with app.app_context():
        schema = registry.get("wins").schema  # type: ignore[union-attr]
    sent = {
        "text": "  Ran 5k ",
        "happened_at": "2026-11-23T08:30:00+01:00",
        "local_day": "2026-11-23",
        "tags": ["Run", "run", " park "],
        "energy": 4,
        "starred": True,
    }
    assert fast_load(schema, sent) == schema.load(sent, partial=True)
    assert fast_load(schema, sent)["text"] == "Ran 5k"
    bad_day = {**sent, "local_day": "2026-11-27"}
    assert outcome(lambda: fast_load(schema, bad_day)) == outcome(
        lambda: schema.load(bad_day, partial=True)
    )
    assert outcome(lambda: fast_load(schema, bad_day))[0] == "rejected"


class _Hooked(Schema):
    """A schema-level check that wants the original data, and one that runs on field errors."""

    name = fields.String()
    count = fields.Integer(strict=True)

    @validates_schema(pass_original=True)
    def _not_both_raw(self, data: dict[str, Any], original: dict[str, Any], **_: Any) -> None:
        if original.get("name") == "both" and "count" in data:
            raise ValidationError("Not both.", "count")

    @validates_schema(skip_on_field_errors=False)
    def _always(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("name") == "bad":
            raise ValidationError("Bad name.")


@settings(max_examples=200, deadline=None)
@given(
    sent=st.fixed_dictionaries(
        {},
        optional={
            "name": st.sampled_from(["both", "bad", "fine"]) | plain,
            "count": st.integers(0, 3) | plain,
            "other": plain,
        },
    )
)
def test_schema_hooks_run_as_marshmallow_runs_them(sent: dict[str, Any]) -> None:
    schema = _Hooked()
    assert outcome(lambda: fast_load(schema, sent)) == outcome(
        lambda: schema.load(sent, partial=True)
    )
