"""A batch of rows as one bound JSON parameter, so a 500-row statement stays short.

The tick's statements name hundreds of rows at once: `(id, user_id) IN (...)`, multi-row
INSERTs, per-row compare-and-set UPDATEs. Written out, each row is a placeholder per column;
SQLAlchemy then expands the placeholders for every batch, and psycopg converts the long
statement in pure Python each time (it caches only statements under 4,096 bytes and 50
parameters). Here the rows travel as data instead, and the statement text is the same for
every batch, so both libraries compile it once:

* one JSON text for the whole batch (orjson, C), each value first converted by its column
  type's own bind processor, so it compares equal to what that type stores;
* PostgreSQL: `json_to_recordset(:rows) AS v(a TYPE, b TYPE, ...)`, typed by the columns. One
  array per column (`unnest(:a, :b)`) was tried first: psycopg dumps arrays in pure Python,
  which cost more than the statement conversion it saved (tick work 122-148 us against 93-114);
* SQLite: `json_each(:rows)`, each row a JSON array read back with `json_extract` (dates and
  UTC times are text there, in the form the bind processors produce).

`rows_source(...)` is a FROM-able with one column per name: select from it, join it, use it in
`IN (SELECT ...)`, `INSERT ... SELECT` or `UPDATE ... FROM`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.selectable import FromClause
from sqlalchemy.types import TypeEngine

from server.extensions import db

Columns = Sequence[tuple[str, TypeEngine[Any]]]


def _dialect() -> Dialect:
    return db.session.get_bind().dialect


def rows_source(columns: Columns, rows: Sequence[Sequence[Any]]) -> FromClause:
    """`rows` (each a tuple in the order of `columns`) as a derived table with those columns."""
    dialect = _dialect()
    names = [name for name, _ in columns]
    processors = [_memo(kind.dialect_impl(dialect).bind_processor(dialect)) for _, kind in columns]
    encoded = [[proc(value) for value, proc in zip(row, processors, strict=True)] for row in rows]
    if dialect.name == "postgresql":
        objects = [dict(zip(names, row, strict=True)) for row in encoded]
        data = sa.cast(sa.bindparam(None, orjson.dumps(objects).decode(), type_=sa.Text), sa.JSON)
        typed = [sa.column(name, kind) for name, kind in columns]
        return sa.func.json_to_recordset(data).table_valued(*typed).render_derived(with_types=True)
    text = orjson.dumps(encoded).decode()
    each = sa.func.json_each(sa.bindparam(None, text, type_=sa.String)).table_valued("value")
    return sa.select(
        *(sa.func.json_extract(each.c.value, f"$[{i}]").label(name) for i, name in enumerate(names))
    ).subquery()


def _memo(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """The type's bind conversion, once per distinct value: a batch's rows share few times
    and dates (one due minute, one `now`), and formatting a datetime is the costly part."""
    if process is None:
        return lambda value: value
    seen: dict[tuple[type, Any], Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        key = (value.__class__, value)  # True and 1 are equal keys, but not the same value
        try:
            return seen[key]
        except KeyError:
            seen[key] = converted = process(value)
            return converted
        except TypeError:  # unhashable: convert every time
            return process(value)

    return convert


def in_rows(
    columns: Sequence[sa.ColumnElement[Any]], rows: Sequence[Sequence[Any]]
) -> sa.ColumnElement[bool]:
    """`(columns) IN rows`, e.g. the (id, user_id) keys of a batch, as one short statement."""
    source = rows_source([(f"c{i}", column.type) for i, column in enumerate(columns)], rows)
    return sa.tuple_(*columns).in_(sa.select(*source.c))
