"""Hybrid logical clock (HLC) stamps for per-field last-writer-wins sync.

Why: every device edits records offline and the server merges them field by field, keeping the
newest write. Wall clocks cannot decide "newest" on their own: phones drift, stall and jump back.
A pure logical counter ignores real time, so an edit made today could lose to one made last week.
An HLC is both: a stamp is (millis, counter, node) where

* `millis` is the largest wall-clock time this node has seen, its own or in a stamp it received;
* `counter` orders events that share the same `millis` (a stalled or backwards clock);
* `node` is the device id, so two devices never produce equal stamps.

Sending (a local edit): take max(wall clock, last.millis); if that did not move past the last
stamp, bump the counter, else reset it to 0. Receiving: the same over the local, remote and wall
clocks, so a stamp issued after seeing a remote one always sorts after it (causality). A remote
stamp far in the future is refused: accepting it would drag this clock ahead for good and let one
bad device win every later conflict.

Stamps are stored and compared packed, as fixed-width strings whose text order is the stamp order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DRIFT_MS = 10 * 60 * 1000
MAX_MILLIS = 10**15 - 1
MAX_COUNTER = 99_999

_NODE = re.compile(r"[0-9a-z]{1,32}")
# [0-9] rather than \d: \d also matches non-ASCII digits, which would break the fixed width.
_PACKED = re.compile(r"([0-9]{15})-([0-9]{5})-([0-9a-z]{1,32})")


class ClockError(ValueError):
    """A stamp is malformed or cannot be produced (counter overflow)."""


class ClockDriftError(ClockError):
    """A remote stamp is too far ahead of this node's wall clock."""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    counter: int
    node: str

    def __post_init__(self) -> None:
        # Validate on construction so every Timestamp packs to a well-formed, sortable string.
        if not _is_int(self.millis) or not 0 <= self.millis <= MAX_MILLIS:
            raise ClockError(f"millis out of range: {self.millis!r}")
        if not _is_int(self.counter) or not 0 <= self.counter <= MAX_COUNTER:
            raise ClockError(f"counter out of range: {self.counter!r}")
        if not isinstance(self.node, str) or not _NODE.fullmatch(self.node):
            raise ClockError(f"node must be 1-32 chars of [0-9a-z]: {self.node!r}")

    def pack(self) -> str:
        return f"{self.millis:015d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        match = _PACKED.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ClockError(f"malformed timestamp: {text!r}")
        millis, counter, node = match.groups()
        return cls(int(millis), int(counter), node)


def _next(millis: int, counter: int, node: str) -> Timestamp:
    if counter > MAX_COUNTER:
        raise ClockError("counter overflow: too many events within one millisecond")
    return Timestamp(millis, counter, node)


def send(last: Timestamp, now_ms: int) -> Timestamp:
    """Stamp a local event: strictly after `last`, even if the wall clock stalled or went back."""
    millis = max(now_ms, last.millis)
    counter = last.counter + 1 if millis == last.millis else 0
    return _next(millis, counter, last.node)


def receive(
    last: Timestamp, remote: Timestamp, now_ms: int, max_drift_ms: int = MAX_DRIFT_MS
) -> Timestamp:
    """Merge a remote stamp: the result is after both `last` and `remote`, keeping `last.node`."""
    if is_too_far_ahead(remote, now_ms, max_drift_ms):
        raise ClockDriftError(
            f"remote clock is {remote.millis - now_ms} ms ahead (limit {max_drift_ms} ms)"
        )
    millis = max(now_ms, last.millis, remote.millis)
    if millis == last.millis == remote.millis:
        counter = max(last.counter, remote.counter) + 1
    elif millis == last.millis:
        counter = last.counter + 1
    elif millis == remote.millis:
        counter = remote.counter + 1
    else:
        counter = 0  # the wall clock is ahead of both: a fresh millisecond
    return _next(millis, counter, last.node)


def is_too_far_ahead(ts: Timestamp, now_ms: int, max_drift_ms: int) -> bool:
    """True if `ts` claims a time more than `max_drift_ms` after `now_ms`."""
    return ts.millis - now_ms > max_drift_ms
