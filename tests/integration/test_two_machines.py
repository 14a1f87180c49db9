"""Issue 9, point 4: futflow across machines. One Prefect server and one PostgreSQL
(futflow's database and Prefect's), two warm workers (`python -m deployments.worker`) pulling
from the `futflow` work pool and two API processes (uvicorn), each worker and API with a
FUT_VAR_DIR of its own as on separate machines, the documents on one shared directory
(FUT_DOCUMENTS_DIR), as the README shows. 20 cases are driven through their whole lifecycle
with the requests alternating between the two APIs: each step is carried out once (the
history), each document made once (and served by both APIs), every outbox message delivered
once, and both workers ran flow runs (the Pending state a worker proposes names it)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
import sqlalchemy as sa
from prefect.client.orchestration import SyncPrefectClient

from fut.cli import demo_tokens
from fut.processes import taken_by
from fut.settings import REPO_ROOT
from fut.system import free_port, wait_http
from tests.integration.drive import (
    FAST,
    Http,
    Lifecycle,
    check_each_step_and_document_once,
    drive,
    postgres_databases,
)

CASES = 20
MACHINES = ("a", "b")
ALL_CLOSED_WITHIN = 300.0


@dataclass
class Cluster:
    root: Path
    databases: dict[str, str]
    prefect_port: int = field(default_factory=free_port)
    api_ports: dict[str, int] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    since: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def prefect_api(self) -> str:
        return f"http://127.0.0.1:{self.prefect_port}/api"

    @property
    def documents(self) -> Path:
        return self.root / "shared-documents"

    def var(self, machine: str) -> Path:
        return self.root / f"machine-{machine}"

    def api(self, machine: str) -> str:
        return f"http://127.0.0.1:{self.api_ports[machine]}"

    def env(self, var: Path) -> dict[str, str]:
        """What a machine's processes are given: the shared database, Prefect server and
        documents directory; a var dir (and Prefect home) of its own."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FUT_", "PREFECT_"))}
        (var / "prefect").mkdir(parents=True, exist_ok=True)
        env.update(self.databases)
        env.update(FAST)
        env.update(
            {
                "FUT_VAR_DIR": str(var),
                "FUT_DOCUMENTS_DIR": str(self.documents),
                "FUT_PREFECT_API_URL": self.prefect_api,
                "FUT_TODAY_SINCE": self.since,  # one clock for all
                "PREFECT_API_URL": self.prefect_api,
                "PREFECT_HOME": str(var / "prefect"),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
                "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
                "PYTHONPATH": str(REPO_ROOT),
            }
        )
        return env

    def spawn(self, name: str, var: Path, args: list[str]) -> subprocess.Popen[bytes]:
        logs = var / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with (logs / f"{name}.log").open("ab") as out:
            proc = subprocess.Popen(
                [sys.executable, *args],
                cwd=REPO_ROOT,
                env=self.env(var),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs[name] = proc
        return proc

    def start(self) -> None:
        server = self.root / "prefect-server"
        prefect = self.spawn(
            "prefect-server",
            server,
            ["-m", "prefect", "server", "start", "--host", "127.0.0.1"]
            + ["--port", str(self.prefect_port), "--analytics-off"],
        )
        # the database and the demo users, once (what `fut up` does before it starts)
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from fut.migrate import upgrade; upgrade(); "
                "from fut.cli import ensure_demo_users; ensure_demo_users()",
            ],
            cwd=REPO_ROOT,
            env=self.env(self.var("a")),
            check=True,
            timeout=120,
        )
        wait_http(f"{self.prefect_api}/health", 120, prefect)
        apis = {}
        for m in MACHINES:
            self.spawn(f"worker-{m}", self.var(m), ["-m", "deployments.worker"])
            self.api_ports[m] = free_port()
            apis[m] = self.spawn(
                f"api-{m}",
                self.var(m),
                ["-m", "uvicorn", "api.main:app", "--host", "127.0.0.1"]
                + ["--port", str(self.api_ports[m]), "--no-access-log"],
            )
        for m in MACHINES:
            wait_http(f"{self.api(m)}/health", 90, apis[m])

    def stop(self) -> None:
        # the workers first, with SIGTERM: they let their runs reach their wait
        order = sorted(self.procs, key=lambda n: (not n.startswith("worker"), n))
        for name in order:
            proc = self.procs[name]
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def cluster(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cluster]:
    with postgres_databases(request) as databases:
        running = Cluster(tmp_path, databases)
        try:
            running.start()
            yield running
        finally:
            running.stop()


def test_twenty_cases_across_two_workers_and_two_apis_each_step_and_document_once(
    cluster: Cluster,
):
    http = Http([cluster.api(m) for m in MACHINES], demo_tokens(cluster.var("a")))
    db_url = cluster.databases["FUT_DATABASE_URL"]
    lifecycles = [Lifecycle(http, db_url) for _ in range(CASES)]
    started = time.monotonic()
    failures = drive(lifecycles)
    took = time.monotonic() - started
    print(f"two machines: {CASES} lifecycles in {took:.0f} s; answers {dict(http.answered_by)}")
    assert not failures, failures
    assert took < ALL_CLOSED_WITHIN
    assert not http.server_errors, http.server_errors

    check_each_step_and_document_once(http, lifecycles, cluster.documents)
    for m in MACHINES:  # nothing written to a machine's own documents directory
        assert not list((cluster.var(m) / "documents").rglob("*.docx")), m

    # both APIs answered; every outbox message was delivered, once
    assert all(http.answered_by[cluster.api(m)] > 50 for m in MACHINES), http.answered_by
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            statuses = Counter(
                status for (status,) in conn.execute(sa.text("SELECT status FROM outbox"))
            )
    finally:
        engine.dispose()
    assert set(statuses) == {"delivered"}, statuses

    # both workers took runs: each Pending state names the worker that took the run
    workers = {cluster.procs[f"worker-{m}"].pid: m for m in MACHINES}
    takers: Counter[str] = Counter()
    with SyncPrefectClient(api=cluster.prefect_api) as client:
        for lc in lifecycles:
            run_id = lc.case()["flow_run_id"]
            for state in client.read_flow_run_states(UUID(run_id)):
                if state.is_pending() and (worker := taken_by(state.message)):
                    takers[workers.get(worker[1], "unknown")] += 1
    print(f"two machines: runs taken per worker {dict(takers)}")
    assert set(takers) == set(MACHINES), takers
