"""Many rows in one statement, for the use cases that write thousands at once (a bank's file):
COPY on PostgreSQL, executemany elsewhere (SQLite)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from fut.db import is_postgres


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
    batch = [{c: _sqlite_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    if batch:
        session.execute(text(f"INSERT INTO {table} ({names}) VALUES ({params})"), batch)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    return value


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while millions of small objects (no cycles) are made:
    it would otherwise walk them all again and again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
