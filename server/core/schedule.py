"""When a reminder set for a local wall-clock time fires next, across DST and the date line.

A reminder is "08:00 on Mon, Wed, Fri in Europe/Berlin", so its instants are computed from the
wall clock each time: walk local *dates* from the day before `after`, build date+time in the zone,
and take the first instant strictly after `after`. Adding 24 h to the last fire time instead
would drift by an hour at every DST change.

Ambiguous wall times are resolved with fold=0, which zoneinfo defines as:
* in a spring-forward gap (02:30 when clocks jump 02:00 -> 03:00) the offset before the jump
  applies, so the reminder fires once, at the shifted time 03:30;
* in a fall-back fold (01:30 happening twice) the first occurrence. Asking again with
  `after` = that instant moves to the next allowed date, never to the repeat an hour later.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from server.core.days import require_aware, zone

# Start one date early (a wall time shifted by a gap near midnight can land on the next date)
# and look 9 dates ahead: that covers every weekday at least once after `after`.
_FIRST_OFFSET = -1
_LAST_OFFSET = 8


def next_fire_at(
    local_time: time, weekdays: frozenset[int], time_zone: str, after: datetime
) -> datetime | None:
    """The first aware-UTC instant after `after` when the reminder fires; None if no weekdays.

    `weekdays` uses 0=Monday .. 6=Sunday and is judged on the local date, not the UTC one.
    """
    require_aware(after, "after")
    if local_time.tzinfo is not None:
        raise ValueError(f"local_time must be a naive wall-clock time: {local_time!r}")
    if not weekdays:
        return None
    if not all(isinstance(day, int) and 0 <= day <= 6 for day in weekdays):
        raise ValueError(f"weekdays must be within 0..6: {sorted(weekdays)!r}")
    tz = zone(time_zone)
    start = after.astimezone(tz).date()
    wall = local_time.replace(fold=0)
    for offset in range(_FIRST_OFFSET, _LAST_OFFSET + 1):
        day: date = start + timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        fire = datetime.combine(day, wall, tzinfo=tz).astimezone(UTC)
        if fire > after:
            return fire
    raise AssertionError("unreachable: nine consecutive dates contain every weekday")


def is_stale(due_at: datetime, now: datetime, ttl: timedelta) -> bool:
    """True if a reminder due at `due_at` is more than `ttl` late: skip it rather than send late."""
    require_aware(due_at, "due_at")
    require_aware(now, "now")
    return now - due_at > ttl
