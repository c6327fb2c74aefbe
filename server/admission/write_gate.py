"""A fair, bounded queue for SQLite's single writer (the embedded default).

SQLite lets one transaction write at a time; the others spin in its busy handler, which
sleeps longer the longer a writer has waited, so a newcomer often overtakes it and the unlucky
one waits out the whole busy timeout (5 s at 100 devices, issue 12). Here every write
transaction first passes a gate: a first-come-first-served lock within the process, then a
flock on a file next to the database shared by every process (the web workers and the job
consumer). A writer that cannot pass within SQLITE_WRITE_GATE_BUDGET_MS gets the same error as
a busy database (SQLITE_BUSY), so every write path answers its usual 503 try_again with
Retry-After (server/db_errors.py), quickly, with nothing written.

The gate is taken just before a transaction's first INSERT, UPDATE, DELETE or REPLACE (the
statements before which the sqlite3 module opens a transaction) and let go when the
connection commits, rolls back or closes. Reads never wait for it (WAL). Writers outside this
app (a sqlite3 shell) still meet SQLite's busy timeout as before. PostgreSQL is untouched.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from server.admission.fifo import FifoLock, ProcessFileLock

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteGateBusy(sqlite3.OperationalError):
    """Raised like SQLite's own "database is locked", so every handler treats it the same."""

    def __init__(self) -> None:
        super().__init__("database is locked (write gate)")
        self.sqlite_errorcode = sqlite3.SQLITE_BUSY
        self.sqlite_errorname = "SQLITE_BUSY"


class WriteGate:
    def __init__(self, database: Path, budget_s: float) -> None:
        self.budget_s = budget_s
        self._turn = FifoLock()
        self._file = ProcessFileLock(database.with_name(database.name + ".write-gate"))

    def acquire(self) -> None:
        deadline = time.monotonic() + self.budget_s
        queued = not self._turn.acquire(0)  # also refused while others queue: no overtaking
        if queued and not self._turn.acquire(self.budget_s):
            raise WriteGateBusy()
        if not self._file.acquire(deadline, patient=queued):
            self._turn.release()
            raise WriteGateBusy()

    def release(self) -> None:
        self._file.release()
        self._turn.release()


class _GatedConnection(sqlite3.Connection):
    """Lets go of the gate once the transaction is really over (after COMMIT, not before)."""

    gate: WriteGate
    holds_gate = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._let_go()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._let_go()

    def __del__(self) -> None:
        # A connection dropped without close() must not keep every other writer out.
        self._let_go()

    def _let_go(self) -> None:
        if self.holds_gate:
            self.holds_gate = False
            self.gate.release()


def is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(WRITES)


def install(engine: Engine, budget_ms: int) -> WriteGate | None:
    """Put a gate in front of this engine's writers, if it is a SQLite file and budget_ms > 0."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or budget_ms <= 0:
        return None
    gate = WriteGate(Path(database), budget_ms / 1000)
    connection_class = type("GatedConnection", (_GatedConnection,), {"gate": gate})

    @event.listens_for(engine, "do_connect")
    def _gated(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        cparams["factory"] = connection_class

    @event.listens_for(engine, "before_cursor_execute")
    def _pass_gate(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        dbapi_connection = conn.connection.dbapi_connection
        # (A connection made before install() is not gated; create_app installs it first.)
        if getattr(dbapi_connection, "holds_gate", True) or not is_write(statement):
            return
        gate.acquire()
        dbapi_connection.holds_gate = True

    return gate
