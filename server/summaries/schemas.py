"""The synced fields of a weekly summary. All written by the server (the collection is
server-only), so this schema only dumps records for devices; it never loads a device's write."""

from __future__ import annotations

from marshmallow import Schema, fields

from server.fields import StrictBoolean


class SummaryFieldsSchema(Schema):
    week = fields.String(required=True)  # "2026-W47"
    week_start = fields.Date(required=True)
    week_end = fields.Date(required=True)
    data = fields.Dict(required=True)  # server/core/summary.WeekSummary.to_dict()
    computed_at = fields.AwareDateTime(required=True)
    deleted = StrictBoolean(load_default=False)
