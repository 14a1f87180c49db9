"""Alembic environment: the URL comes from the caller's config or from settings."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import fut.models  # noqa: F401  (registers the tables)
from fut.db import make_engine
from fut.settings import get_settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().db_url


def run() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # batch migrations copy a table and drop the old one, which the rows pointing at
            # it would refuse; the pragma works only outside a transaction, so on the raw
            # connection before the migration's own transaction begins
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        context.configure(
            connection=connection,
            target_metadata=SQLModel.metadata,
            compare_type=True,
            render_as_batch=sqlite,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
