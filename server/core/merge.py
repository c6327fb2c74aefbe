"""Apply a write to a record: per-field last-writer-wins by hybrid logical clock stamp.

A record keeps, next to its values, a clock: field name -> packed stamp of the write that set it.
An incoming write carries one stamp for all its fields; each field takes the new value only if
that stamp is strictly newer than the field's own. Because the rule looks at each field alone,
two devices editing different fields of the same record both keep their edits, and because it is
a max over stamps, the result does not depend on the order writes arrive in (stamps are unique
per device thanks to the node id). Equal stamps lose, so a replayed write changes nothing.

Deletion is the `deleted` field like any other (a tombstone); restoring writes `deleted=False`
with a newer stamp. Nothing here knows what a field means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.core.clock import Timestamp


@dataclass(frozen=True)
class MergeResult:
    values: dict[str, Any]
    clock: dict[str, str]
    # Fields whose write won. A newer stamp carrying the same value still counts: the clock is
    # part of the record's state, and other devices need the newer stamp to merge correctly.
    changed: frozenset[str]


def merge_fields(
    values: Mapping[str, Any],
    clock: Mapping[str, str],
    incoming: Mapping[str, Any],
    stamp: str,
) -> MergeResult:
    """Merge `incoming` (all stamped `stamp`) into a record; the inputs are left unmodified."""
    # A malformed stamp must be refused, not compared: as plain text it could outrank every
    # real stamp (e.g. "9") and win each field forever.
    Timestamp.parse(stamp)
    new_values = dict(values)
    new_clock = dict(clock)
    changed = set()
    for field, value in incoming.items():
        if stamp > new_clock.get(field, ""):
            new_values[field] = value
            new_clock[field] = stamp
            changed.add(field)
    return MergeResult(values=new_values, clock=new_clock, changed=frozenset(changed))


def record_stamp(clock: Mapping[str, str]) -> str:
    """The newest stamp in a record's clock, or "" for a record never written."""
    return max(clock.values(), default="")
