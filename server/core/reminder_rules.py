"""What the reminder tick does with an occurrence it has claimed: send it, or skip it and say why.

Pure (no Flask, no database, `now` a parameter), so the rule is tested without an app. The tick
(server/jobs/tick.py) records the verdict as the delivery's status, so the ledger shows why a
reminder did not come.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from server.core.schedule import is_stale

Verdict = Literal["sending", "skipped_paused", "skipped_stale"]


def delivery_verdict(
    due_at: datetime, now: datetime, ttl: timedelta, paused_until: datetime | None
) -> Verdict:
    """Paused beats stale: an occurrence inside a pause was never wanted, however late it is.

    Paused means the pause still runs at `due_at` (not at `now`): a reminder due during a pause
    that ended a minute ago is still a paused one, not a late send."""
    if paused_until is not None and paused_until > due_at:
        return "skipped_paused"
    if is_stale(due_at, now, ttl):
        return "skipped_stale"
    return "sending"
