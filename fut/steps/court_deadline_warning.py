"""The court deadline of SoL 33:5 draws near: 90 days before each month's three years run
out (one work item per distinct deadline, never two for the same one), a work item asks the
investigator to act (apply to the court, waive, wait, or note that it is paid). The warnings
stop when the months of that deadline are paid, the debt is settled, a recovery route is
recorded, or the investigator has answered an earlier warning with an application to the
court. It stands beside the lifecycle: the case does not move."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal

from pydantic import Field
from sqlmodel import Session, col, select

from fut.auth import SYSTEM
from fut.clock import end_of_day, local_date, local_zone, today
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import Role, Stage
from fut.models import Case, OverpaidMonth, Timer, WorkItem
from fut.rules.court_deadline import (
    WARNING_DAYS_BEFORE,
    row_court_deadline,
    unpaid_rows,
    warning_dates,
)
from fut.services import workflow
from fut.services.debts import case_debt, paid_amount
from fut.steps import sections
from fut.steps.base import Done, HumanStep, StepPayload, ui
from fut.steps.missed_payment import WAIVER, open_follow_on
from fut.validation import Text

NAME = "court_deadline_warning"


class CourtDeadlineWarningPayload(StepPayload):
    action: Literal["apply_to_court", "waive", "wait", "paid"] = Field(
        title="Åtgärd",
        description="what the investigator does about the months nearing the deadline",
        json_schema_extra=ui(
            options={
                "apply_to_court": "Ansöka om ersättningstalan hos förvaltningsrätten",
                "waive": "Föreslå eftergift",
                "wait": "Avvakta",
                "paid": "Skulden är betald",
            }
        ),
    )
    comment: Text = Field(
        default="", max_length=5000, title="Kommentar", json_schema_extra=ui(widget="textarea")
    )


def schedule(session: Session, case_id: int, months: list[OverpaidMonth]) -> None:
    """(Re)place the case's warning timers: one for each distinct court deadline still ahead
    of the months with an overpaid amount, at 07:00 on the day ninety days before it."""
    for timer in session.exec(
        select(Timer).where(
            Timer.case_id == case_id, Timer.kind == NAME, col(Timer.fired_at).is_(None)
        )
    ):
        session.delete(timer)
    owed = [m for m in months if m.overpaid > 0]
    for deadline, warn_on in warning_dates(owed).items():
        if deadline < today():  # passed already: the case page flags those months
            continue
        fire_at = datetime.combine(warn_on, time(7), tzinfo=local_zone())
        session.add(Timer(case_id=case_id, kind=NAME, fire_at=fire_at))


def court_applied(session: Session, case_id: int) -> bool:
    """An earlier warning was answered with an application to the court."""
    done = session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case_id, WorkItem.step == NAME, WorkItem.status == WorkStatus.DONE
        )
    )
    return any((item.payload or {}).get("action") == "apply_to_court" for item in done)


def _already_warned(session: Session, case_id: int, due_on: date) -> bool:
    return (
        session.exec(
            select(WorkItem).where(
                WorkItem.case_id == case_id,
                WorkItem.step == NAME,
                WorkItem.due_at == end_of_day(due_on),
            )
        ).first()
        is not None
    )


def open_warning(session: Session, timer: Timer) -> None:
    """Open the warning of the timer's deadline, unless the case is closed, its debt settled
    or taken to a recovery route, the court application made, the months of that deadline
    paid, or that deadline already warned about."""
    case = session.get(Case, timer.case_id)
    if case is None or case.id is None or case.stage == Stage.CLOSED:
        return
    debt = case_debt(session, case.id)
    if debt is not None and (debt.status != DebtStatus.OPEN or debt.recovery_route):
        return
    if court_applied(session, case.id):
        return
    deadline = local_date(timer.fire_at) + timedelta(days=WARNING_DAYS_BEFORE)
    if deadline < today():
        return
    months = list(session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case.id)))
    paid = paid_amount(session, debt.id) if debt is not None and debt.id is not None else 0
    if not any(row_court_deadline(m) == deadline for m in unpaid_rows(months, paid)):
        return
    warn(session, case.id, deadline)


def warn(
    session: Session, case_id: int, deadline: date, *, due_on: date | None = None
) -> WorkItem | None:
    """Open the warning of `deadline`, due on the deadline (or `due_on`: a plan that would
    pay a month only after its deadline is flagged early, due when the 90 days begin),
    unless the case has had that warning already. The timers, the daily follow-up and a
    changed plan all come here."""
    due = due_on or deadline
    if _already_warned(session, case_id, due):
        return None
    return workflow.open_item(session, case_id, NAME, SYSTEM, due_on=due)


def complete(done: Done, data: CourtDeadlineWarningPayload) -> None:
    """An answer of "waive" opens the eftergift step for the decision maker."""
    if data.action == "waive":
        open_follow_on(done, WAIVER)


STEP = HumanStep(
    name=NAME,
    title="Treårsfristen för ersättningstalan närmar sig",
    roles=(Role.UTREDARE,),
    payload=CourtDeadlineWarningPayload,
    complete=complete,
    on_timer=open_warning,
    basis=lambda session, case: [sections.months(session, case), sections.debt(session, case)],
)
