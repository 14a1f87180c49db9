"""A running futflow for the engine benchmarks: `fut up` (what `make up` runs) on the
embedded defaults (SQLite for futflow and for Prefect's server) or on PostgreSQL (a fresh
database for each, dropped afterwards), with the warm worker or Prefect's stock runner."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from fut.cli import demo_tokens
from fut.system import free_port, launch_up


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Running:
    base: str
    tokens: dict[str, str]
    var: Path
    prefect_url: str
    process: subprocess.Popen[str]
    engine: str
    database: str

    def client(self) -> API:
        return API(self.base, self.tokens)


class API:
    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.http = httpx.Client(base_url=base, timeout=60)
        self.tokens = tokens

    def call(self, user: str, method: str, url: str, **kw: Any) -> Any:
        r = self.http.request(
            method, url, headers={"Authorization": f"Bearer {self.tokens[user]}"}, **kw
        )
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {r.status_code} {r.text[:500]}")
        return r.json()


@contextlib.contextmanager
def admin_url() -> Iterator[str]:
    """A PostgreSQL superuser's URL: `FUT_BENCH_POSTGRES_URL`, else the test suite's choice
    (the server on 127.0.0.1:5432, else an embedded one for as long as the context lasts)."""
    if url := os.environ.get("FUT_BENCH_POSTGRES_URL"):
        yield url
        return
    from tests import postgres

    with postgres.admin_url() as url:
        yield url


@contextlib.contextmanager
def fresh_database(bench: str) -> Iterator[tuple[str, Path]]:
    """A new PostgreSQL database and var directory for one benchmark, made this process's
    FUT_DATABASE_URL and FUT_VAR_DIR; the database is dropped afterwards. Yields both."""
    with admin_url() as admin:
        engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
        name = f"fut_bench_{bench.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            url = engine.url.set(database=name).render_as_string(hide_password=False)
            var = Path(tempfile.mkdtemp(prefix=f"futflow-bench-{bench}-"))
            os.environ.update({"FUT_DATABASE_URL": url, "FUT_VAR_DIR": str(var)})
            yield url, var
        finally:
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()


@contextlib.contextmanager
def _postgres_databases() -> Iterator[dict[str, str]]:
    from tests import postgres

    with admin_url() as admin:
        if not postgres.serves_prefect(admin):
            raise SystemExit("this PostgreSQL lacks pg_trgm, which Prefect's server needs")
        with postgres.instance_databases(admin, "fut_bench") as databases:
            yield databases


@contextlib.contextmanager
def running(engine: str, database: str, **env: str) -> Iterator[Running]:
    """`fut up` with FUT_ENGINE=`engine` on `database` ("sqlite": the embedded defaults,
    "postgres"), stopped and removed afterwards."""
    with contextlib.ExitStack() as stack:
        databases = stack.enter_context(_postgres_databases()) if database == "postgres" else {}
        var = Path(tempfile.mkdtemp(prefix=f"futflow-bench-{engine}-{database}-"))
        api_port, prefect_port = free_port(), free_port()
        saved = {k: os.environ.get(k) for k in ["FUT_ENGINE", *env]}
        os.environ.update({"FUT_ENGINE": engine, **env})
        try:
            up, output = launch_up(var, api_port, prefect_port, databases=databases)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        if "Stop with Ctrl-C" not in output:
            raise SystemExit(f"fut up did not start:\n{output}")
        try:
            yield Running(
                f"http://127.0.0.1:{api_port}",
                demo_tokens(var),
                var,
                f"http://127.0.0.1:{prefect_port}/api",
                up,
                engine,
                database,
            )
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(up.pid, signal.SIGINT)
            try:
                up.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(up.pid, signal.SIGKILL)
                up.wait()
            time.sleep(1)


def report(unit: str = "sodermalm", received_on: date | None = None) -> dict[str, Any]:
    """A report as an authority sends it (the example person of Skatteverket's tests)."""
    today = received_on or date.today()
    return {
        "unit": unit,
        "person": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
        "reporter_type": "authority",
        "channel": "letter",
        "received_by": "Bench",
        "received_on": today.isoformat(),
        "discovered_by": "Bankutdrag",
        "description": "Bench",
        "period_from": f"{today.year - 1}-05",
        "period_to": f"{today.year - 1}-08",
        "estimated_amount": 24000,
    }
