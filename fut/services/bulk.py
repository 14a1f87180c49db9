"""Many rows in one statement, for the use cases that write thousands at once (a bank's file):
COPY on PostgreSQL, executemany elsewhere (SQLite). Ids are taken before the insert, so the
rows that point at the new ones can be written in the same way."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from fut.db import is_postgres


def allocate_ids(session: Session, table: str, count: int) -> list[int]:
    """`count` new ids of `table`'s primary key: from its sequence on PostgreSQL; on SQLite
    (one writer at a time, the transaction began IMMEDIATE) the next after the largest."""
    if count == 0:
        return []
    if is_postgres(session):
        rows = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        )
        return [int(r[0]) for r in rows]
    last = session.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
    return list(range(int(last) + 1, int(last) + 1 + count))


def _copy_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_rows(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (values in the order of `columns`) into `table` in this transaction."""
    names = ", ".join(columns)
    if is_postgres(session):
        raw = session.connection().connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_copy_value(v) for v in row])
        return
    params = ", ".join(f":{c}" for c in columns)
    batch = [
        {c: _sqlite_value(v) for c, v in zip(columns, row, strict=True)} for row in rows
    ]
    if batch:
        session.execute(text(f"INSERT INTO {table} ({names}) VALUES ({params})"), batch)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return value
