"""A case as an investigator reads it: stage, history, open tasks, documents and debt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from fut import audit
from fut.auth import Actor
from fut.clock import today
from fut.enums import WorkStatus
from fut.lifecycle import Stage
from fut.models import (
    Case,
    Debt,
    DebtWaiver,
    IncomingReport,
    InstallmentPlan,
    OverpaidMonth,
    Payment,
    Person,
    WorkItem,
)
from fut.rules.court_deadline import row_court_deadline
from fut.rules.deadlines import add_period
from fut.rules.identity_numbers import parse_identity_number
from fut.schemas import (
    CaseOut,
    DebtOut,
    HistoryOut,
    MonthOut,
    PaymentOut,
    PlanOut,
)
from fut.services.cases import history, load_case
from fut.services.debts import case_debt, debt_plan
from fut.services.documents import case_documents, document_out
from fut.services.ledger import ledger_of, waivers
from fut.steps import triage


@dataclass(frozen=True)
class DebtRows:
    """A case's decided debt with its installment plan and payments (oldest first)."""

    debt: Debt
    plan: InstallmentPlan | None
    payments: list[Payment]
    waivers: list[DebtWaiver]


def debt_rows(session: Session, case_id: int) -> DebtRows | None:
    """The debt, plan, payments and eftergifter of a case in four queries; None before a
    decided debt."""
    debt = case_debt(session, case_id)
    if debt is None or debt.id is None:
        return None
    payments = list(
        session.exec(
            select(Payment)
            .where(Payment.debt_id == debt.id)
            .order_by(col(Payment.paid_on), col(Payment.id))
        )
    )
    return DebtRows(debt, debt_plan(session, debt.id), payments, waivers(session, debt.id))


def plan_out(plan: InstallmentPlan) -> PlanOut:
    return PlanOut(
        monthly_amount=plan.monthly_amount,
        first_due_date=plan.first_due_date,
        installments=plan.installments,
        due_dates=[add_period(plan.first_due_date, months=i) for i in range(plan.installments)],
    )


def debt_out(rows: DebtRows | None) -> DebtOut | None:
    if rows is None:
        return None
    debt, payments = rows.debt, rows.payments
    ledger = ledger_of(debt, payments, rows.waivers)
    return DebtOut(
        amount=debt.amount,
        ocr=debt.ocr,
        paid=ledger.paid,
        waived=ledger.waived,
        remaining=ledger.remaining,
        ledger=ledger,
        status=debt.status,
        decided_on=debt.decided_on,
        plan=plan_out(rows.plan) if rows.plan is not None else None,
        payments=[
            PaymentOut(
                id=p.id,
                amount=p.amount,
                paid_on=p.paid_on,
                reference=p.reference,
            )
            for p in payments
        ],
    )


def case_months(session: Session, case_id: int) -> list[OverpaidMonth]:
    stmt = (
        select(OverpaidMonth)
        .where(OverpaidMonth.case_id == case_id)
        .order_by(col(OverpaidMonth.month))
    )
    return list(session.exec(stmt))


def masked_personnummer(person: Person) -> str:
    """``YYYYMMDD-****``: what a case shows until someone asks to see the whole number."""
    return parse_identity_number(person.identity_number).masked


GRANTED_ON_ASSUMED_NOTE = (
    "Antaget: beslutsdagen för biståndet registrerades inte när månaden utreddes. Som "
    "beviljandedag används utbetalningsdagen, eller den första dagen i månaden om den är okänd. "
    "Beviljandedagen avgör vilken lag som gäller för återkravet, så kontrollera den i "
    "biståndsbeslutet."
)
"""Why a month's grant date is marked assumed (months stored before grant dates were recorded)."""


def month_out(m: OverpaidMonth) -> MonthOut:
    deadline = row_court_deadline(m)
    return MonthOut(
        month=m.month,
        paid=m.paid,
        correct=m.correct,
        overpaid=m.overpaid,
        already_corrected=m.already_corrected,
        reason=m.reason,
        payment_date=m.payment_date,
        granted_on=m.granted_on,
        granted_on_assumed=m.granted_on_assumed,
        granted_on_note=GRANTED_ON_ASSUMED_NOTE if m.granted_on_assumed else None,
        law=m.law,
        court_deadline=deadline,
        too_old=deadline < today(),
    )


def notices(
    session: Session,
    case: Case,
    months: list[OverpaidMonth],
    month_label: Callable[[str], str] = str,
) -> list[str]:
    """What the investigator must know now: stop the payment, months past the court deadline
    (named by `month_label`: the API says "2025-05", a page "maj 2025")."""
    out = []
    if case.stage == Stage.TRIAGE and triage.proposal(session, case)["stop_payment"]:
        out.append(triage.STOP_PAYMENT_NOTICE)
    old = [month_label(m.month) for m in months if row_court_deadline(m) < today()]
    if old and case.stage != Stage.CLOSED:
        out.append(
            "Treårsfristen har gått ut för "
            + ", ".join(old)
            + ": de månaderna kan inte tas till förvaltningsrätten."
        )
    return out


def read_case(session: Session, actor: Actor, case_id: int) -> CaseOut:
    case = load_case(session, actor, case_id)
    person = session.get(Person, case.person_id)
    assert person is not None
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case_id)).first()
    items = session.exec(
        select(WorkItem).where(WorkItem.case_id == case_id, WorkItem.status == WorkStatus.OPEN)
    )
    months = case_months(session, case_id)
    audit.record(session, actor, "case_read", case_id=case_id)
    return CaseOut(
        id=case_id,
        case_number=case.case_number,
        unit=case.unit,
        stage=case.stage,
        priority=case.priority,
        case_type=case.case_type,
        flow_run_id=case.flow_run_id,
        person={
            "name": person.name,
            "personnummer": masked_personnummer(person),
            "kind": person.identity_kind,
        },
        report=report.model_dump(mode="json", exclude={"id", "case_id"}) if report else {},
        history=[
            HistoryOut.model_validate(h, from_attributes=True) for h in history(session, case_id)
        ],
        open_tasks=[{"id": i.id, "step": i.step, "due_at": i.due_at} for i in items],
        notices=notices(session, case, months),
        months=[month_out(m) for m in months],
        documents=[document_out(d) for d in case_documents(session, case_id)],
        debt=debt_out(debt_rows(session, case_id)),
    )
