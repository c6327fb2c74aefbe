"""Rules about a win's own fields that do not depend on where it is stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

MAX_TAGS = 10


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, without repeats; "Run" and "run" are one tag and the first spelling is kept."""
    seen: set[str] = set()
    result = []
    for tag in tags:
        text = tag.strip()
        key = text.casefold()
        if key not in seen:
            seen.add(key)
            result.append(text)
    return result


def local_day_fits(happened_at: datetime, day: date) -> bool:
    """Is `day` a plausible local day for the instant `happened_at`?

    The device computes the day from the user's time zone and "day starts at" hour. Zones run
    from UTC-12 to UTC+14 and the day may start up to 12 hours late, so the local day is never
    more than one calendar day from the UTC date; anything further is a client bug, not a zone.
    """
    utc_date = happened_at.astimezone(UTC).date()
    return abs((day - utc_date).days) <= 1
