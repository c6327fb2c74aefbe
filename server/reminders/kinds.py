"""The four reminder kinds: their defaults and how long a late reminder is still worth sending.

Pure data, standard library only, so the tick, the API and the messages agree on one table.
`ttl` is both the staleness limit (after an outage, a recap due at 21:00 is still welcome at
23:30 but not at 03:00) and the push TTL (how long a push service holds it for an offline phone).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import time, timedelta

EVERY_DAY = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
SUNDAY = frozenset({6})

# Fixed forever: record ids are uuid5(namespace, "<user id>:<kind>"), so every device and the
# server name a user's "evening_recap" the same and can never create two of them.
REMINDER_NAMESPACE = uuid.UUID("5b1f3c1e-8c52-4d4e-9a57-3f0c2f6a0d41")
_NAMESPACE_BYTES = REMINDER_NAMESPACE.bytes


@dataclass(frozen=True)
class Kind:
    name: str
    enabled: bool
    local_time: time
    weekdays: frozenset[int]
    ttl: timedelta
    urgency: str


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("evening_recap", True, time(21, 0), EVERY_DAY, timedelta(hours=4), "normal"),
        Kind("morning_intention", False, time(8, 0), EVERY_DAY, timedelta(hours=3), "normal"),
        Kind("mindful_pause", False, time(17, 30), WEEKDAYS, timedelta(hours=1), "normal"),
        Kind("weekly_review", True, time(18, 0), SUNDAY, timedelta(hours=24), "low"),
    )
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)


def reminder_id(user_id: str, kind: str) -> str:
    """The deterministic record id of a user's reminder of `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown reminder kind: {kind!r}")
    # uuid.uuid5, written out: the tick checks every claimed reminder's id, and building UUID
    # objects was most of that check's cost. tests/jobs/test_rowsets.py pins it to uuid5.
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{user_id}:{kind}".encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def format_local_time(value: time) -> str:
    return value.strftime("%H:%M")


def parse_local_time(text: str) -> time:
    """'HH:MM' (24 h, leading zeros) to a naive time; ValueError otherwise."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        raise ValueError(f"expected HH:MM: {text!r}")
    hours, minutes = text[:2], text[3:]
    if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
        raise ValueError(f"expected HH:MM: {text!r}")
    return time(int(hours), int(minutes))
