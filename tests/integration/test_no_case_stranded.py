"""No case stranded: a run left Pending or Running by a runner that died is found dead and
the case goes on where the database says it stands; a failed run is restarted once however
many wake-ups find it; stopping the runner lets the run in progress reach its wait.

(The flow's tolerance of a step completed between its reads is tested without Prefect in
tests/unit/test_case_flow.py.)"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.exceptions import ObjectNotFound
from prefect.states import Failed
from sqlmodel import col, select

from api.dispatcher import DEPLOYMENT
from fut.db import session_scope, utcnow
from fut.enums import OutboxKind, OutboxStatus
from fut.models import Outbox
from fut.processes import parse_process_name
from fut.services import outbox
from fut.settings import get_settings
from tests.integration.conftest import System, wait_until
from tests.integration.test_lifecycle import INVESTIGATION

TRIAGE_INVESTIGATE = {
    "outcome": "investigate",
    "priority": "normal",
    "case_type": 2,
    "reason": "Utreds",
}
TRIAGE_NO_ACTION = {"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "x"}


@pytest.fixture
def quick_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Judge runs a second old (production waits 30 s before judging a run)."""
    monkeypatch.setattr(get_settings(), "run_grace_seconds", 1.0)


@pytest.fixture
def prefect() -> Iterator[SyncPrefectClient]:
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        yield client


def read(prefect: SyncPrefectClient, run_id: UUID) -> FlowRun:
    return prefect.read_flow_run(run_id)


def runs_of(prefect: SyncPrefectClient, case_number: str) -> list[FlowRun]:
    return prefect.read_flow_runs(
        flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[case_number]))
    )


def deployment_served(prefect: SyncPrefectClient) -> None:
    """Wait until the runner has registered the case deployment (at the session's start)."""

    def served() -> bool:
        try:
            prefect.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            return False
        return True

    wait_until(served, 90, "the fut-case deployment")


def kill_runner(system: System) -> None:
    """The runner dies with its flow runs' processes, as in a crash (SIGKILL to its group)."""
    proc = system.instance.procs.pop("runner")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


def poll(check: Callable[[], Any], timeout: float, what: str) -> Any:
    """Like wait_until, but looks every 20 ms (to catch a state that lasts a second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@contextmanager
def case_row_locked(system: System, case_id: int) -> Iterator[sa.Connection]:
    """Hold the case's row lock: a run carrying out an automatic stage blocks there."""
    engine = sa.create_engine(system.db_url)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            try:
                conn.execute(
                    sa.text("SELECT id FROM fut_case WHERE id = :id FOR UPDATE"), {"id": case_id}
                )
                yield conn
            finally:
                transaction.rollback()
    finally:
        engine.dispose()


def blocked_on_the_lock(conn: sa.Connection) -> bool:
    conn.execute(sa.text("SELECT pg_stat_clear_snapshot()"))  # else frozen for the transaction
    waiting = conn.execute(
        sa.text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
    ).scalar_one()
    return bool(waiting)


def resumed_without_runner(system: System, prefect: SyncPrefectClient, case_id: int) -> FlowRun:
    """Triage, then stop the runner and complete the investigation: the case's run is
    resumed (Scheduled) with no runner to take it. Returns that run."""
    system.complete(case_id, "triage", TRIAGE_INVESTIGATE)
    first = system.waiting_run(case_id, "investigation")
    system.instance.stop("runner")
    system.complete(case_id, "investigation", INVESTIGATION)  # on to `communication`
    wait_until(
        lambda: read(prefect, first.id).state.is_scheduled(), 60, "the run resumed, no runner"
    )
    return first


def test_case_continues_after_runner_killed_while_run_is_submitting(
    system: System, new_case, quick_detection, prefect
):
    deployment_served(prefect)
    created = new_case()
    case_id = created["id"]
    # the investigation is completed while no runner is there to take the resumed run
    first = resumed_without_runner(system, prefect, case_id)

    system.instance.start_runner()
    runner = system.instance.procs["runner"]
    poll(
        lambda: read(prefect, first.id).state.type != StateType.SCHEDULED,
        90,
        "the runner to take the run",
    )
    os.killpg(runner.pid, signal.SIGSTOP)  # freeze the runner and its children right there
    taken = read(prefect, first.id).state
    assert taken.type == StateType.PENDING, f"the run got to {taken.name} before the kill"
    kill_runner(system)
    system.instance.start_runner()  # `make up` again

    second = system.waiting_run(case_id, "client_reply")
    assert second.id != first.id
    assert read(prefect, first.id).state.is_crashed()
    assert outbox.current_generation(case_id) == 1
    assert len(runs_of(prefect, created["case_number"])) == 2
    case = system.case(case_id)
    assert [d["kind"] for d in case["documents"]] == ["kommunicering"]
    assert [h["to_stage"] for h in case["history"]].count("client_reply") == 1


