"""Which local day and week a moment belongs to, in the user's own time zone.

A user's day need not end at midnight: with `day_start_hour=4`, a win logged at 00:40 still
belongs to the evening before. The boundary is on the local wall clock, so it stays at 04:00
across daylight-saving changes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

# Names that load but are not places a person lives: aliases of the server's own zone or
# placeholders. A user's zone must never silently mean "whatever this machine uses".
_NOT_A_PLACE = frozenset({"localtime", "posixrules", "Factory"})
# Shape of an IANA key; checked before touching the file system with untrusted text.
_ZONE_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}")


@cache
def _known_zones() -> frozenset[str]:
    # Scanning the zone database takes tens of milliseconds; do it once, on first use.
    return frozenset(available_timezones()) - _NOT_A_PLACE


def is_valid_time_zone(name: str) -> bool:
    """True for an IANA zone name such as "UTC" or "Europe/Berlin"; never raises."""
    if not isinstance(name, str) or len(name) > 64 or not _ZONE_SHAPE.fullmatch(name):
        return False
    if name not in _known_zones():
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for a valid zone name; ValueError otherwise."""
    if not is_valid_time_zone(name):
        raise ValueError(f"unknown time zone: {name!r}")
    return ZoneInfo(name)


def require_aware(moment: datetime, what: str = "datetime") -> None:
    """Raise ValueError for a naive datetime: it names no instant, so rules on it are guesses."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware: {moment!r}")


def local_day(instant: datetime, time_zone: str, day_start_hour: int = 4) -> date:
    """The user's local date `instant` belongs to, the day starting at `day_start_hour`."""
    require_aware(instant, "instant")
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"day_start_hour must be 0..23: {day_start_hour!r}")
    local = instant.astimezone(zone(time_zone))
    if local.hour < day_start_hour:
        return local.date() - timedelta(days=1)
    return local.date()


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())
