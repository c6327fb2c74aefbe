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
    """An exclusive flock on a file, held by one thread of this process at a time (callers
    serialise themselves, e.g. with a FifoLock), with a deadline.

    flock has no timeout, and polling it with LOCK_NB would be unfair again (a process that
    hands the lock from one of its threads to the next would starve one that sleeps between
    tries). So when the file is locked, a helper thread blocks in flock on this process's
    behalf and the kernel wakes it as soon as the lock is free. A caller that gives up first
    leaves the attempt to the next caller; if none comes, the helper lets go at once. A file
    descriptor is opened per holding and closed on release, so nothing lingers.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pid = -1

    def _for_this_process(self) -> None:
        # After a fork, the parent's state (a held descriptor, a helper) is not ours.
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._mutex = threading.Lock()
            self._pending: _Attempt | None = None
            self._fd: int | None = None

    def acquire(self, deadline: float, patient: bool = False) -> bool:
        """`patient`: the caller queued in this process already, so it waits its turn behind
        other processes rather than grabbing the lock at the instant this process let go (the
        kernel wakes their waiters; it does not hand the lock over)."""
        self._for_this_process()
        with self._mutex:
            attempt = self._pending
            if attempt is None:
                fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                if not patient:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        self._fd = fd
                        return True
                    except BlockingIOError:
                        pass
                attempt = self._pending = _Attempt(fd, self)
                threading.Thread(target=attempt.run, name="sqlite-write-gate", daemon=True).start()
            attempt.wanted = True
        attempt.locked.wait(max(0.0, deadline - time.monotonic()))
        with self._mutex:
            attempt.wanted = False
            if attempt.locked.is_set():
                self._fd = attempt.fd
                return True
            return False

    def release(self) -> None:
        with self._mutex:
            fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class _Attempt:
    """One blocking flock, run by a helper thread for whichever caller still wants it."""

    def __init__(self, fd: int, owner: ProcessFileLock) -> None:
        self.fd = fd
        self.owner = owner
        self.wanted = False
        self.locked = threading.Event()

    def run(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # until the other process lets go
        with self.owner._mutex:
            if self.owner._pending is self:
                self.owner._pending = None
            if self.wanted:
                self.locked.set()  # the waiting caller takes it from here
            else:
                os.close(self.fd)  # nobody wants it any more: let go at once
