"""The court deadline of SoL 33:5 draws near: 90 days before the first investigated month's
three years run out, a work item asks the investigator to act (apply to the court, waive,
wait, or note that it is paid). It stands beside the lifecycle: the case does not move."""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal

from pydantic import Field
from sqlmodel import Session, col, select

from fut.auth import SYSTEM
from fut.clock import local_zone, today
from fut.enums import DebtStatus
from fut.lifecycle import Role, Stage
from fut.models import Case, OverpaidMonth, Timer
from fut.rules.court_deadline import first_warning_date, row_court_deadline
from fut.services import workflow
from fut.services.debts import case_debt
from fut.steps import sections
from fut.steps.base import HumanStep, StepPayload, ui
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
    """(Re)place the case's warning timer for these months (07:00 on the warning day)."""
    for timer in session.exec(
        select(Timer).where(
            Timer.case_id == case_id, Timer.kind == NAME, col(Timer.fired_at).is_(None)
        )
    ):
        session.delete(timer)
    if months:
        warn_on = first_warning_date(months)
        fire_at = datetime.combine(warn_on, time(7), tzinfo=local_zone())
        session.add(Timer(case_id=case_id, kind=NAME, fire_at=fire_at))


def open_warning(session: Session, timer: Timer) -> None:
    """Open the warning work item unless the case is closed or its debt settled."""
    case = session.get(Case, timer.case_id)
    if case is None or case.id is None or case.stage == Stage.CLOSED:
        return
    debt = case_debt(session, case.id)
    if debt is not None and debt.status != DebtStatus.OPEN:
        return
    months = session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case.id))
    deadlines = sorted(row_court_deadline(m) for m in months)
    if not deadlines:
        return
    upcoming = [d for d in deadlines if d >= today()]
    workflow.open_item(
        session, case.id, NAME, SYSTEM, due_on=upcoming[0] if upcoming else deadlines[-1]
    )


STEP = HumanStep(
    name=NAME,
    title="Treårsfristen för ersättningstalan närmar sig",
    roles=(Role.UTREDARE,),
    payload=CourtDeadlineWarningPayload,
    complete=lambda done, data: None,
    on_timer=open_warning,
    basis=lambda session, case: [sections.months(session, case), sections.debt(session, case)],
)
