"""Moving a case between stages: history row, next work item, timer, outbox — one transaction.

Nothing here knows a step by name: what a stage opens comes from its definition in
`fut.steps`.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from fut import audit, steps
from fut.auth import Actor
from fut.clock import end_of_day
from fut.db import utcnow
from fut.enums import OutboxKind
from fut.lifecycle import Stage, check_move
from fut.models import Case, Outbox, StageHistory, Timer, WorkItem

DEADLINE = "deadline"
"""The kind of timer that completes its work item when the item's due date passes."""


def item_wait_key(item_id: int) -> str:
    return f"item-{item_id}"


def repayment_wait_key(debt_id: int, payments: int) -> str:
    return f"repay-{debt_id}-{payments}"


def move(
    session: Session,
    case: Case,
    to_stage: Stage,
    actor: Actor,
    reason: str,
    *,
    due_on: date | None = None,
) -> WorkItem | None:
    """Move `case` to `to_stage`; open the work item when the new stage is a human step."""
    assert case.id is not None
    from_stage = case.stage
    check_move(from_stage, to_stage)
    now = utcnow()
    session.add(
        StageHistory(
            case_id=case.id,
            from_stage=from_stage,
            to_stage=to_stage,
            actor=actor.username,
            reason=reason,
            at=now,
        )
    )
    case.stage = to_stage
    case.updated_at = now
    if to_stage == Stage.CLOSED:
        case.closed_at = now
    session.add(case)
    audit.record(
        session, actor, "stage_changed", case_id=case.id, from_stage=from_stage, to_stage=to_stage
    )
    if not steps.is_human(to_stage):
        return None
    return open_item(session, case.id, to_stage, actor, due_on=due_on)


def open_item(
    session: Session, case_id: int, step: str, actor: Actor, *, due_on: date | None = None
) -> WorkItem:
    """Open a work item of `step`; a step whose deadline passes by itself gets its timer."""
    definition = steps.human(step)
    item = WorkItem(case_id=case_id, step=step, due_at=end_of_day(due_on) if due_on else None)
    session.add(item)
    session.flush()
    if definition.deadline_payload is not None and item.due_at is not None:
        session.add(
            Timer(case_id=case_id, kind=DEADLINE, work_item_id=item.id, fire_at=item.due_at)
        )
    audit.record(
        session,
        actor,
        "work_item_opened",
        case_id=case_id,
        entity="work_item",
        entity_id=item.id,
        step=step,
    )
    return item


def latest_entry(session: Session, case_id: int, stage: str) -> StageHistory | None:
    """The history row that brought the case into `stage` most recently."""
    stmt = (
        select(StageHistory)
        .where(StageHistory.case_id == case_id, StageHistory.to_stage == stage)
        .order_by(col(StageHistory.id).desc())
    )
    return session.exec(stmt).first()


def enqueue_start(session: Session, case_id: int) -> None:
    session.add(Outbox(case_id=case_id, kind=OutboxKind.START))


def enqueue_wake(session: Session, case_id: int, wait_key: str) -> None:
    """Ask the dispatcher to resume the case's flow run if it waits at `wait_key`."""
    session.add(Outbox(case_id=case_id, kind=OutboxKind.WAKE, wait_key=wait_key))
