"""The statements sync runs against each collection's table, built once and compiled once per
dialect (server/prepared.py): the records a batch names, a pull's page, inserts and updates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Table, bindparam, insert, select, update

from server.prepared import Prepared, PreparedFamily, connection_dialect
from server.sync.registry import Collection


@dataclass
class TableStatements:
    """The statements sync runs against one collection's table, compiled once per dialect."""

    table: Table
    user_fields: tuple[str, ...]
    columns: tuple[str, ...] = field(init=False)  # of a row read by `stored` or `changed`
    # The records of one batch, by how many ids it names (at most MAX_MUTATIONS).
    stored: PreparedFamily = field(init=False)
    changed: Prepared = field(init=False)  # a pull's page of this table
    insert: Prepared = field(init=False)
    insert_rows: PreparedFamily = field(init=False)  # the same, n rows at once
    update: Prepared = field(init=False)

    def __post_init__(self) -> None:
        table = self.table
        self.columns = tuple(table.c.keys())
        self.stored = PreparedFamily(
            lambda count: select(table).where(
                table.c.user_id == bindparam("user_id"),
                table.c.id.in_([bindparam(f"id_{n}") for n in range(count)]),
            )
        )
        self.changed = Prepared(
            lambda: (
                select(table)
                .where(*in_window(table))
                .order_by(table.c.server_seq)
                .limit(bindparam("limit", type_=Integer))
            )
        )
        written = ["id", "user_id", "server_seq", "field_clock", *self.user_fields]
        self.insert = Prepared(
            lambda: insert(table).values({name: bindparam(name) for name in written})
        )
        self.insert_rows = PreparedFamily(
            lambda count: insert(table).values(
                [
                    # Typed: SQLAlchemy types only the first row's parameters by their column.
                    {name: bindparam(f"{name}_{n}", type_=table.c[name].type) for name in written}
                    for n in range(count)
                ]
            )
        )
        columns = [*self.user_fields, "field_clock", "server_seq"]
        self.update = Prepared(
            lambda: (
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.user_id == bindparam("b_user_id"))
                .values({name: bindparam(f"b_{name}") for name in columns})
            )
        )


_TABLES: dict[tuple[Table, tuple[str, ...]], TableStatements] = {}


def statements_for(collection: Collection) -> TableStatements:
    table = collection.model.__table__
    key = (table, collection.user_fields)
    found = _TABLES.get(key)
    if found is None:
        found = _TABLES[key] = TableStatements(table, collection.user_fields)
    return found


# Ids per IN list: a request holds at most MAX_MUTATIONS (200), an import any number, and
# each list size is a statement compiled and kept once (server/prepared.py).
IN_LIST_SIZE = 200


def chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[start : start + IN_LIST_SIZE] for start in range(0, len(ids), IN_LIST_SIZE)]


def ids_params(ids: Sequence[str], user_id: str) -> dict[str, Any]:
    """Parameters of a statement made by `statements_for(...).stored[len(ids)]`."""
    params: dict[str, Any] = {f"id_{n}": record_id for n, record_id in enumerate(ids)}
    params["user_id"] = user_id
    return params


def as_dict(statements: TableStatements, row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(statements.columns, row, strict=True))


# Rows per multi-row INSERT on PostgreSQL: each count is a statement compiled once, and
# 100 rows of any collection stay far below PostgreSQL's 65,535 parameters.
INSERT_ROWS = 100


def insert_rows(statements: TableStatements, rows: list[dict[str, Any]]) -> None:
    """New records, in one statement per 100 on PostgreSQL: psycopg's executemany runs a
    pipeline, ~130 µs of client CPU for 3 rows and ~180 µs for 5 against ~85 and ~125 µs for
    one multi-row INSERT (on the RawCursor, server/prepared.py). SQLite's executemany is the
    C loop of its own module, already the cheapest there."""
    if connection_dialect() != "postgresql":
        statements.insert.execute_many(rows)
        return
    for start in range(0, len(rows), INSERT_ROWS):
        chunk = rows[start : start + INSERT_ROWS]
        params = {
            f"{name}_{n}": value for n, row in enumerate(chunk) for name, value in row.items()
        }
        statements.insert_rows[len(chunk)].execute(params)


def in_window(table: Table) -> tuple[Any, ...]:
    return (
        table.c.user_id == bindparam("user_id"),
        table.c.server_seq > bindparam("start"),
        table.c.server_seq <= bindparam("upto"),
    )
