"""Marshmallow schemas at the accounts boundary."""

from __future__ import annotations

import functools
from typing import Any

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from server.core.days import is_valid_time_zone
from server.core.passwords import password_problem
from server.fields import StrictInteger

MIN_PASSWORD = 10
MAX_PASSWORD = 200


def normalise_email(value: str) -> str:
    return value.strip().lower()


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords, as shipped inside the zxcvbn package (no network).
    Loaded on first sign-up, not at import."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class TimeZoneField(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not is_valid_time_zone(text):
            raise ValidationError("Pick a time zone like Europe/Berlin.")
        return text


class SignUpSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=MIN_PASSWORD,
            max=MAX_PASSWORD,
            error=f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters.",
        ),
    )
    time_zone = TimeZoneField(required=True, validate=validate.Length(max=64))

    @pre_load
    def _normalise(self, data: Any, **_: Any) -> Any:
        # Normalised before validation, so " Ana@Example.org" is the same account.
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": normalise_email(data["email"])}
        return data

    @validates_schema
    def _guessable(self, data: dict[str, Any], **_: Any) -> None:
        # Runs only once email and password are each valid (marshmallow skips it otherwise).
        problem = password_problem(data["password"], data["email"], common_passwords())
        if problem is not None:
            raise ValidationError(problem, field_name="password")


class SignInSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=200))

    @pre_load
    def _normalise(self, data: Any, **_: Any) -> Any:
        # Normalised before validation, so " Ana@Example.org" is the same account.
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": normalise_email(data["email"])}
        return data


class UserSchema(Schema):
    id = fields.String(dump_only=True)
    email = fields.String(dump_only=True)
    time_zone = fields.String(dump_only=True)
    day_start_hour = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class UserEnvelopeSchema(Schema):
    user = fields.Nested(UserSchema, dump_only=True)


class UpdateMeSchema(Schema):
    time_zone = TimeZoneField(validate=validate.Length(max=64))
    # Strict: 2.589e-42 or "3" is not an hour (a lenient Integer stored the first as 0).
    day_start_hour = StrictInteger(
        validate=validate.Range(min=0, max=12, error="Use a whole hour from 0 to 12.")
    )


class CsrfSchema(Schema):
    csrf_token = fields.String(dump_only=True)


# --- Account: password, email, reset, deletion -------------------------------------------


class PlainText(fields.String):
    """Text the database and the password hash can take: no NUL, no lone surrogates (JSON
    allows "\\ud800", UTF-8 cannot encode it, and the hash would fail with a 500)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("That contains a character we can't store.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("That contains a character we can't store.") from None
        return text


def _new_password() -> PlainText:
    return PlainText(
        required=True,
        load_only=True,
        validate=validate.Length(
            min=MIN_PASSWORD,
            max=MAX_PASSWORD,
            error=f"Use {MIN_PASSWORD} to {MAX_PASSWORD} characters.",
        ),
    )


def _given_password() -> PlainText:
    return PlainText(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=MAX_PASSWORD, error="Please enter your password."),
    )


class ChangePasswordSchema(Schema):
    current_password = _given_password()
    new_password = _new_password()


class ChangeEmailSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = _given_password()

    @pre_load
    def _normalise(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": normalise_email(data["email"])}
        return data


class ConfirmPasswordSchema(Schema):
    password = _given_password()


class ResetRequestSchema(Schema):
    email = PlainText(required=True, validate=validate.Length(min=1, max=254))

    @pre_load
    def _normalise(self, data: Any, **_: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": normalise_email(data["email"])}
        return data


class ResetConfirmSchema(Schema):
    token = PlainText(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    new_password = _new_password()


class ResetInfoSchema(Schema):
    by_email = fields.Boolean(dump_only=True)
    message = fields.String(dump_only=True)
