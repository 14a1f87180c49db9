"""The outbox: messages for Prefect, claimed by the dispatcher, delivered with retries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlmodel import col, select

from fut.db import is_postgres, session_scope, utcnow
from fut.enums import OutboxKind, OutboxStatus
from fut.lifecycle import Stage
from fut.models import Case, Outbox, row_id


@dataclass(frozen=True)
class Message:
    id: int
    kind: str
    case_id: int
    case_number: str
    wait_key: str | None
    flow_run_id: str | None
    flow_generation: int
    tags: tuple[str, ...]
    attempts: int


def case_tags(case: Case | CaseFacts) -> list[str]:
    """A case run's tags, for supervisors to filter by (no personal data)."""
    tags = [f"stage:{case.stage}", f"unit:{case.unit}"]
    if case.priority:
        tags.append(f"priority:{case.priority}")
    if case.case_type:
        tags.append(f"type:{case.case_type}")
    return tags


class CaseFacts(Protocol):
    @property
    def stage(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def priority(self) -> str | None: ...
    @property
    def case_type(self) -> int | None: ...


LEASE = timedelta(seconds=60)


def idempotency_key(case_id: int, generation: int) -> str:
    """The key of a case's flow run of one generation: creating it twice gives one run."""
    return f"fut-case-{case_id}-{generation}"


def key_generation(key: str | None) -> int | None:
    """The generation in a case run's idempotency key; None for any other key."""
    match = re.fullmatch(r"fut-case-\d+-(\d+)", key or "")
    return int(match.group(1)) if match else None


def due_messages(limit: int = 50) -> list[Message]:
    with session_scope() as session:
        stmt = (
            select(Outbox, Case)
            .join(Case, col(Case.id) == Outbox.case_id)
            .where(Outbox.status == OutboxStatus.PENDING, Outbox.next_attempt_at <= utcnow())
            .order_by(col(Outbox.id))
            .limit(limit)
        )
        if is_postgres(session):
            stmt = stmt.with_for_update(skip_locked=True, of=Outbox)
        messages = []
        lease_until = utcnow() + LEASE
        for row, case in session.exec(stmt):
            row.next_attempt_at = lease_until  # claimed: other dispatchers skip it meanwhile
            session.add(row)
            messages.append(
                Message(
                    row_id(row),
                    row.kind,
                    row_id(case),
                    case.case_number,
                    row.wait_key,
                    case.flow_run_id,
                    case.flow_generation,
                    tuple(case_tags(case)),
                    row.attempts,
                )
            )
        return messages


def mark_delivered(message_id: int, *, note: str = "") -> None:
    with session_scope() as session:
        row = session.get(Outbox, message_id)
        if row is not None:
            row.status, row.delivered_at, row.last_error = OutboxStatus.DELIVERED, utcnow(), note
            session.add(row)


def mark_retry(message_id: int, error: str, *, busy: bool = False) -> None:
    """Try again later: soon when the run was only busy (it will wait again in a moment),
    backing off to 30 s when Prefect failed or could not be reached."""
    with session_scope() as session:
        row = session.get(Outbox, message_id)
        if row is None:
            return
        row.attempts += 1
        exponent = min(row.attempts, 12)
        delay = min(0.1 * 1.5**exponent, 5.0) if busy else min(0.25 * 2**exponent, 30.0)
        row.next_attempt_at = utcnow() + timedelta(seconds=delay)
        row.last_error = error[:500]
        session.add(row)


def record_flow_run(case_id: int, flow_run_id: str, generation: int) -> None:
    """The case's run is now `flow_run_id`, if it is of the case's current generation (a
    late message for an older generation gets the older run back and must not record it)."""
    with session_scope() as session:
        case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
        if case is not None and case.flow_generation == generation:
            case.flow_run_id = flow_run_id
            session.add(case)


def pending_count() -> int:
    with session_scope() as session:
        return len(
            list(session.exec(select(Outbox.id).where(Outbox.status == OutboxStatus.PENDING)))
        )


class NotCurrentRun(Exception):
    """The case's current flow run is another one than the run asked about."""


def claim_restart(case_id: int, dead_run_id: str, dead_generation: int | None) -> int | None:
    """The generation of the run that replaces the case's dead run `dead_run_id`; None when
    the case is closed and needs no run. However many wake-ups ask (one after the other or
    from several dispatchers at once), the generation is counted once: the second asker
    finds it counted already and gets the same one, so the run's idempotency key, and the
    run, are the same. Raises NotCurrentRun when the case has moved on to another run."""
    with session_scope() as session:
        case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).one()
        if case.flow_run_id != dead_run_id:
            raise NotCurrentRun(f"the case's run is {case.flow_run_id}")
        if case.stage == Stage.CLOSED:
            return None
        if dead_generation is None or case.flow_generation <= dead_generation:
            case.flow_generation += 1
            session.add(case)
        return case.flow_generation


def current_generation(case_id: int) -> int:
    with session_scope() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise LookupError(f"no case {case_id}")
        return case.flow_generation


def open_case_runs() -> dict[str, int]:
    """The current flow run of every open case: run id -> case id."""
    with session_scope() as session:
        rows = session.exec(
            select(Case.flow_run_id, Case.id).where(
                Case.stage != Stage.CLOSED, col(Case.flow_run_id).is_not(None)
            )
        )
        return {run_id: case_id for run_id, case_id in rows if run_id and case_id}


def wake_broken_runs(candidates: dict[int, str]) -> int:
    """Queue a wake-up for each open case whose current flow run is among `candidates`
    (case id -> broken flow run id) and has no wake-up pending already."""
    if not candidates:
        return 0
    queued = 0
    with session_scope() as session:
        cases = session.exec(select(Case).where(col(Case.id).in_(list(candidates))))
        for case in cases:
            if case.stage == Stage.CLOSED or case.flow_run_id != candidates.get(case.id or 0):
                continue
            pending = session.exec(
                select(Outbox).where(
                    Outbox.case_id == case.id, Outbox.status == OutboxStatus.PENDING
                )
            ).first()
            if pending is None:
                session.add(
                    Outbox(case_id=row_id(case), kind=OutboxKind.WAKE, wait_key="reconcile")
                )
                queued += 1
    return queued
