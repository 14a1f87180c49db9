"""The court deadline of SoL 33:5 (three years from each payment): a warning work item 90
days before the first month expires, and the one recovery route a claim may take."""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session, col, select

from fut import audit
from fut.auth import SYSTEM, Actor
from fut.clock import end_of_day, local_zone, today
from fut.errors import Conflict, Forbidden
from fut.lifecycle import SIDE_STEPS, Role, Stage
from fut.models import Case, Debt, OverpaidMonth, Timer, WorkItem
from fut.rules.court_deadline import (
    RecoveryRoute,
    check_single_route,
    first_warning_date,
    row_court_deadline,
)
from fut.rules.errors import DoubleRecoveryClaim

WARNING = "court_deadline_warning"


def schedule_warning(session: Session, case: Case, months: list[OverpaidMonth]) -> None:
    """(Re)place the case's court-deadline warning timer for these months."""
    for timer in session.exec(
        select(Timer).where(
            Timer.case_id == case.id, Timer.kind == WARNING, col(Timer.fired_at).is_(None)
        )
    ):
        session.delete(timer)
    if not months:
        return
    warn_on = first_warning_date(months)
    session.add(
        Timer(
            case_id=case.id,
            kind=WARNING,
            fire_at=datetime.combine(warn_on, time(7), tzinfo=local_zone()),
        )
    )


def fire_warning(session: Session, timer: Timer) -> None:
    """Open the warning work item unless the case is closed or its debt settled."""
    case = session.get(Case, timer.case_id)
    if case is None or case.stage == Stage.CLOSED:
        return
    debt = session.exec(select(Debt).where(Debt.case_id == case.id)).first()
    if debt is not None and debt.status != "open":
        return
    months = session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case.id))
    deadlines = sorted(row_court_deadline(m) for m in months)
    if not deadlines:
        return
    upcoming = [d for d in deadlines if d >= today()]
    item = WorkItem(
        case_id=case.id,
        step=WARNING,
        candidate_roles=",".join(SIDE_STEPS[WARNING].roles),
        due_at=end_of_day(upcoming[0] if upcoming else deadlines[-1]),
    )
    session.add(item)
    session.flush()
    audit.record(
        session,
        SYSTEM,
        "work_item_opened",
        case_id=case.id,
        entity="work_item",
        entity_id=item.id,
        step=WARNING,
    )


def set_recovery_route(session: Session, actor: Actor, case: Case, route: str) -> Debt:
    """Record how the claim is pursued; a claim takes one route only (no double claims)."""
    if Role.UTREDARE not in actor.roles and Role.CHEF not in actor.roles:
        raise Forbidden("the recovery route is chosen by utredare or chef")
    debt = session.exec(select(Debt).where(Debt.case_id == case.id).with_for_update()).first()
    if debt is None:
        raise Conflict(f"case {case.case_number} has no decided debt")
    try:
        taken = [RecoveryRoute(debt.recovery_route)] if debt.recovery_route else []
        check_single_route(taken, RecoveryRoute(route))
    except DoubleRecoveryClaim as exc:
        raise Conflict(str(exc)) from None
    debt.recovery_route = route
    session.add(debt)
    audit.record(
        session,
        actor,
        "recovery_route_chosen",
        case_id=case.id,
        entity="debt",
        entity_id=debt.id,
        route=route,
    )
    return debt
