"""The synced fields of a weekly summary. All written by the server (the collection is
server-only), so this schema only dumps records for devices; it never loads a device's write."""

from __future__ import annotations

from marshmallow import Schema, fields

from server.sync.schemas import StrictBoolean

# A summary's JSON holds at most this many themes and highlights of text the person wrote;
# the stored row stays a few KB, well inside one sync page.
MAX_THEMES = 8


class SummaryFieldsSchema(Schema):
    week = fields.String(required=True)  # "2026-W47"
    week_start = fields.Date(required=True)
    week_end = fields.Date(required=True)
    data = fields.Dict(required=True)  # server/core/summary.WeekSummary.to_dict()
    computed_at = fields.AwareDateTime(required=True)
    deleted = StrictBoolean(load_default=False)
