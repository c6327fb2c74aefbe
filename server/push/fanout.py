"""One `send_many`: which message goes out next, and when the caller stops waiting.

Three rules keep a few slow push services from delaying everyone else:
- Per-origin concurrency: at most `per_origin` sends to one origin at a time, so a service that
  hangs ties up that many worker threads, never all of them; workers take the next message of
  the origin with the fewest sends in flight.
- An origin that failed at the network level `trip_after` times in a row (timeouts, refused
  connections) gets no more attempts in this run: its remaining messages come back
  RETRY_LATER with `attempts == 0` (nothing was sent, so retrying them later is safe).
- A deadline for the whole run: when it passes, the caller gets its results at once. Messages
  not started are RETRY_LATER with `attempts == 0`; those still in flight are RETRY_LATER with
  `attempts == 1` (they may yet arrive) and finish in the background within their own
  deadline, their answer dropped.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from server.push.retry import Outcome
from server.push.types import SendResult

SendOne = Callable[[int, float], SendResult]  # (item index, deadline on `clock`) -> result


class Fanout:
    def __init__(
        self,
        origins: list[str],
        endpoints: list[str],
        send: SendOne,
        *,
        deadline: float,
        clock: Callable[[], float],
        per_origin: int,
        trip_after: int = 2,
    ) -> None:
        self._endpoints = endpoints
        self._origins = origins
        self._send = send
        self._deadline = deadline
        self._clock = clock
        self._per_origin = max(1, per_origin)
        self._trip_after = trip_after
        self._queues: dict[str, deque[int]] = {}
        for index, origin in enumerate(origins):
            self._queues.setdefault(origin, deque()).append(index)
        self._queued = len(origins)
        self._in_flight = dict.fromkeys(self._queues, 0)
        self._network_failures = dict.fromkeys(self._queues, 0)
        self._results: list[SendResult | None] = [None] * len(origins)
        self._left = len(origins)
        self._closed = False  # the caller has its results: late answers are dropped
        # One lock, two wake-up lists: a freed slot wakes one worker, not every thread.
        self._lock = threading.Lock()
        self._slot = threading.Condition(self._lock)  # workers waiting for a free slot
        self._done = threading.Condition(self._lock)  # the caller waiting for the results

    def work(self) -> None:
        """A worker's loop: take the next message allowed to go, send it, record the result."""
        while (index := self._take()) is not None:
            result = self._send(index, self._deadline)
            self._finish(index, result)

    def wait(self) -> list[SendResult]:
        """Block until every result is in or the deadline passes; results in input order."""
        with self._lock:
            while self._left and (left := self._deadline - self._clock()) > 0:
                self._done.wait(left)
            self._closed = True
            for index, result in enumerate(self._results):
                if result is None:
                    started = index not in self._queues[self._origins[index]]
                    self._results[index] = self._unsent(index, started)
            self._slot.notify_all()
            return list(self._results)  # type: ignore[arg-type]  # every slot is filled

    def _take(self) -> int | None:
        with self._lock:
            while not self._closed and self._clock() < self._deadline:
                ready = [
                    origin
                    for origin, queue in self._queues.items()
                    if queue and self._in_flight[origin] < self._per_origin
                ]
                if ready:
                    origin = min(ready, key=self._in_flight.__getitem__)
                    index = self._queues[origin].popleft()
                    self._queued -= 1
                    if not self._queued:  # nothing left to take: let waiting workers go
                        self._slot.notify_all()
                    if self._network_failures[origin] >= self._trip_after:
                        self._record(index, self._unsent(index, False, "not answering"))
                        continue
                    self._in_flight[origin] += 1
                    return index
                if not self._queued:
                    return None
                self._slot.wait(self._deadline - self._clock())
            return None

    def _finish(self, index: int, result: SendResult) -> None:
        origin = self._origins[index]
        with self._lock:
            self._in_flight[origin] -= 1
            if result.outcome is Outcome.RETRY_LATER and result.status is None:
                self._network_failures[origin] += 1
            else:
                self._network_failures[origin] = 0
            if not self._closed:
                self._record(index, result)
            self._slot.notify()

    def _record(self, index: int, result: SendResult) -> None:
        self._results[index] = result
        self._left -= 1
        if not self._left:
            self._done.notify_all()
            self._slot.notify_all()

    def _unsent(self, index: int, started: bool, why: str = "") -> SendResult:
        detail = why or ("still sending at the deadline" if started else "deadline passed")
        return SendResult(
            Outcome.RETRY_LATER, self._endpoints[index], attempts=int(started), detail=detail
        )
