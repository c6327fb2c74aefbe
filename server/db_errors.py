"""Database errors as answers: a busy database is a 503 to retry, anything else a plain 500.

"Busy" means other work holds what this request needed, so the same request will succeed a
moment later: SQLite's write lock outlasting busy_timeout (SQLITE_BUSY, SQLITE_LOCKED), and on
PostgreSQL a lock timeout, a serialisation failure, a deadlock or no free connection. Every
write path gets this from one error handler: the session is rolled back, so nothing of the
request is kept, and the client hears `try_again` with Retry-After.

What is logged is chosen, not whatever the exception prints: PostgreSQL puts row values in
its messages ("Key (email)=(ana@example.org) already exists"), so for a driver error the log
gets its class, code and SQL text (parameters are never there: the engine is created with
hide_parameters, see config.py) and the stack, never the driver's message.
"""

from __future__ import annotations

import logging
import sqlite3
import traceback
from typing import NoReturn

from flask import Flask, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from server.errors import api_error, error_response
from server.extensions import db

log = logging.getLogger(__name__)

RETRY_AFTER_S = 3
BUSY_MESSAGE = "We're busy for a moment. Please try again."
# lock_not_available, serialization_failure, deadlock_detected, too_many_connections.
BUSY_SQLSTATES = frozenset({"55P03", "40001", "40P01", "53300"})
BUSY_SQLITE_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def is_busy(error: BaseException) -> bool:
    """Whether retrying the same request later is the cure."""
    if isinstance(error, PoolTimeout):  # every pooled connection in use
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:  # the server went away; a retry gets a new connection
        return True
    original = error.orig
    if getattr(original, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    code = getattr(original, "sqlite_errorcode", None)
    # Extended codes (SQLITE_BUSY_SNAPSHOT...) keep the primary code in their low byte.
    return isinstance(code, int) and code & 0xFF in BUSY_SQLITE_CODES


def describe(error: BaseException) -> str:
    """A log line that cannot hold a value: class, code, SQL text, never the message."""
    original = getattr(error, "orig", None) or error
    kind = f"{type(original).__module__}.{type(original).__name__}"
    code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    statement = getattr(error, "statement", None)
    parts = [kind, f"code {code}" if code else "", f"in: {statement}" if statement else ""]
    return " ".join(part for part in parts if part)


def try_again(message: str = BUSY_MESSAGE) -> NoReturn:
    """Answer 503 try_again, for a caller that has already rolled back."""
    api_error(503, "try_again", message, headers={"Retry-After": str(RETRY_AFTER_S)})


def _handle(error: Exception) -> ResponseReturnValue:
    # Whatever the request had written so far must not be committed by anything after this.
    db.session.rollback()
    where = f"{request.method} {request.path}"
    if is_busy(error):
        log.warning("database busy on %s, answered 503: %s", where, describe(error))
        return error_response(
            503, "try_again", BUSY_MESSAGE, headers={"Retry-After": str(RETRY_AFTER_S)}
        )
    stack = "".join(traceback.format_tb(error.__traceback__))
    log.error("database error on %s: %s\n%s", where, describe(error), stack)
    return error_response(500)


def init_app(app: Flask) -> None:
    # StatementError covers every driver error (DBAPIError) and failures binding a value.
    app.register_error_handler(StatementError, _handle)
    app.register_error_handler(PoolTimeout, _handle)
