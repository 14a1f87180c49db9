"""When a case run that Prefect shows as Pending or Running is judged dead."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

from prefect.client.schemas.objects import FlowRun
from prefect.states import Paused, Pending, Running

from api.run_health import dead_reason
from fut.processes import (
    RunnerRecord,
    process_name,
    process_started_at,
    taken_by,
    taken_by_message,
    this_host,
)

NOW = datetime.now(UTC)


def _run(state_factory, age: float, pid: str | None = None) -> FlowRun:
    state = state_factory(timestamp=NOW - timedelta(seconds=age))
    return FlowRun(flow_id=uuid.uuid4(), state=state, infrastructure_pid=pid)


def _judge(run: FlowRun, runners=None, grace: float = 5, start_timeout: float = 300):
    return dead_reason(run, now=NOW, runners=runners, grace=grace, start_timeout=start_timeout)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _runner(started_ago: float) -> RunnerRecord:
    return RunnerRecord(this_host(), os.getpid(), NOW.timestamp() - started_ago, None)


def _age_of_this_process() -> float:
    started = process_started_at(os.getpid())
    assert started is not None
    return NOW.timestamp() - started


def test_a_running_run_whose_process_is_alive_is_not_dead_however_long_it_runs():
    # Running since just after this process started, beyond the start timeout
    run = _run(Running, age=_age_of_this_process() - 0.5, pid=process_name())
    assert _judge(run, grace=0, start_timeout=0.1) is None


def test_a_running_run_whose_process_is_gone_is_dead():
    reason = _judge(_run(Running, age=60, pid=f"{this_host()}:{_dead_pid()}"))
    assert reason is not None and "gone" in reason


def test_a_pid_now_held_by_a_newer_process_does_not_keep_a_run_alive():
    age = _age_of_this_process() + 60  # the run has been Running since before we started
    assert _judge(_run(Running, age=age, pid=process_name())) is not None


def test_a_young_run_is_never_judged():
    assert _judge(_run(Running, age=1, pid=f"{this_host()}:{_dead_pid()}")) is None
    assert _judge(_run(Pending, age=1), runners=[]) is None


def test_a_process_on_another_host_is_not_judged_here():
    assert _judge(_run(Running, age=600, pid="elsewhere:1")) is None


def test_a_running_run_with_no_process_on_record_is_dead_only_after_the_start_timeout():
    gone = f"{this_host()}:0"
    assert _judge(_run(Running, age=60, pid=gone)) is None
    assert _judge(_run(Running, age=301, pid=gone)) is not None


def test_a_pending_run_is_dead_when_no_runner_alive_had_started_before_it_was_taken():
    assert _judge(_run(Pending, age=60), runners=[_runner(started_ago=120)]) is None
    assert _judge(_run(Pending, age=60), runners=[_runner(started_ago=10)]) is not None
    assert _judge(_run(Pending, age=60), runners=[]) is not None


def test_a_pending_run_without_runner_records_is_dead_after_the_start_timeout():
    assert _judge(_run(Pending, age=60), runners=None) is None
    assert _judge(_run(Pending, age=301), runners=None) is not None
    assert _judge(_run(Pending, age=301), runners=[_runner(started_ago=900)]) is not None


def _taken(age: float, message: str) -> FlowRun:
    return _run(lambda timestamp: Pending(timestamp=timestamp, message=message), age)


def test_a_pending_run_names_the_worker_that_took_it():
    assert taken_by(taken_by_message()) == (this_host(), os.getpid())
    assert taken_by(taken_by_message(42)) == (this_host(), 42)
    assert taken_by(None) is None and taken_by("Retrying on remote infrastructure") is None


def test_a_pending_run_is_judged_by_the_worker_that_took_it_whatever_the_runner_records():
    # its worker is alive (and older than the state): alive, though no runner is recorded
    # in this FUT_VAR_DIR (a worker with another var dir, or on another machine)
    alive = _taken(min(60, _age_of_this_process() - 5), taken_by_message())
    assert _judge(alive, runners=[]) is None
    # its worker is gone: dead, though another worker recorded here is alive
    dead = _taken(60, taken_by_message(_dead_pid()))
    assert "worker that took it" in (_judge(dead, runners=[_runner(started_ago=120)]) or "")
    # a worker on another machine is that machine's to judge, until the start timeout
    elsewhere = f"futflow: taken by worker elsewhere.example:{_dead_pid()}"
    assert _judge(_taken(60, elsewhere), runners=[]) is None
    assert _judge(_taken(301, elsewhere), runners=[]) is not None


def test_a_paused_run_is_never_dead():
    assert _judge(_run(Paused, age=10**6, pid=f"{this_host()}:0"), runners=[]) is None
