"""Delivers outbox messages to Prefect: start a case's flow run, resume it at its wait.

If Prefect is down nothing is lost: the message stays pending and is retried. A case whose
run failed, crashed or was cancelled, or whose run was left Pending or Running by a runner
or process that died (see `api.run_health`), gets one new run that picks the case up where
the database says it stands: the dead run is marked Crashed, and however many wake-ups
find it, one new run is started (`outbox.claim_restart`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, State, StateType
from prefect.client.schemas.responses import SetStateStatus
from prefect.exceptions import ObjectNotFound
from prefect.states import Crashed, Suspended

from api import run_health
from fut.enums import OutboxKind
from fut.processes import live_runners, nudge_runners
from fut.services import automation, outbox
from fut.services.outbox import Message
from fut.settings import get_settings

log = logging.getLogger("futflow.dispatcher")

DEPLOYMENT = "fut-case/fut-case"

# the states reconcile looks at: finished while the case is open, or possibly stranded
_RECONCILED = [
    StateType.FAILED,
    StateType.CRASHED,
    StateType.CANCELLED,
    StateType.COMPLETED,
    StateType.PENDING,
    StateType.RUNNING,
    StateType.CANCELLING,
]


class Retry(Exception):
    """Not deliverable yet (the run is busy, or Prefect is not reachable)."""


def _start(client: SyncPrefectClient, msg: Message) -> str:
    """Create the case's run of the message's generation. Its tags and its first state come
    from one read of the case now (the case may have moved since the message was queued).
    A case that waits for a person (a new report waits for triage) gets its run created
    Suspended at that wait, as the run itself would suspend: no process is started for it
    until the step is done, so a morning's burst of reports costs Prefect a row each.
    Otherwise the run is Scheduled and a worker runs it."""
    case = automation.case_state(msg.case_id)
    initial: State[Any] | None = (
        Suspended(timeout_seconds=None, pause_key=case.wait_key)
        if case.waits_for_a_person
        else None
    )
    deployment = _deployment_id(client)
    try:
        run = client.create_flow_run_from_deployment(
            deployment,
            parameters={"case_id": msg.case_id},
            name=msg.case_number,
            tags=outbox.case_tags(case),
            idempotency_key=outbox.idempotency_key(msg.case_id, msg.flow_generation),
            state=initial,
        )
    except ObjectNotFound:  # the deployment was removed: look it up again next time
        _deployment_ids.pop(str(client.api_url), None)
        raise
    outbox.record_flow_run(msg.case_id, str(run.id), msg.flow_generation)
    waiting = f", suspended at {case.wait_key}" if initial else ""
    return f"flow run {run.id}{waiting}"


_deployment_ids: dict[str, UUID] = {}


def _deployment_id(client: SyncPrefectClient) -> UUID:
    """The case deployment's id, read once per Prefect server (a deployment re-registered
    under the same name keeps its id)."""
    url = str(client.api_url)
    if url not in _deployment_ids:
        _deployment_ids[url] = client.read_deployment_by_name(DEPLOYMENT).id
    return _deployment_ids[url]


def dead_reason(run: FlowRun) -> str | None:
    """Why a Pending or Running case run is dead, or None while it may be alive."""
    settings = get_settings()
    return run_health.dead_reason(
        run,
        now=datetime.now(UTC),
        runners=live_runners(settings.var_dir),
        grace=settings.run_grace_seconds,
        start_timeout=settings.run_start_timeout_seconds,
    )


def _mark_crashed(client: SyncPrefectClient, run: FlowRun, reason: str) -> None:
    """Tell Prefect (and so the UI) that the run is dead."""
    log.warning("case_run_dead flow_run_id=%s reason=%s", run.id, reason)
    client.set_flow_run_state(run.id, Crashed(message=f"futflow: {reason}"), force=True)


def _restart(client: SyncPrefectClient, msg: Message, run: FlowRun, what: str) -> str:
    try:
        generation = outbox.claim_restart(
            msg.case_id, str(run.id), outbox.key_generation(run.idempotency_key)
        )
    except outbox.NotCurrentRun as exc:
        # another wake-up restarted the case already: wake the new run instead
        raise Retry(f"run is {what} and replaced; {exc}") from None
    if generation is None:
        return f"run is {what}; the case is closed"
    log.warning(
        "restarting_case_run case_id=%s state=%s generation=%s", msg.case_id, what, generation
    )
    return _start(client, replace(msg, flow_generation=generation)) + " (restarted)"


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
        # failed, crashed, cancelled, or completed while the case is open: a new run picks
        # the case up where the database says it is
        return _restart(client, msg, run, state.type.value)
    if state.type in (StateType.PENDING, StateType.RUNNING, StateType.CANCELLING):
        reason = dead_reason(run)
        if reason is not None:
            _mark_crashed(client, run, reason)
            return _restart(client, msg, run, "dead")
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
                note = _start(client, msg) if msg.kind == OutboxKind.START else _wake(client, msg)
            except Retry as exc:
                outbox.mark_retry(msg.id, str(exc), busy=True)
                continue
            except Exception as exc:  # Prefect unreachable or refusing: try again later
                log.warning("dispatch_failed message_id=%s error=%s", msg.id, type(exc).__name__)
                outbox.mark_retry(msg.id, f"{type(exc).__name__}: {exc}")
                continue
            outbox.mark_delivered(msg.id, note=note)
            settled += 1
    if settled:
        nudge_runners(get_settings().var_dir)
    return settled


def reconcile(batch: int = 200) -> int:
    """Look at the current run of every open case. A run that failed, crashed, was
    cancelled or completed, and a Pending or Running run that is dead (marked Crashed
    here), gets a wake-up queued: the dispatcher then starts a new run where the case
    stands. Returns how many wake-ups were queued."""
    current = outbox.open_case_runs()
    ids = []
    for run_id in current:
        try:
            ids.append(UUID(run_id))
        except ValueError:
            continue
    candidates: dict[int, str] = {}
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        for start in range(0, len(ids), batch):
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    id=FlowRunFilterId(any_=ids[start : start + batch]),
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=_RECONCILED)),
                ),
                limit=batch,
            )
            for run in runs:
                if run.state is None:
                    continue
                if not run.state.is_final():
                    reason = dead_reason(run)
                    if reason is None:
                        continue
                    _mark_crashed(client, run, reason)
                candidates[current[str(run.id)]] = str(run.id)
    return outbox.wake_broken_runs(candidates)
