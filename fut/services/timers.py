"""Deadlines that continue a case by themselves, through the same path as a person would."""

from __future__ import annotations

from sqlmodel import col, select

from fut.auth import SYSTEM
from fut.db import is_postgres, session_scope, utcnow
from fut.errors import Conflict
from fut.models import Timer, WorkItem
from fut.services import court, work_items

TIMER_PAYLOADS = {
    "reply_deadline": {"replied": False, "summary": "Svarstiden gick ut utan att svar kom in."},
}


def fire_due_timers(limit: int = 100) -> int:
    """Fire every timer whose time has come; returns how many fired."""
    fired = 0
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
            if timer.kind == court.WARNING:
                court.fire_warning(session, timer)
                fired += 1
                continue
            item = session.get(WorkItem, timer.work_item_id) if timer.work_item_id else None
            if item is not None and item.status == "open":
                try:
                    with session.begin_nested():
                        work_items.complete(
                            session,
                            SYSTEM,
                            item.id,  # type: ignore[arg-type]
                            TIMER_PAYLOADS[timer.kind],
                        )
                except Conflict:
                    pass
            fired += 1
    return fired
