"""A real system for the integration tests: PostgreSQL, a Prefect server, the runner serving
the deployments, and the API (in-process, with its dispatcher and timers)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from fut.system import free_port
from tests import postgres
from tests.clock import SUITE_TODAY, restart_clock

# autouse: no traceback in a Prefect server's log during the tests (see prefect_logs.py)
from tests.integration.prefect_logs import (  # noqa: F401
    no_traceback_in_prefect_server_log,
    prefect_server_logs,
)

USERS = {
    "handlaggare": ["handlaggare"],
    "utredare": ["utredare"],
    "utredare2": ["utredare"],
    "beslutsfattare": ["beslutsfattare"],
    "ekonomi": ["ekonomi"],
    "chef": ["chef"],
    "dubbelroll": ["utredare", "beslutsfattare"],
}


def wait_until(check: Callable[[], Any], timeout: float = 90, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class System:
    def __init__(
        self, client: TestClient, tokens: dict[str, str], instance: Any, db_url: str
    ) -> None:
        self.client, self.tokens, self.instance, self.db_url = client, tokens, instance, db_url

    def call(self, user: str | None, method: str, url: str, **kw: Any) -> Any:
        headers = kw.pop("headers", {})
        if user is not None:
            headers["Authorization"] = f"Bearer {self.tokens[user]}"
        return self.client.request(method, url, headers=headers, **kw)

    def ok(self, user: str, method: str, url: str, status: int = 200, **kw: Any) -> Any:
        response = self.call(user, method, url, **kw)
        assert response.status_code == status, (url, response.status_code, response.text)
        return response.json()

    def case(self, case_id: int, user: str = "utredare") -> dict[str, Any]:
        return self.ok(user, "GET", f"/api/cases/{case_id}")

    def task(
        self,
        case_id: int,
        step: str,
        role: str = "utredare",
        user: str = "utredare",
        timeout: float = 90,
    ) -> dict[str, Any]:
        def find() -> dict[str, Any] | None:
            tasks = self.ok(user, "GET", f"/api/tasks?role={role}&case_id={case_id}")
            return next((t for t in tasks if t["case_id"] == case_id and t["step"] == step), None)

        return wait_until(find, timeout, f"task {step} of case {case_id}")

    def complete(
        self,
        case_id: int,
        step: str,
        payload: dict[str, Any],
        user: str = "utredare",
        role: str = "utredare",
    ) -> dict[str, Any]:
        task = self.task(case_id, step, role=role, user=user)
        return self.ok(user, "POST", f"/api/tasks/{task['id']}/complete", json=payload)

    def stage(self, case_id: int, stage: str, timeout: float = 90) -> dict[str, Any]:
        return wait_until(
            lambda: (c := self.case(case_id))["stage"] == stage and c,
            timeout,
            f"case {case_id} at {stage}",
        )

    def prefect_run(self, case_id: int) -> Any:
        from uuid import UUID

        from prefect.client.orchestration import SyncPrefectClient

        from fut.settings import get_settings

        run_id = wait_until(lambda: self.case(case_id)["flow_run_id"], 60, "flow run id")
        with SyncPrefectClient(api=get_settings().prefect_url) as client:
            return client.read_flow_run(UUID(run_id))

    def waiting_run(self, case_id: int, stage: str) -> Any:
        def check() -> Any:
            run = self.prefect_run(case_id)
            return run if run.state.is_paused() and f"stage:{stage}" in run.tags else None

        return wait_until(check, 90, f"flow run of case {case_id} suspended at {stage}")


@pytest.fixture(scope="session")
def system(tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str) -> Iterator[System]:
    # futflow's database and Prefect's own, both on PostgreSQL as in production, where that
    # PostgreSQL can hold Prefect's (the embedded SQLite defaults are what the `make up`
    # tests start; pgserver's PostgreSQL lacks an extension Prefect needs)
    db_name = f"fut_test_{uuid.uuid4().hex[:10]}"
    databases = [db_name]
    if postgres.serves_prefect(postgres_admin_url):
        databases.append(f"{db_name}_prefect")
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in databases:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    db_url = admin.url.set(database=db_name).render_as_string(hide_password=False)
    if len(databases) == 2:
        os.environ["PREFECT_API_DATABASE_CONNECTION_URL"] = admin.url.set(
            drivername="postgresql+asyncpg", database=databases[1]
        ).render_as_string(hide_password=False)
    var_dir = tmp_path_factory.mktemp("var")
    os.environ.update(
        {
            "FUT_VAR_DIR": str(var_dir),
            "FUT_DATABASE_URL": db_url,
            "FUT_PREFECT_PORT": str(free_port()),
            "FUT_API_PORT": str(free_port()),
            "FUT_TIMER_INTERVAL_SECONDS": "0.5",
            "FUT_DISPATCH_INTERVAL_SECONDS": "0.5",
            "FUT_RECONCILE_INTERVAL_SECONDS": "2",
            "FUT_TODAY": SUITE_TODAY.isoformat(),  # every process; scenario dates are for it
        }
    )
    os.environ.pop("FUT_TODAY_SINCE", None)
    from fut.db import get_engine, session_scope
    from fut.municipality import get_municipality
    from fut.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()
    get_municipality.cache_clear()
    restart_clock()
    from fut.auth import create_user
    from fut.migrate import upgrade
    from fut.system import Instance

    upgrade()
    tokens = {}
    with session_scope() as session:
        for name, roles in USERS.items():
            _, tokens[name] = create_user(
                session, username=name, roles=roles, display_name=name.capitalize(), title="Testare"
            )
        _, tokens["norr"] = create_user(
            session, username="norr", roles=["utredare", "chef"], units=["norr"]
        )
    instance = Instance(get_settings())
    try:
        instance.start_prefect()
        instance.start_runner()
        from api.main import create_app

        with TestClient(create_app()) as client:
            yield System(client, tokens, instance, db_url)
    finally:
        instance.stop_all()
        get_engine().dispose()
        os.environ.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
        with admin.connect() as conn:
            for name in databases:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


REPORT: dict[str, Any] = {
    "unit": "sodermalm",
    "person": {
        "personnummer": "19121212-1212",
        "name": "Tolvan Tolvansson",
        "address": "Testgatan 1, 118 20 Exempelby",
    },
    "reporter_type": "authority",
    "channel": "letter",
    "received_by": "Hanna Handläggare",
    "received_on": "2026-11-02",
    "discovered_by": "Bankutdrag visade lön från en städfirma",
    "description": "Klienten har haft lön som inte redovisats.",
    "period_from": "2025-05",
    "period_to": "2025-08",
    "estimated_amount": 24000,
}


@pytest.fixture
def new_case(system: System) -> Callable[..., dict[str, Any]]:
    def make(**changes: Any) -> dict[str, Any]:
        return system.ok(
            "handlaggare", "POST", "/api/cases", status=201, json={**REPORT, **changes}
        )

    return make
