"""Avbetalningsplan: an installment plan for the decided debt (no set-off against future
assistance); the case then waits in `repayment` until the debt is paid.

A plan whose last installment falls after the court deadline (SoL 33:5) of a month still
unpaid is refused unless the investigator gives a reason: once that day has passed the
board can no longer take that month's amount to förvaltningsrätten. A plan confirmed with
a reason opens a warning for each such deadline, due when its last 90 days begin."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from sqlmodel import Session, select

from fut.clock import today
from fut.errors import Invalid
from fut.lifecycle import Role, Stage
from fut.limits import MAX_INSTALLMENTS
from fut.models import Case, InstallmentPlan, OverpaidMonth, row_id
from fut.rules.court_deadline import court_deadlines
from fut.rules.deadlines import add_period
from fut.rules.installments import warning_due_on
from fut.services.debts import paid_amount, require_debt
from fut.steps import court_deadline_warning, sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Day, PositiveKronor, Text


class RepaymentPlanPayload(StepPayload):
    monthly_amount: PositiveKronor = Field(
        title="Belopp per månad",
        description="kronor a month",
        json_schema_extra=ui(hint=f"Planen får löpa högst {MAX_INSTALLMENTS} månader."),
    )
    first_due_date: Day = Field(
        title="Första förfallodag",
        json_schema_extra=ui(hint="Samma dag varje månad, senast ett år från i dag."),
    )
    past_court_deadline_reason: Text = Field(
        default="",
        max_length=5000,
        title="Skäl att planen löper efter sista dagen för ansökan till förvaltningsrätten",
        json_schema_extra=ui(
            widget="textarea",
            hint="Fyll i bara om den sista betalningen ligger efter sista dagen att ansöka "
            "hos förvaltningsrätten för någon obetald månad. Efter den dagen kan nämnden inte "
            "längre få en dom för den månadens belopp.",
        ),
    )


def basis(session: Session, case: Case) -> list[Section]:
    return [sections.debt(session, case)]


def complete(done: Done, data: RepaymentPlanPayload) -> Next:
    debt = require_debt(done.session, done.case)
    installments = -(-debt.amount // data.monthly_amount)
    if installments > MAX_INSTALLMENTS:
        raise Invalid(
            f"{data.monthly_amount} kr a month would take {installments} months to repay "
            f"{debt.amount} kr; a plan may run at most {MAX_INSTALLMENTS} months",
            ("body", "monthly_amount"),
        )
    if not date(2000, 1, 1) <= data.first_due_date <= add_period(today(), months=12):
        raise Invalid(
            "first_due_date must lie within a year from today", ("body", "first_due_date")
        )
    last_due = add_period(data.first_due_date, months=installments - 1)
    reason = data.past_court_deadline_reason.strip()
    months = done.session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == done.case_id))
    outlived = [
        (row, deadline)
        for row, deadline in court_deadlines(
            months, paid_amount(done.session, row_id(debt)), today()
        )
        if deadline < last_due
    ]
    if debt.recovery_route:
        outlived = []  # the claim has taken its route: the court deadline no longer guards it
    if outlived and not reason:
        row, deadline = outlived[0]
        raise Invalid(
            f"the last installment on {last_due.isoformat()} falls after the court deadline "
            f"{deadline.isoformat()} of month {row.month}; give past_court_deadline_reason "
            "to confirm the plan",
            ("body", "past_court_deadline_reason"),
        )
    done.session.add(
        InstallmentPlan(
            debt_id=row_id(debt),
            monthly_amount=data.monthly_amount,
            first_due_date=data.first_due_date,
            installments=installments,
            created_by=done.actor.username,
        )
    )
    for deadline in sorted({d for _, d in outlived}):  # the investigator acts in time
        due_on = warning_due_on(deadline, today())
        court_deadline_warning.warn(done.session, done.case_id, deadline, due_on=due_on)
    if outlived:
        return Next(
            Stage.REPAYMENT,
            "Avbetalningsplan upprättad trots att den löper efter sista dagen för ansökan "
            f"till förvaltningsrätten; skäl: {reason}",
        )
    return Next(Stage.REPAYMENT, "Avbetalningsplan upprättad")


STEP = HumanStep(
    name=Stage.REPAYMENT_PLAN,
    title="Avbetalningsplan",
    roles=(Role.UTREDARE, Role.EKONOMI),
    payload=RepaymentPlanPayload,
    complete=complete,
    basis=basis,
)
