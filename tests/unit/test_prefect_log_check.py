"""The check of the Prefect server's log: every traceback fails a test, except Prefect's
own SQLite refusing a transaction upgrade under load (named, and shown as a warning)."""

from __future__ import annotations

from tests.integration.prefect_logs import is_prefect_sqlite_lock, traceback_blocks

LOCKED = """10:00:00.000 | ERROR   | prefect.server - Encountered error during state validation
Traceback (most recent call last):
  File "/x/sqlalchemy/dialects/sqlite/aiosqlite.py", line 195, in execute
    self.await_(_cursor.execute(operation, parameters))
sqlite3.OperationalError: database is locked
10:00:01.000 | INFO    | prefect.server - next line
"""

SCHEDULER = """10:00:00.000 | ERROR   | prefect.server.services.scheduler - Unexpected error
Traceback (most recent call last):
  File "/x/prefect/server/models/deployments.py", line 1, in _insert_scheduled_flow_runs
    await session.execute(insert(FlowRun))
sqlalchemy.exc.InvalidRequestError: Can't evaluate bulk DML statement
"""


def test_a_scheduler_traceback_is_found_and_not_tolerated():
    (block,) = traceback_blocks(SCHEDULER)
    assert "Can't evaluate bulk DML statement" in block
    assert not is_prefect_sqlite_lock(block)


def test_prefect_sqlite_refusing_an_upgrade_is_tolerated():
    (block,) = traceback_blocks(LOCKED)
    assert block.splitlines()[0].endswith("state validation")
    assert is_prefect_sqlite_lock(block)


def test_a_lock_of_futflow_own_database_is_not_tolerated():
    block = LOCKED.replace("aiosqlite", "pysqlite")
    assert not is_prefect_sqlite_lock(traceback_blocks(block)[0])
