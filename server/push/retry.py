"""What to do with a push service's answer: deliver, forget, give up, or try again and when.

Outcomes follow RFC 8030 and what the big services do:
  201/202/200 -> DELIVERED; 404/410 -> GONE (the caller deletes the subscription);
  429/5xx/timeout/connection error -> retried with exponential backoff that honours
  `Retry-After`, bounded by `max_retries`, by `max_total_wait_s` of sleeping and by the send's
  deadline, then RETRY_LATER (with the wait the service asked for, so a caller can come back);
  anything else (400/401/403/413...) -> REJECTED: logged, nothing deleted.
An address the routing refuses (private, loopback...) is REJECTED too: retrying cannot help.

Pure functions and a frozen policy, so the rules are tested without sockets.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    GONE = "gone"
    RETRY_LATER = "retry_later"
    REJECTED = "rejected"


def classify(status: int | None) -> Outcome:
    """The outcome a single answer means; RETRY_LATER for a network error (status None)."""
    if status in (200, 201, 202):
        return Outcome.DELIVERED
    if status in (404, 410):
        return Outcome.GONE
    if status is None or status == 429 or status >= 500:
        return Outcome.RETRY_LATER
    return Outcome.REJECTED


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    max_total_wait_s: float = 30.0
    backoff_base_s: float = 0.5

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """How long to wait after failed attempt number `attempt` (1-based)."""
        if retry_after is not None:
            return retry_after
        return self.backoff_base_s * 2 ** (attempt - 1)

    def should_retry(self, attempt: int, delay: float, waited: float, time_left: float) -> bool:
        """Retry after `delay`? Not past max_retries, the sleep budget or the send's deadline
        (a retry needs some time of its own after the sleep, hence the strict comparison)."""
        return (
            attempt <= self.max_retries
            and waited + delay <= self.max_total_wait_s
            and delay < time_left
        )
