"""Deadlines that continue a case by themselves, through the same path as a person would.

A `deadline` timer completes its work item with what the item's step says passes when its
due date does; any other timer is named after the step it opens (`HumanStep.on_timer`).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from fut import steps
from fut.auth import SYSTEM
from fut.db import is_postgres, session_scope, utcnow
from fut.enums import WorkStatus
from fut.errors import Conflict
from fut.models import Timer, WorkItem
from fut.services import work_items, workflow


def _pass_deadline(session: Session, timer: Timer) -> None:
    item = session.get(WorkItem, timer.work_item_id) if timer.work_item_id else None
    if item is None or item.id is None or item.status != WorkStatus.OPEN:
        return
    payload = steps.human(item.step).deadline_payload
    if payload is None:
        return
    try:
        with session.begin_nested():
            work_items.complete(session, SYSTEM, item.id, dict(payload))
    except Conflict:
        pass  # completed by a person meanwhile


def fire_due_timers(limit: int = 100) -> int:
    """Fire every timer whose time has come; returns how many fired."""
    with session_scope() as session:
        stmt = (
            select(Timer)
            .where(col(Timer.fired_at).is_(None), Timer.fire_at <= utcnow())
            .order_by(col(Timer.fire_at))
            .limit(limit)
        )
        if is_postgres(session):
            stmt = stmt.with_for_update(skip_locked=True)
        due = list(session.exec(stmt))
        for timer in due:
            timer.fired_at = utcnow()
            session.add(timer)
            if timer.kind == workflow.DEADLINE:
                _pass_deadline(session, timer)
            else:
                on_timer = steps.human(timer.kind).on_timer
                assert on_timer is not None, f"step {timer.kind} has no timer"
                on_timer(session, timer)
        return len(due)
