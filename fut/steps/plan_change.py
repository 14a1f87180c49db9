"""Ändrad avbetalningsplan: the installment plan is agreed anew for what is left of the debt
(the client's income has changed, installments were missed and a new plan is agreed).

Opened when a follow-up item (missed installment, half-year review) is answered with "En ny
avbetalningsplan är överenskommen". Completing it records the decision, writes the letter
(andrad_avbetalningsplan) and replaces the plan: the new installments count from what has
been paid so far. As with the first plan, a plan whose payments would reach a month after
that month's court deadline (SoL 33:5) needs a reason, and a warning item opens for each
such deadline so that the investigator can apply to the court in time. Beside the
lifecycle: the case stays in repayment."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import select

from fut import audit
from fut.clock import today
from fut.enums import DebtStatus, DecisionKind
from fut.errors import Conflict, Invalid
from fut.lifecycle import Role
from fut.limits import MAX_INSTALLMENTS
from fut.models import OverpaidMonth, row_id
from fut.rules.deadlines import add_period
from fut.rules.installments import (
    PlanTerms,
    deadlines_past_plan,
    installments_for,
    remaining,
    warning_due_on,
)
from fut.services import documents
from fut.services.debts import debt_plan, paid_amount, require_debt
from fut.services.decisions import record_decision
from fut.services.ledger import waived_amount
from fut.steps import court_deadline_warning, sections
from fut.steps.base import Done, HumanStep, StepPayload, ui
from fut.validation import Day, PositiveKronor, Text

NAME = "plan_change"


class PlanChangePayload(StepPayload):
    monthly_amount: PositiveKronor = Field(title="Nytt belopp per månad")
    first_due_date: Day = Field(
        title="Första förfallodag enligt den nya planen",
        json_schema_extra=ui(hint="Tidigast i dag och senast ett år från i dag."),
    )
    reason: Text = Field(
        min_length=1,
        max_length=2000,
        title="Varför planen ändras",
        json_schema_extra=ui(widget="textarea", hint="Står i brevet till den enskilde."),
    )
    past_court_deadline_reason: Text = Field(
        default="",
        max_length=5000,
        title="Skäl att planen löper efter sista dagen för ansökan till förvaltningsrätten",
        json_schema_extra=ui(widget="textarea"),
    )


def complete(done: Done, data: PlanChangePayload) -> None:
    session = done.session
    debt = require_debt(session, done.case, lock=True)
    debt_id = row_id(debt)
    plan = debt_plan(session, debt_id)
    if debt.status != DebtStatus.OPEN or plan is None:
        raise Conflict(f"case {done.case.case_number} has no open debt with a plan to change")
    paid, waived = paid_amount(session, debt_id), waived_amount(session, debt_id)
    left = remaining(debt.amount, paid, waived)
    if left <= 0:
        raise Conflict(f"nothing is left to pay of the debt of case {done.case.case_number}")
    installments = installments_for(left, data.monthly_amount)
    if installments > MAX_INSTALLMENTS:
        raise Invalid(
            f"{data.monthly_amount} kr a month would take {installments} months to repay "
            f"{left} kr; a plan may run at most {MAX_INSTALLMENTS} months",
            ("body", "monthly_amount"),
        )
    if not today() <= data.first_due_date <= add_period(today(), months=12):
        raise Invalid(
            "first_due_date must lie between today and a year from today",
            ("body", "first_due_date"),
        )
    terms = PlanTerms(data.first_due_date, data.monthly_amount, installments, paid)
    months = list(session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == done.case_id)))
    late = [] if debt.recovery_route else deadlines_past_plan(months, terms, paid, waived)
    reason = data.past_court_deadline_reason.strip()
    if late and not reason:
        row, last_day = late[0]
        raise Invalid(
            f"the new plan pays month {row.month} after its court deadline "
            f"{last_day.isoformat()}; give past_court_deadline_reason to confirm the plan",
            ("body", "past_court_deadline_reason"),
        )
    # the letter first: it names the plan that is replaced
    documents.produce(
        session,
        done.case,
        "andrad_avbetalningsplan",
        f"plan-change-{row_id(done.item)}",
        done.actor,
        reason=data.reason,
        plan={
            "monthly_amount": data.monthly_amount,
            "installments": installments,
            "first_due_date": data.first_due_date,
        },
    )
    motivation = data.reason if not late else f"{data.reason}\n\nEfter fristen: {reason}"
    record_decision(done, DecisionKind.PLAN_CHANGE, "changed", motivation)
    previous = plan.monthly_amount
    plan.monthly_amount = data.monthly_amount
    plan.first_due_date = data.first_due_date
    plan.installments = installments
    plan.paid_before = paid
    session.add(plan)
    audit.record(
        session,
        done.actor,
        "plan_changed",
        case_id=done.case_id,
        entity="installment_plan",
        entity_id=plan.id,
        previous_monthly=previous,
        monthly_amount=data.monthly_amount,
        installments=installments,
    )
    for last_day in sorted({d for _, d in late}):
        due_on = warning_due_on(last_day, today())
        court_deadline_warning.warn(session, done.case_id, last_day, due_on=due_on)


STEP = HumanStep(
    name=NAME,
    title="Ändrad avbetalningsplan",
    roles=(Role.UTREDARE, Role.EKONOMI),
    payload=PlanChangePayload,
    complete=complete,
    basis=lambda session, case: [sections.debt(session, case)],
)
