"""Sign-in throttling rule: a sliding window of recent failures.

Pure so it can be tested without a database: the caller passes the failure times it has.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta


def retry_after_seconds(
    failures: Sequence[datetime], now: datetime, limit: int, window: timedelta
) -> int | None:
    """Seconds to wait before another try, or None when a try is allowed.

    Blocked while `limit` or more failures fall inside the window; the block lifts
    when the oldest of the most recent `limit` failures leaves the window.
    """
    recent = sorted(at for at in failures if now - at < window)
    if len(recent) < limit:
        return None
    oldest_that_counts = recent[-limit]
    wait = (oldest_that_counts + window - now).total_seconds()
    return max(1, math.ceil(wait))
