"""Field types shared by every schema at the API's edge: sync envelopes and collections alike."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError, fields

from server.storable import is_storable

# The form crypto.randomUUID() produces. One spelling only: ids are compared as text, so
# "ABC..." and "abc..." would otherwise be two records.
UUID_FORM = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class StrictInteger(fields.Integer):
    """An integer that is not a bool (JSON true would otherwise load as 1)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StrictBoolean(fields.Boolean):
    """true or false only; not "yes", 1 or "on"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class TrimmedString(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        # Request bodies are checked as a whole (server/storable.py); this also guards text that
        # reaches a schema another way (imports, server-side writes).
        if not is_storable(text):
            raise ValidationError("Use plain text, without hidden control characters.")
        return text.strip()


class UuidString(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not UUID_FORM.fullmatch(text):
            raise ValidationError(
                "Use a lower-case UUID like 0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b."
            )
        return text


class UtcInstant(fields.AwareDateTime):
    """An ISO 8601 moment with an offset, stored and sent back in UTC."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if not _EARLIEST <= moment < _LATEST:
            raise ValidationError("Pick a moment between 1970 and 2200.")
        return moment.astimezone(UTC)