def test_case_continues_after_runner_killed_while_run_is_running(
    system: System, new_case, quick_detection, prefect
):
    created = new_case()
    case_id = created["id"]
    first = resumed_without_runner(system, prefect, case_id)

    with case_row_locked(system, case_id) as conn:
        system.instance.start_runner()
        # the run starts in its process and blocks carrying out `communication`
        running = wait_until(
            lambda: (
                (r := read(prefect, first.id)).state.is_running()
                and parse_process_name(r.infrastructure_pid)
                and r
            ),
            90,
            "the run running, its process on record",
        )
        wait_until(lambda: blocked_on_the_lock(conn), 60, "the run blocked mid-step")
        kill_runner(system)
    assert read(prefect, first.id).state.is_running()  # as the dead runner left it
    system.instance.start_runner()

    second = system.waiting_run(case_id, "client_reply")
    assert second.id != running.id
    dead = read(prefect, first.id).state
    assert dead.is_crashed() and "gone" in (dead.message or "")
    assert outbox.current_generation(case_id) == 1
    case = system.case(case_id)
    assert [d["kind"] for d in case["documents"]] == ["kommunicering"]
    assert [h["to_stage"] for h in case["history"]].count("client_reply") == 1


def test_several_wake_ups_for_one_failed_run_start_one_new_run(system: System, new_case, prefect):
    created = new_case()
    case_id = created["id"]
    first = system.waiting_run(case_id, "triage")
    key = (first.state.state_details.pause_key or "").split("~")[0]

    # four wake-ups for the case, held back until its run has failed
    later = utcnow() + timedelta(hours=1)
    with session_scope() as session:
        rows = [
            Outbox(case_id=case_id, kind=OutboxKind.WAKE, wait_key=k, next_attempt_at=later)
            for k in ("reconcile", key, "reconcile", "an-older-wait")
        ]
        session.add_all(rows)
        session.flush()
        ids = [r.id for r in rows]
    prefect.set_flow_run_state(first.id, Failed(message="test: the run failed"), force=True)
    with session_scope() as session:  # all due at once: one dispatcher pass takes them all
        for row in session.exec(select(Outbox).where(col(Outbox.id).in_(ids))):
            row.next_attempt_at = utcnow()
            session.add(row)

    def delivered() -> list[Outbox] | None:
        with session_scope() as session:
            rows = list(session.exec(select(Outbox).where(col(Outbox.id).in_(ids))))
            session.expunge_all()
        return rows if all(r.status == OutboxStatus.DELIVERED for r in rows) else None

    rows = wait_until(delivered, 60, "the wake-ups delivered")
    assert sum("(restarted)" in r.last_error for r in rows) == 1, [r.last_error for r in rows]
    assert outbox.current_generation(case_id) == 1
    assert len(runs_of(prefect, created["case_number"])) == 2
    second = system.waiting_run(case_id, "triage")
    assert second.id != first.id
    system.complete(case_id, "triage", TRIAGE_NO_ACTION)
    system.stage(case_id, "closed")
    assert len(runs_of(prefect, created["case_number"])) == 2


def test_stopping_the_runner_lets_the_run_in_progress_reach_its_wait(
    system: System, new_case, prefect
):
    created = new_case()
    case_id = created["id"]
    first = resumed_without_runner(system, prefect, case_id)
    with case_row_locked(system, case_id) as conn:
        system.instance.start_runner()
        wait_until(lambda: blocked_on_the_lock(conn), 90, "the run busy with `communication`")
        runner = system.instance.procs["runner"]
        os.kill(runner.pid, signal.SIGTERM)  # what `make up` does on Ctrl-C
        time.sleep(1)
        assert runner.poll() is None  # it waits for the run's step
    assert runner.wait(30) == 0
    system.instance.procs.pop("runner")
    run = read(prefect, first.id)
    assert run.state.is_paused() and "stage:client_reply" in run.tags, run.state
    system.instance.start_runner()
    system.complete(case_id, "client_reply", {"replied": True, "summary": "Svarade"})
    assert system.waiting_run(case_id, "intent").id == first.id
    assert outbox.current_generation(case_id) == 0
