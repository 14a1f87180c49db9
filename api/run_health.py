"""Is a case's flow run that Prefect shows as Pending or Running still being worked on?

Prefect keeps whatever state a run was in when its runner or its process died: a run the
runner had taken (Pending, "Submitting") and a run whose process was killed (Running) stay
so for ever, and nothing else will move them. The evidence used here is local and does not
depend on the Prefect server (which may itself have been restarted):

- a Running run names its process: the `fut-case` flow records "host:pid" as the run's
  `infrastructure_pid` when it starts and "host:0" (nothing) before it suspends. On this
  host the process must be alive and older than the Running state; a run whose process is
  on another host is never judged here.
- a Pending run has no process yet. futflow's warm worker names itself ("host:pid") in the
  message of the Pending state it proposes (`fut.processes.taken_by_message`): on this host
  that worker must be alive and older than the Pending state; a run taken by a worker on
  another host is not judged here (before `start_timeout`). This holds however many
  workers pull from the pool, with whatever FUT_VAR_DIR each.
  A run taken by Prefect's stock runner names nobody: it was taken by a runner that was
  alive and had started before the run became Pending; runners record themselves when they
  start (`fut.processes.record_runner`, in this FUT_VAR_DIR). When no such runner is alive
  any more, the run is dead. Where no runner has ever recorded itself, and in any case after
  `start_timeout`, a run still Pending is dead: a healthy runner starts a run's process
  within seconds.

A run younger than `grace` is never judged (its process may not have recorded itself yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from prefect.client.schemas.objects import FlowRun, StateType

from fut.processes import RunnerRecord, is_alive, parse_process_name, taken_by, this_host


def dead_reason(
    run: FlowRun,
    *,
    now: datetime,
    runners: Sequence[RunnerRecord] | None,
    grace: float,
    start_timeout: float,
) -> str | None:
    """Why `run` is dead (a sentence with no personal data), or None while it may be alive."""
    state = run.state
    if state is None or state.timestamp is None:
        return None
    since = state.timestamp.timestamp()
    age = now.timestamp() - since
    if age < grace:
        return None
    if state.type == StateType.PENDING:
        if age > start_timeout:
            return f"pending for {age:.0f} s without being started"
        worker = taken_by(state.message)
        if worker is not None:
            host, pid = worker
            if host == this_host() and not is_alive(pid, started_before=since):
                return f"pending, and the worker that took it ({pid}) is gone"
            return None
        if runners is not None and not any(r.started <= since for r in runners):
            return "pending, and the runner that took it is gone"
        return None
    if state.type in (StateType.RUNNING, StateType.CANCELLING):
        process = parse_process_name(run.infrastructure_pid)
        if process is None:
            if age > start_timeout:
                return f"running for {age:.0f} s with no process on record"
            return None
        host, pid = process
        if host != this_host():
            return None  # another machine's process: not ours to judge
        if not is_alive(pid, started_before=since):
            return f"its process ({pid}) is gone"
    return None
