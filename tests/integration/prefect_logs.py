"""The Prefect server's log must stay free of tracebacks during the integration tests.

A Prefect server logs the failures of its own services (the scheduler, the event handlers,
…) and goes on answering: a broken scheduler creates no run and no test that calls a flow
directly notices. So every ``prefect-server.log`` written under the session's temporary
directory (the ``system`` fixture's, every ``fut up`` a test starts) is read after each test
and once more at the end of the session, after the servers have been stopped; a traceback
fails the test during which it was written, or the session.

No traceback is allowed, not even on shutdown: the servers are stopped with SIGTERM, which
Prefect handles without one. One exception, named and shown as a warning: Prefect 3.8.8 on
its SQLite database (the `make up` defaults) opens DEFERRED transactions that read and then
write (`prefect/server/database/configurations.py`, `begin_transaction`); on a loaded
machine SQLite refuses such an upgrade at once with "database is locked", whatever the busy
timeout. That is Prefect's, it is answered with a retry or a crashed run that futflow heals,
and it does not happen on PostgreSQL, where the main integration system keeps Prefect.

A second one, also shown as a warning: when a worker is killed (SIGKILL, in
test_kill_at_random.py) while its worker channel (a websocket) is open, Prefect 3.8.8's
`WorkerChannelConnection._receive_loop` (`prefect/server/utilities/worker_channel.py`) does
not count starlette's `WebSocketDisconnected` among the normal disconnects, and the task
ends with "Task exception was never retrieved". The connection was over anyway; the server
goes on serving and the restarted worker opens a new one.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

MARK = "Traceback (most recent call last)"
LOG_NAME = "prefect-server.log"


def traceback_blocks(text: str) -> list[str]:
    """Each traceback in a log: the line before it (the log record that carries it), the
    traceback and the exception line that ends it."""
    lines = text.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if MARK not in line:
            continue
        start = max(i - 1, 0)
        end = i + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end]):
            end += 1  # the frames, indented
        end = min(end + 1, len(lines))  # the exception line
        blocks.append("\n".join(lines[start:end]))
    return blocks


class PrefectSqliteLocked(UserWarning):
    """Prefect's own SQLite refused a transaction upgrade under load (see the module)."""


def is_prefect_sqlite_lock(block: str) -> bool:
    last = block.strip().splitlines()[-1]
    return "aiosqlite" in block and last.endswith("database is locked") and "sqlite3" in last


class PrefectWorkerChannelDropped(UserWarning):
    """A killed worker's websocket ended Prefect's receive loop with an exception."""


def is_worker_channel_dropped(block: str) -> bool:
    last = block.strip().splitlines()[-1]
    return (
        "WorkerChannelConnection._receive_loop" in block
        and last.startswith("starlette.websockets.WebSocketDisconnected:")
        and 'Need to call "accept" first' in last
    )


class PrefectServerLogs:
    """Reads each prefect-server.log under ``root`` from where it was last read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read_up_to: dict[Path, int] = {}

    def new_tracebacks(self) -> list[str]:
        found = []
        for log in sorted(self.root.rglob(LOG_NAME)):
            with log.open("rb") as f:
                f.seek(self.read_up_to.get(log, 0))
                data = f.read()
            # read up to the last complete line; a traceback being written is read next time
            complete = data[: data.rfind(b"\n") + 1]
            self.read_up_to[log] = self.read_up_to.get(log, 0) + len(complete)
            for block in traceback_blocks(complete.decode("utf-8", "replace")):
                found.append(f"{log}:\n{block}")
        return found

    def check(self, when: str) -> None:
        found = []
        for block in self.new_tracebacks():
            if is_prefect_sqlite_lock(block):
                warnings.warn(PrefectSqliteLocked(block.splitlines()[0]), stacklevel=1)
            elif is_worker_channel_dropped(block):
                warnings.warn(PrefectWorkerChannelDropped(block.splitlines()[0]), stacklevel=1)
            else:
                found.append(block)
        if found:
            pytest.fail(
                f"traceback in the Prefect server's log {when}:\n\n" + "\n\n".join(found),
                pytrace=False,
            )


@pytest.fixture(scope="session", autouse=True)
def prefect_server_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServerLogs]:
    """Session-wide, set up before (so torn down after) the ``system`` fixture: its end
    check sees what the servers wrote while they were stopped."""
    logs = PrefectServerLogs(tmp_path_factory.getbasetemp())
    yield logs
    # the servers of the session are stopped by now; read the last of their lines
    logs.check("during the session (servers' shutdown included)")


@pytest.fixture(autouse=True)
def no_traceback_in_prefect_server_log(prefect_server_logs: PrefectServerLogs) -> Iterator[None]:
    yield
    prefect_server_logs.check("during this test")
