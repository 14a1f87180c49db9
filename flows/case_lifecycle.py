"""The `fut-case` flow: one long-lived run per case, from registration to closed.

The database is the system of record; this run reads the case's stage, carries out the
automatic stages, and at a human step (or while a debt is being repaid) suspends until the
dispatcher resumes it. A resumed run replays from the top: every step is idempotent.

Each attempt records its process ("host:pid") on the run so the dispatcher can tell a run
whose process died from one that is merely slow (`api.run_health`), and clears it before it
suspends. A run of an older generation than the case's (it was given up for dead and
replaced) stops at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from prefect import flow, get_run_logger
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import FlowRun
from prefect.context import FlowRunContext
from prefect.flow_runs import suspend_flow_run

from fut.lifecycle import AUTOMATIC_STAGES, Stage
from fut.processes import process_name, this_host
from fut.services import automation, outbox
from fut.services.automation import CaseState
from tasks.case_tasks import carry_out_stage, settle_repayment

MAX_STEPS = 200
# a human stage with no open work item is a step being completed while the case was read:
# read again after a pause, this many times at most
MAX_EMPTY_READS = 20
EMPTY_READ_PAUSE_SECONDS = 0.5

log = logging.getLogger("futflow.flow")


def _run() -> tuple[FlowRun, SyncPrefectClient]:
    """This flow run, as the engine read it when it started, and the engine's client."""
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        raise RuntimeError("not inside a flow run")
    if not isinstance(context.client, SyncPrefectClient):
        raise RuntimeError("fut-case is a synchronous flow")
    return context.flow_run, context.client


def _sync_tags(state: CaseState) -> None:
    """Tag the run with stage, unit, priority and type so supervisors can filter. The run's
    tags are known from when it was read at its start (and from what this sent since)."""
    run, client = _run()
    tags = {f"stage:{state.stage}", f"unit:{state.unit}"}
    if state.priority:
        tags.add(f"priority:{state.priority}")
    if state.case_type:
        tags.add(f"type:{state.case_type}")
    current = set(run.tags)
    kept = {t for t in current if t.split(":")[0] not in {"stage", "unit", "priority", "type"}}
    if kept | tags != current:
        run.tags = sorted(kept | tags)
        client.update_flow_run(run.id, tags=run.tags)


def _record_process(name: str) -> None:
    """Put "host:pid" (or "host:0": no process) on the run as its infrastructure_pid."""
    try:
        run, client = _run()
        client.update_flow_run(run.id, infrastructure_pid=name)
    except Exception as exc:  # the run goes on; only its death would be noticed later
        log.warning("record_process_failed error=%s", type(exc).__name__)


def _start_attempt() -> int | None:
    """Record this process on the run; returns the run's generation."""
    _record_process(process_name())
    run, _ = _run()
    return outbox.key_generation(run.idempotency_key)


def _wait(case_id: int, key: str) -> None:
    """Suspend at `key`. A key already used returns at once (this run was resumed there
    before, e.g. by hand in the UI), so try a fresh variant of it: the dispatcher matches
    the part before '~'."""
    for attempt in range(MAX_STEPS):
        _record_process(f"{this_host()}:0")  # the process ends when the run suspends
        suspend_flow_run(key=key if attempt == 0 else f"{key}~{attempt}", timeout=None)
        _record_process(process_name())  # not suspended after all: still this process
        if automation.case_state(case_id).wait_key != key:
            return


def walk(
    case_id: int,
    generation: int | None,
    logger: logging.Logger | logging.LoggerAdapter[Any],
    *,
    read: Callable[[int], CaseState] = automation.case_state,
    pause: Callable[[float], None] = time.sleep,
) -> str:
    """The run's loop: read the case once per step and act on what it says; returns the
    final stage (or "superseded" when the case has a newer run)."""
    empty_reads = 0
    for _ in range(MAX_STEPS):
        state = read(case_id)
        if generation is not None and generation < state.flow_generation:
            logger.info("case %s has a newer run; this one stops", case_id)
            return "superseded"
        _sync_tags(state)
        if state.stage == Stage.CLOSED:
            logger.info("case %s closed", case_id)
            return state.stage
        if state.stage in AUTOMATIC_STAGES:
            carry_out_stage(case_id, state.stage)
            continue
        if state.stage == Stage.REPAYMENT and settle_repayment(case_id):
            continue
        if state.wait_key is None:
            # the step's work item was completed after the stage was read: read again
            empty_reads += 1
            if empty_reads > MAX_EMPTY_READS:
                raise RuntimeError(f"case {case_id} at {state.stage} has nothing to wait for")
            pause(EMPTY_READ_PAUSE_SECONDS)
            continue
        empty_reads = 0
        logger.info("waiting at %s", state.wait_key)
        _wait(case_id, state.wait_key)
    raise RuntimeError(f"case {case_id} made more than {MAX_STEPS} steps in one run")


@flow(name="fut-case", persist_result=False, log_prints=False)
def fut_case(case_id: int) -> str:
    """Walk the case's lifecycle; returns the final stage."""
    return walk(case_id, _start_attempt(), get_run_logger())
