"""The sync protocol's rules, apart from HTTP and the database.

A device sends its outbox (mutations numbered by a per-device counter, each stamped with a
hybrid logical clock) and the cursor it has pulled up to; the server applies what is new and
answers with what changed since the cursor. The decisions that make this safe are here:

* which protocol versions are served (old clients get a clear "please update", not a crash);
* whether a mutation's stamp may be merged at all (malformed, or from a clock too far ahead);
* which mutations are new (at or below the client's last acknowledged id is a replay);
* whether a cursor is from a future this server never reached (a restored backup), so the
  device must pull again from the start;
* which remembered rejections a request still needs to hear about, and how many are kept.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from server.core.clock import MAX_DRIFT_MS, ClockError, Timestamp, is_too_far_ahead

CURRENT_SCHEMA_VERSION = 1
# The previous version stays served while installed apps update (one release of grace).
OLDEST_SCHEMA_VERSION = 1

# Rejections remembered per device: two requests' worth of mutations (see rejections_to_keep).
MAX_OWED_REJECTIONS = 400
# Syncing devices remembered per person; the longest unseen is forgotten (see docs/sync.md).
MAX_CLIENTS_PER_USER = 50

VersionVerdict = Literal["ok", "update_required", "too_new"]
StampProblem = Literal["invalid_hlc", "clock_ahead"]


def version_verdict(version: int) -> VersionVerdict:
    """May a client speaking protocol `version` sync with this server?"""
    if version < OLDEST_SCHEMA_VERSION:
        return "update_required"
    if version > CURRENT_SCHEMA_VERSION:
        return "too_new"
    return "ok"


def stamp_problem(hlc: str, now_ms: int, max_drift_ms: int = MAX_DRIFT_MS) -> StampProblem | None:
    """Why a mutation's stamp cannot be merged, or None when it can.

    A stamp far in the future would win every later conflict for that field until real time
    caught up, so it is refused rather than clamped; the device is told and can re-stamp."""
    try:
        stamp = Timestamp.parse(hlc)
    except ClockError:
        return "invalid_hlc"
    if is_too_far_ahead(stamp, now_ms, max_drift_ms):
        return "clock_ahead"
    return None


def strictly_increasing(ids: Sequence[int]) -> bool:
    """Mutation ids in one request must come in the order they were made."""
    return all(earlier < later for earlier, later in zip(ids, ids[1:], strict=False))


def first_new(ids: Sequence[int], last_mutation_id: int) -> int:
    """Index of the first id not yet applied; `ids` increase, so all from there on are new.

    Anything at or below the client's last acknowledged id is a replay (a retry after a lost
    response, or a duplicated request) and must not apply twice. Gaps above it are allowed:
    the server cannot tell a lost mutation from one the device withdrew."""
    return bisect_right(ids, last_mutation_id)


def missing_for_create(required: Iterable[str], incoming: Mapping[str, object]) -> list[str]:
    """Required fields a mutation lacks when its record does not exist yet."""
    return sorted(name for name in required if name not in incoming)


def needs_reset(cursor: int, current_seq: int) -> bool:
    """A cursor beyond the user's sequence was never handed out by this database (it was
    restored from a backup, or the device is confused): the device must pull from zero."""
    return cursor > current_seq


def next_cursor(start: int, delivered: Sequence[int], has_more: bool, current_seq: int) -> int:
    """Where the device resumes pulling.

    A full pull (no more pages) resumes at the user's current sequence: every row changed up to
    it was in this answer, because the answer was read under the user's sync lock. A partial pull
    resumes after the last row delivered."""
    if has_more:
        return delivered[-1] if delivered else start
    return current_seq


def rejections_still_owed(sent_ids: Sequence[int], acked: int = 0) -> int:
    """The lowest mutation id whose rejection this request must (again) report.

    A rejection is stored in the same transaction that acknowledges its mutation and is
    repeated in every answer until forgotten, so any response acknowledging id N carries N's
    rejection; the response that first carried it may have been lost, though. Two things a
    request can prove:

    * `acked`: the highest acknowledgement the device has applied (it saves it in the same
      local transaction as the rejections it was sent with). Everything at or below it was
      heard. This is the proof that keeps the memory small: it moves on every applied answer,
      even an idle one and even while a long pull keeps acknowledged entries in the outbox.
    * the first id sent: a device drops outbox entries only after applying an answer that
      acknowledged them, and sends its outbox oldest first (for devices that send no `acked`).

    With neither, everything remembered is reported."""
    first_sent = sent_ids[0] if sent_ids else 0
    heard_past = acked + 1 if acked else 0
    return max(first_sent, heard_past)


def rejections_to_keep(owed_ids: Sequence[int], cap: int = MAX_OWED_REJECTIONS) -> int:
    """The lowest owed id kept when a device owes more than `cap` (ids ascending); 0 = all.

    A device that follows the protocol never owes more than one request's mutations (200):
    until it applies an answer (which moves `acked` past everything answered), it re-sends
    the same oldest outbox entries, so no more ids above its `acked` reach the server. Only
    a device that ignores the protocol goes over; it loses its oldest rejections rather
    than making the table and every answer grow without end."""
    return owed_ids[-cap] if len(owed_ids) > cap else 0
