"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import fut.models  # noqa: F401
from fut.db import make_engine
from fut.migrate import upgrade


def test_migrated_sqlite_database_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fut.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    engine.dispose()
    assert diff == []
