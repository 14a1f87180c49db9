"""Engine, sessions and the column types the models share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, create_engine

from fut import clock
from fut.settings import get_settings


def utcnow() -> datetime:
    """The one clock's current instant (`fut.clock.now`), aware and in UTC."""
    return clock.now()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC, also on SQLite (which keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun below
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            # every unit of work may write (reads are audited), so take the write lock at
            # the start: a read transaction upgraded later would fail at once when another
            # process wrote meanwhile, instead of waiting its turn
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().db_url)


_joined: ContextVar[Connection | None] = ContextVar("futflow_joined_connection", default=None)


@contextmanager
def joined(connection: Connection) -> Iterator[None]:
    """Within this context (this thread only), every unit of work joins `connection`'s open
    transaction, its commit a savepoint: the tests run the services against PostgreSQL and
    roll everything back afterwards."""
    token = _joined.set(connection)
    try:
        yield
    finally:
        _joined.reset(token)


def new_session() -> Session:
    connection = _joined.get()
    if connection is not None:
        return Session(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
    return Session(get_engine(), expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with new_session() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"
