"""Locks that a waiter can give up on: in arrival order within a process, and across processes."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections import deque
from pathlib import Path


class FifoLock:
    """A lock granted in arrival order; `acquire` gives up after `timeout` seconds.

    threading.Lock makes no promise of order, and SQLite's busy handler is worse: a waiter
    sleeps longer the longer it has waited, so newcomers overtake it. Here release() hands
    the lock straight to the longest waiter, so a wait is bounded by the work queued ahead.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiters: deque[threading.Lock] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held and not self._waiters:
                self._held = True
                return True
            if timeout <= 0:
                return False
            baton = threading.Lock()
            baton.acquire()
            self._waiters.append(baton)
        if baton.acquire(timeout=timeout):
            return True  # handed over by release()
        with self._mutex:
            if baton in self._waiters:
                self._waiters.remove(baton)
                return False
        return True  # release() handed it over just as we gave up: it is ours

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # still held, by the next in line
            else:
                self._held = False


class ProcessFileLock:
    """An exclusive flock on a file, for one thread of this process at a time (callers
    serialise themselves, e.g. with a FifoLock), with a deadline.

    flock has no timeout, and polling it with LOCK_NB would be unfair again (a process that
    hands the lock from one of its threads to the next would starve one that sleeps between
    tries). So a helper thread blocks in flock on the process's behalf; the kernel wakes it
    as soon as the lock is free; a caller that gave up in the meantime leaves it to the next
    caller, or the helper lets go at once when nobody wants it any more.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pid = -1

    def _for_this_process(self) -> None:
        # After a fork the parent's descriptor, helper thread and condition are not ours.
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        self._cond = threading.Condition()
        self._wanted = False  # a caller is waiting for the helper
        self._trying = False  # the helper is blocked in flock
        self._held = False  # this process holds the flock
        self._taken = False  # ... and a caller has it
        threading.Thread(target=self._help, name="sqlite-write-gate", daemon=True).start()

    def acquire(self, deadline: float, patient: bool = False) -> bool:
        """`patient`: the caller queued in this process already, so it goes through the helper
        rather than grabbing the lock at the instant this process let go of it, which would
        beat the other processes' waiters (the kernel wakes them; it does not hand over)."""
        self._for_this_process()
        with self._cond:
            if not patient and not self._held and not self._trying:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self._held = self._taken = True
                    return True
                except BlockingIOError:
                    pass
            self._wanted = True
            self._cond.notify_all()
            while not (self._held and not self._taken):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._wanted = False
                    return False
                self._cond.wait(remaining)
            self._wanted = False
            self._taken = True
            return True

    def release(self) -> None:
        with self._cond:
            self._taken = self._held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._cond.notify_all()

    def _help(self) -> None:
        fd, cond = self._fd, self._cond
        while True:
            with cond:
                while not self._wanted or self._held:
                    cond.wait()
                self._trying = True
            fcntl.flock(fd, fcntl.LOCK_EX)  # blocks until the other process lets go
            with cond:
                self._trying = False
                if self._wanted:
                    self._held = True
                else:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                cond.notify_all()
