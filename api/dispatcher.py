"""Delivers outbox messages to Prefect: start a case's flow run, resume it at its wait.

If Prefect is down nothing is lost: the message stays pending and is retried.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.responses import SetStateStatus

from fut.services import outbox
from fut.services.outbox import Message
from fut.settings import get_settings

log = logging.getLogger("futflow.dispatcher")

DEPLOYMENT = "fut-case/fut-case"


class Retry(Exception):
    """Not deliverable yet (the run is busy, or Prefect is not reachable)."""


def _start(client: SyncPrefectClient, msg: Message) -> str:
    deployment = client.read_deployment_by_name(DEPLOYMENT)
    run = client.create_flow_run_from_deployment(
        deployment.id,
        parameters={"case_id": msg.case_id},
        name=msg.case_number,
        tags=list(msg.tags),
        idempotency_key=f"fut-case-{msg.case_id}-{msg.flow_generation}",
    )
    outbox.record_flow_run(msg.case_id, str(run.id))
    return f"flow run {run.id}"


def _wake(client: SyncPrefectClient, msg: Message) -> str:
    if msg.flow_run_id is None:
        raise Retry("the case's flow run is not created yet")
    run = client.read_flow_run(UUID(msg.flow_run_id))
    state = run.state
    if state is None:
        raise Retry("flow run has no state")
    if state.is_paused():
        key = (state.state_details.pause_key or "").split("~")[0]
        if key != msg.wait_key:
            return f"obsolete: the run waits at {key}"
        response = client.resume_flow_run(run.id)
        if response.status != SetStateStatus.ACCEPT:
            raise Retry(f"resume not accepted: {response.details}")
        return "resumed"
    if state.is_final():
        if state.is_completed():
            return "run is completed"
        # the run failed, crashed or was cancelled while the case is still open: a new run
        # picks the case up where the database says it is
        log.warning("restarting_case_run case_id=%s state=%s", msg.case_id, state.type.value)
        generation = outbox.next_generation(msg.case_id)
        return _start(client, replace(msg, flow_generation=generation)) + " (restarted)"
    raise Retry(f"run is {state.type.value}")


def deliver_pending(limit: int = 50) -> int:
    """Deliver what is due; returns how many messages were settled."""
    messages = outbox.due_messages(limit)
    if not messages:
        return 0
    settled = 0
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        for msg in messages:
            try:
                note = _start(client, msg) if msg.kind == "start" else _wake(client, msg)
            except Retry as exc:
                outbox.mark_retry(msg.id, str(exc), busy=True)
                continue
            except Exception as exc:  # Prefect unreachable or refusing: try again later
                log.warning("dispatch_failed message_id=%s error=%s", msg.id, type(exc).__name__)
                outbox.mark_retry(msg.id, f"{type(exc).__name__}: {exc}")
                continue
            outbox.mark_delivered(msg.id, note=note)
            settled += 1
    return settled


def reconcile(limit: int = 200) -> int:
    """Find case runs that failed, crashed or were cancelled while their case is open, and
    queue a wake-up for each: the dispatcher then starts a new run where the case stands."""
    broken = FlowRunFilter(
        state=FlowRunFilterState(
            type=FlowRunFilterStateType(
                any_=[StateType.FAILED, StateType.CRASHED, StateType.CANCELLED]
            )
        ),
    )
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["fut-case"])),
            flow_run_filter=broken,
            limit=limit,
        )
    candidates = {
        int(r.parameters["case_id"]): str(r.id)
        for r in runs
        if isinstance(r.parameters.get("case_id"), int)
    }
    return outbox.wake_broken_runs(candidates)
