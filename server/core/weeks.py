"""A person's week: Monday to Sunday in their own local days, and when it ends for them.

Weeks are named by ISO week ("2026-W47"), computed from local days (which already honour the
person's zone and "day starts at" hour, see days.py). The summary for a week is due at the
person's weekly review time on the last chosen weekday of that week (default Sunday 18:00
local), or Sunday 18:00 local when that reminder is off. Due times come from the local wall
clock with zoneinfo, so they stay at 18:00 across daylight-saving changes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from server.core.days import local_day, require_aware, week_start, zone

DEFAULT_REVIEW_TIME = time(18, 0)
SUNDAY = 6
_LABEL = re.compile(r"([0-9]{4})-W([0-9]{2})")


def week_label(monday: date) -> str:
    """The ISO week name of the week starting on `monday`, e.g. "2026-W47"."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(label: str) -> date:
    """The Monday of an ISO week name; ValueError for anything else (e.g. "2026-W54")."""
    match = _LABEL.fullmatch(label) if isinstance(label, str) else None
    if match is None:
        raise ValueError(f"expected an ISO week like 2026-W47: {label!r}")
    year, week = int(match.group(1)), int(match.group(2))
    monday = date.fromisocalendar(year, week, 1)  # ValueError for week 0 or 54 in a 52-week year
    return monday


def week_of(instant: datetime, time_zone: str, day_start_hour: int = 4) -> date:
    """The Monday of the person's week that `instant` belongs to."""
    return week_start(local_day(instant, time_zone, day_start_hour))


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


def due_at(
    monday: date,
    time_zone: str,
    review_time: time | None = None,
    review_weekdays: frozenset[int] | None = None,
) -> datetime:
    """When the summary of the week starting `monday` is due, as an aware datetime (UTC zone
    of the person). `review_time` None means the weekly review reminder is off."""
    weekday = SUNDAY
    if review_time is None:
        review_time = DEFAULT_REVIEW_TIME
    elif review_weekdays:
        weekday = max(review_weekdays)
    wall = datetime.combine(monday + timedelta(days=weekday), review_time)
    # fold=0: in a repeated hour the first occurrence; in a skipped hour zoneinfo moves forward.
    return wall.replace(tzinfo=zone(time_zone))


def latest_due_week(
    now: datetime,
    time_zone: str,
    day_start_hour: int = 4,
    review_time: time | None = None,
    review_weekdays: frozenset[int] | None = None,
) -> date:
    """The Monday of the most recent week whose summary is due at `now`."""
    require_aware(now, "now")
    this_week = week_of(now, time_zone, day_start_hour)
    if due_at(this_week, time_zone, review_time, review_weekdays) <= now:
        return this_week
    return this_week - timedelta(days=7)
