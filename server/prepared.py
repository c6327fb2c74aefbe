"""Core statements compiled once per dialect and run as their SQL text (issue 12).

SQLAlchemy rebuilds nothing it has cached, but every `session.execute(statement)` still pays
for building the statement object, generating its cache key (a walk of the whole tree), the
ORM session's execute layers, an execution context and result object, and per-row result
processing: about two thirds of a typical sync's Python time went there, for statements that
never change shape. A `Prepared` keeps the statement's compiled SQL and its bind and result
processors per dialect, and runs it on a DBAPI cursor of the session's connection (`_run`):
the same transaction, the same events (tests count statements with `before_cursor_execute`)
and the same exceptions (OperationalError, IntegrityError), without the rest.

The SQL is SQLAlchemy's own rendering for the dialect (qmark for SQLite, pyformat for
psycopg), so the text is exactly what `session.execute` would have sent. Statements must
name their parameters with `bindparam(...)`; literal values in the statement become defaults.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement

from server.extensions import db

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # parameter names in the order a positional paramstyle wants
    positional: bool
    defaults: Mapping[str, Any]  # values written into the statement itself
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]  # parameters that need converting
    # (index, processor) of the result columns whose values need converting
    converts: tuple[tuple[int, Callable[[Any], Any]], ...]
    returns_rows: bool  # a SELECT, or DML with RETURNING
    raw_cursor: Any  # psycopg's RawCursor class when it runs on one (see _raw), else None
    # Columns the statement leaves to a Python-side default (`default=`, `onupdate=`), which
    # SQLAlchemy computes per execution: (parameter name, the column's default).
    generated: tuple[tuple[str, Any], ...] = ()

    def params(self, given: Mapping[str, Any]) -> Any:
        values = {**self.defaults, **given} if self.defaults else dict(given)
        for name, default in self.generated:
            if name not in values:
                values[name] = default.arg(None) if default.is_callable else default.arg
        for name, convert in self.binds:
            values[name] = convert(values[name])  # None too: a JSON None is stored as 'null'
        if self.positional:
            return tuple(values[name] for name in self.names)
        return values


def _compile(statement: ClauseElement, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=_numbered(dialect) if _raw(dialect) else dialect)
    if "POSTCOMPILE" in compiled.string:
        raise ValueError("expanding parameters (IN lists) need a PreparedFamily, one per size")
    names = tuple(compiled.positiontup or compiled.binds)
    generated = tuple(
        [(column.key, column.default) for column in compiled.insert_prefetch]
        + [(column.key, column.onupdate) for column in compiled.update_prefetch]
    )
    defaults, binds = {}, []
    for name in names:
        bind = compiled.binds[name]
        if not bind.required and name not in dict(generated):
            defaults[name] = bind.effective_value
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            binds.append((name, convert))
    results: list[Processor] = []
    for column in getattr(statement, "exported_columns", ()):
        results.append(column.type.dialect_impl(dialect).result_processor(dialect, None))
    return _Compiled(
        compiled.string,
        names,
        bool(compiled.positional),
        defaults,
        tuple(binds),
        tuple((index, p) for index, p in enumerate(results) if p is not None),
        bool(results),
        _raw_cursor() if _raw(dialect) else None,
        generated,
    )


def _raw(dialect: Dialect) -> bool:
    """Whether statements run on psycopg's RawCursor: SQL with $1, $2... placeholders goes
    to PostgreSQL as it is, where a plain cursor rewrites %(name)s placeholders, which it
    caches only for texts under 4 KiB with at most 50 parameters. A multi-row INSERT passes
    that from 3 wins on, and parsing it again cost more than psycopg's executemany saved
    (3 rows: 229 µs against 139; on the RawCursor 84 µs). For small statements it is the same
    (~1-2 µs less)."""
    return dialect.name == "postgresql" and dialect.driver == "psycopg"


def _raw_cursor() -> Any:
    from psycopg import RawCursor  # psycopg is only installed where PostgreSQL is used

    return RawCursor


_NUMBERED: dict[int, Dialect] = {}


def _numbered(dialect: Dialect) -> Dialect:
    """The same dialect, rendering parameters as $1, $2... (for compiling only)."""
    numbered = _NUMBERED.get(id(dialect))
    if numbered is None:
        numbered = copy.copy(dialect)
        numbered.paramstyle, numbered.positional = "numeric_dollar", True
        _NUMBERED[id(dialect)] = numbered
    return numbered


class Prepared:
    """One statement, built by `build` the first time a dialect needs it."""

    def __init__(self, build: Callable[[], ClauseElement]) -> None:
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _compile(self._build(), dialect)
        return compiled

    def execute(self, params: Mapping[str, Any] | None = None) -> int:
        """Run it once, in the session's transaction; how many rows it touched."""
        return _run(self, params or {}, many=False)[2]

    def execute_many(self, params: Sequence[Mapping[str, Any]]) -> None:
        """Run it once per parameter set (the driver's executemany)."""
        _run(self, params, many=True)

    def rows(self, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Its result rows as tuples, each value converted as the column's type says."""
        compiled, rows, _ = _run(self, params or {}, many=False)
        if not compiled.converts:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for index, convert in compiled.converts:
                values[index] = convert(values[index])
            converted.append(tuple(values))
        return converted

    def scalar(self, params: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row, or None."""
        rows = self.rows(params)
        return rows[0][0] if rows else None


_CONNECTION = "prepared.connection"  # key in Session.info


def _connection() -> Connection:
    """The session's connection for its current transaction. `Session.connection()` costs
    a bind lookup each time; a sync runs about ten statements, so it is remembered for the
    transaction it belongs to (a commit or rollback starts another, and a new lookup)."""
    session = db.session()
    transaction = session.get_transaction()
    cached = session.info.get(_CONNECTION)
    if cached is not None and transaction is cached[0] and transaction.is_active:
        return cached[1]  # type: ignore[no-any-return]
    connection = session.connection()
    session.info[_CONNECTION] = (session.get_transaction(), connection)
    return connection


def connection_dialect() -> str:
    """The name of the dialect of the session's connection ("postgresql", "sqlite")."""
    return _connection().dialect.name


def _run(
    prepared: Prepared, params: Any, many: bool
) -> tuple[_Compiled, list[tuple[Any, ...]], int]:
    """Execute on the DBAPI cursor of the session's connection, as SQLAlchemy would, minus
    its per-call execution context and result object: listeners still hear
    before/after_cursor_execute, and a driver error is raised as SQLAlchemy's wrapper of it
    (OperationalError, IntegrityError...), a dropped connection invalidated, so callers and
    server/db_errors.py see exactly what `session.execute` would have raised."""
    connection = _connection()
    compiled = prepared._for(connection)  # noqa: SLF001
    sql = compiled.sql
    args = [compiled.params(p) for p in params] if many else compiled.params(params)
    dialect = connection.dialect
    pooled = connection.connection
    raw_cursor = compiled.raw_cursor
    cursor = raw_cursor(pooled.dbapi_connection) if raw_cursor else pooled.cursor()
    try:
        connection.dispatch.before_cursor_execute(connection, cursor, sql, args, None, many)
        if many:
            cursor.executemany(sql, args)
        else:
            cursor.execute(sql, args)
        connection.dispatch.after_cursor_execute(connection, cursor, sql, args, None, many)
        # Known from the statement: psycopg builds column objects to answer `description`.
        rows = cursor.fetchall() if compiled.returns_rows else []
        return compiled, rows, cursor.rowcount
    except dialect.loaded_dbapi.Error as error:
        gone = dialect.is_disconnect(error, pooled.dbapi_connection, cursor)
        wrapped = DBAPIError.instance(
            sql,
            args,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=gone,
            dialect=dialect,
            ismulti=many,
        )
        if gone:
            # As SQLAlchemy does on a disconnect: every connection pooled before now is
            # suspect too (a database restart), so the pool replaces them on checkout.
            connection.engine.pool._invalidate(pooled, error)  # noqa: SLF001
            connection.invalidate(error)
        raise wrapped from error
    finally:
        cursor.close()


class PreparedFamily:
    """Prepared statements that differ by a small key, e.g. how many ids an IN list holds,
    so each shape is compiled once (keys are bounded by the caller: at most 200 ids)."""

    def __init__(self, build: Callable[[Any], ClauseElement]) -> None:
        self._build = build
        self._members: dict[Any, Prepared] = {}

    def __getitem__(self, key: Any) -> Prepared:
        member = self._members.get(key)
        if member is None:
            member = self._members[key] = Prepared(lambda: self._build(key))
        return member
