"""Moving a case between stages: history row, next work item, timer, outbox — one transaction."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from fut import audit
from fut.auth import Actor
from fut.clock import end_of_day
from fut.db import utcnow
from fut.lifecycle import HUMAN_STEPS, Stage, check_move
from fut.models import Case, Outbox, Payment, StageHistory, Timer, WorkItem


def item_wait_key(item_id: int) -> str:
    return f"item-{item_id}"


def repayment_wait_key(debt_id: int, payments: int) -> str:
    return f"repay-{debt_id}-{payments}"


def payment_count(session: Session, debt_id: int) -> int:
    stmt = select(func.count()).select_from(Payment).where(Payment.debt_id == debt_id)
    return int(session.exec(stmt).one())


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
    step = HUMAN_STEPS.get(to_stage)
    if step is None:
        return None
    item = WorkItem(
        case_id=case.id,
        step=to_stage,
        candidate_roles=",".join(step.roles),
        due_at=end_of_day(due_on) if due_on else None,
    )
    session.add(item)
    session.flush()
    if to_stage == Stage.CLIENT_REPLY and due_on is not None:
        session.add(
            Timer(
                case_id=case.id,
                kind="reply_deadline",
                work_item_id=item.id,
                fire_at=end_of_day(due_on),
            )
        )
    audit.record(
        session,
        actor,
        "work_item_opened",
        case_id=case.id,
        entity="work_item",
        entity_id=item.id,
        step=to_stage,
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
    session.add(Outbox(case_id=case_id, kind="start"))


def enqueue_wake(session: Session, case_id: int, wait_key: str) -> None:
    """Ask the dispatcher to resume the case's flow run if it waits at `wait_key`."""
    session.add(Outbox(case_id=case_id, kind="wake", wait_key=wait_key))
