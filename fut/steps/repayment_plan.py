"""Avbetalningsplan: an installment plan for the decided debt (no set-off against future
assistance); the case then waits in `repayment` until the debt is paid."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from sqlmodel import Session

from fut.clock import today
from fut.errors import Invalid
from fut.lifecycle import Role, Stage
from fut.limits import MAX_INSTALLMENTS
from fut.models import Case, InstallmentPlan, row_id
from fut.rules.deadlines import add_period
from fut.services.debts import require_debt
from fut.steps import sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Day, PositiveKronor


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
    done.session.add(
        InstallmentPlan(
            debt_id=row_id(debt),
            monthly_amount=data.monthly_amount,
            first_due_date=data.first_due_date,
            installments=installments,
            created_by=done.actor.username,
        )
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
