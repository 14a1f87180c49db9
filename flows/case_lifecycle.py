"""The `fut-case` flow: one long-lived run per case, from registration to closed.

The database is the system of record; this run reads the case's stage, carries out the
automatic stages, and at a human step (or while a debt is being repaid) suspends until the
dispatcher resumes it. A resumed run replays from the top: every step is idempotent.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, runtime
from prefect.client.orchestration import get_client
from prefect.flow_runs import suspend_flow_run

from fut.lifecycle import AUTOMATIC_STAGES, Stage
from fut.services import automation
from fut.services.automation import CaseState
from tasks.case_tasks import carry_out_stage, settle_repayment

MAX_STEPS = 200


def _sync_tags(state: CaseState) -> None:
    """Tag the run with stage, unit, priority and type so supervisors can filter."""
    flow_run_id = runtime.flow_run.id
    tags = {f"stage:{state.stage}", f"unit:{state.unit}"}
    if state.priority:
        tags.add(f"priority:{state.priority}")
    if state.case_type:
        tags.add(f"type:{state.case_type}")
    with get_client(sync_client=True) as client:
        current = set(client.read_flow_run(flow_run_id).tags)
        kept = {t for t in current if t.split(":")[0] not in {"stage", "unit", "priority", "type"}}
        if kept | tags != current:
            client.update_flow_run(flow_run_id, tags=sorted(kept | tags))


def _wait(case_id: int, key: str) -> None:
    """Suspend at `key`. A key already used returns at once (this run was resumed there
    before, e.g. by hand in the UI), so try a fresh variant of it: the dispatcher matches
    the part before '~'."""
    for attempt in range(MAX_STEPS):
        suspend_flow_run(key=key if attempt == 0 else f"{key}~{attempt}", timeout=None)
        if automation.case_state(case_id).wait_key != key:
            return


@flow(name="fut-case", persist_result=False, log_prints=False)
def fut_case(case_id: int) -> str:
    """Walk the case's lifecycle; returns the final stage."""
    logger = get_run_logger()
    for _ in range(MAX_STEPS):
        state = automation.case_state(case_id)
        _sync_tags(state)
        if state.stage == Stage.CLOSED:
            logger.info("case %s closed", case_id)
            return state.stage
        if state.stage in AUTOMATIC_STAGES:
            carry_out_stage(case_id, state.stage)
            continue
        if state.stage == Stage.REPAYMENT and settle_repayment(case_id):
            continue
        state = automation.case_state(case_id)
        if state.wait_key is None:
            raise RuntimeError(f"case {case_id} at {state.stage} has nothing to wait for")
        logger.info("waiting at %s", state.wait_key)
        _wait(case_id, state.wait_key)
    raise RuntimeError(f"case {case_id} made more than {MAX_STEPS} steps in one run")
