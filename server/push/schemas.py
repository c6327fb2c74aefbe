"""Marshmallow schemas at the push boundary (what a browser's PushSubscription.toJSON() sends)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates

from server.fields import StrictInteger
from server.push.endpoint_policy import MAX_ENDPOINT, auth_problems, p256dh_problems


class SubscriptionKeysSchema(Schema):
    p256dh = fields.String(required=True, validate=validate.Length(max=128))
    auth = fields.String(required=True, validate=validate.Length(max=64))

    @validates("p256dh")
    def _p256dh(self, value: str, **_: Any) -> None:
        if problems := p256dh_problems(value):
            raise ValidationError(problems)

    @validates("auth")
    def _auth(self, value: str, **_: Any) -> None:
        if problems := auth_problems(value):
            raise ValidationError(problems)


class SubscribeSchema(Schema):
    # Length and shape only; where the endpoint points is checked by endpoint_policy (DNS).
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ENDPOINT))
    keys = fields.Nested(SubscriptionKeysSchema, required=True)
    device_label = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=80)
    )
    # Part of PushSubscription.toJSON(); accepted so the client can send that object as is.
    expirationTime = StrictInteger(load_default=None, allow_none=True)  # noqa: N815


class UnsubscribeSchema(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ENDPOINT))


class SubscriptionSchema(Schema):
    """What a client may see of a subscription: never the keys."""

    id = fields.String(dump_only=True)
    endpoint = fields.String(dump_only=True)
    device_label = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class SubscriptionEnvelopeSchema(Schema):
    subscription = fields.Nested(SubscriptionSchema, dump_only=True)


class SubscriptionListSchema(Schema):
    subscriptions = fields.List(fields.Nested(SubscriptionSchema), dump_only=True)


class PublicKeySchema(Schema):
    public_key = fields.String(dump_only=True)


class SendCountsSchema(Schema):
    delivered = fields.Integer(dump_only=True)
    failed = fields.Integer(dump_only=True)
    removed = fields.Integer(dump_only=True)
