"""Scheduled deployments get their runs from Prefect's own scheduler, with `fut up` as
`make up` starts it: on the embedded defaults and with both databases on PostgreSQL.

A daily deployment at 06:00 runs no flow during a test; what the scheduler does is create
the next runs ahead of time (state Scheduled, `auto_scheduled`, created by the schedule). The
tests wait for such a run of `repayment-follow-up/daily` and call no flow themselves. Prefect's
settings are left at their defaults: the scheduler's loop is what `make up` has.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa

from fut.system import free_port, launch_up
from tests import postgres
from tests.integration.conftest import wait_until

FLOW, DEPLOYMENT = "repayment-follow-up", "daily"
# the recent-deployments loop (5 s) picks a new deployment up within seconds; the main loop
# (60 s) is the fallback on a busy machine
SCHEDULED_WITHIN = 150


@contextlib.contextmanager
def running_up(var: Path, databases: dict[str, str] | None = None) -> Iterator[httpx.Client]:
    """`fut up` as `make up` starts it, for as long as the context lasts; yields a client of
    its Prefect server's API."""
    prefect_port = free_port()
    proc, output = launch_up(var, free_port(), prefect_port, databases=databases)
    try:
        assert "Stop with Ctrl-C" in output, output
        with httpx.Client(base_url=f"http://127.0.0.1:{prefect_port}/api", timeout=30) as prefect:
            yield prefect
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)


def the_schedulers_runs(prefect: httpx.Client) -> list[dict[str, Any]]:
    """Wait for the runs Prefect's scheduler creates for repayment-follow-up/daily and check
    that every run of it is one of them.

    Checked while `fut up` runs: on shutdown the runner pauses the deployments it serves
    (Prefect's `pause_on_shutdown`), which deletes their scheduled runs; the next start
    resumes them and the scheduler creates the runs anew."""

    def deployment() -> dict[str, Any] | None:
        response = prefect.get(f"/deployments/name/{FLOW}/{DEPLOYMENT}")
        return response.json() if response.is_success else None

    # the runner registers it once it has started (and resumes it, after a restart)
    wait_until(lambda: (d := deployment()) and not d["paused"], 90, f"{FLOW}/{DEPLOYMENT} served")

    def runs() -> list[dict[str, Any]]:
        response = prefect.post(
            "/flow_runs/filter",
            json={
                "flows": {"name": {"any_": [FLOW]}},
                "deployments": {"name": {"any_": [DEPLOYMENT]}},
            },
        )
        response.raise_for_status()
        return list(response.json())

    found = wait_until(runs, SCHEDULED_WITHIN, f"a scheduled run of {FLOW}/{DEPLOYMENT}")
    served = deployment()
    assert served is not None and not served["paused"]
    [schedule] = served["schedules"]
    assert schedule["active"] and schedule["schedule"]["cron"] == "0 6 * * *"
    stockholm = ZoneInfo("Europe/Stockholm")
    for run in found:  # every run of it is the scheduler's, none from anywhere else
        assert run["auto_scheduled"] is True, run
        assert run["created_by"]["type"] == "SCHEDULE", run
        assert run["created_by"]["id"] == schedule["id"], run
        assert run["deployment_id"] == served["id"], run
        assert run["idempotency_key"].startswith(f"scheduled {served['id']} {schedule['id']} ")
        assert run["state_type"] == "SCHEDULED", run
        start = datetime.fromisoformat(run["expected_start_time"]).astimezone(stockholm)
        assert (start.hour, start.minute) == (6, 0), run
    return found


def test_make_up_schedules_the_daily_repayment_follow_up(tmp_path: Path) -> None:
    with running_up(tmp_path / "var") as prefect:
        the_schedulers_runs(prefect)
    with running_up(tmp_path / "var") as prefect:  # `make up` again: scheduled again
        the_schedulers_runs(prefect)


@pytest.fixture
def postgres_databases(postgres_admin_url: str) -> Iterator[dict[str, str]]:
    """Two new databases, futflow's and Prefect's, dropped afterwards."""
    if not postgres.serves_prefect(postgres_admin_url):
        pytest.skip("this PostgreSQL lacks pg_trgm, which Prefect's server needs")
    with postgres.instance_databases(postgres_admin_url, "fut_sched") as databases:
        yield databases


def test_make_up_on_postgresql_schedules_the_daily_repayment_follow_up(
    tmp_path: Path, postgres_databases: dict[str, str]
) -> None:
    with running_up(tmp_path / "var", postgres_databases) as prefect:
        run_ids = [run["id"] for run in the_schedulers_runs(prefect)]
        # both databases are PostgreSQL: the runs are in Prefect's, the users in futflow's
        prefect_db = sa.create_engine(
            postgres_databases["PREFECT_API_DATABASE_CONNECTION_URL"].replace(
                "+asyncpg", "+psycopg"
            )
        )
        fut_db = sa.create_engine(postgres_databases["FUT_DATABASE_URL"])
        try:
            with prefect_db.connect() as conn:
                stored = conn.execute(sa.text("SELECT CAST(id AS text) FROM flow_run"))
                assert set(run_ids) <= set(stored.scalars())
            with fut_db.connect() as conn:
                assert conn.execute(sa.text("SELECT count(*) FROM app_user")).scalar_one() >= 5
        finally:
            prefect_db.dispose()
            fut_db.dispose()
    assert not (tmp_path / "var" / "futflow.db").exists()
    assert not (tmp_path / "var" / "prefect" / "prefect.db").exists()
