"""The daily repayment follow-up: missed installments are found within a week, and every
repayment case is reviewed at least every six months. Set-based over all debts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from fut.auth import SYSTEM
from fut.db import session_scope
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import Stage
from fut.models import Case, Debt, InstallmentPlan, Payment, WorkItem, row_id
from fut.rules.deadlines import add_period, deadline
from fut.services import workflow
from fut.steps.missed_payment import NAME as MISSED
from fut.steps.repayment_review import NAME as REVIEW

GRACE_DAYS = 7
REVIEW_MONTHS = 6


@dataclass(frozen=True)
class FollowUpResult:
    debts_checked: int
    missed_payment_items: int
    review_items: int


def expected_by(plan: InstallmentPlan, debt_amount: int, on: date) -> int:
    """What should have been paid by `on` (installments due at least a week before)."""
    due = 0
    for i in range(plan.installments):
        if add_period(plan.first_due_date, months=i) + timedelta(days=GRACE_DAYS) > on:
            break
        due += plan.monthly_amount
    return min(due, debt_amount)


def _open_item(session: Session, case_id: int, step: str) -> WorkItem | None:
    return session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case_id,
            WorkItem.step == step,
            WorkItem.status == WorkStatus.OPEN,
        )
    ).first()


def _last_item(session: Session, case_id: int, step: str) -> WorkItem | None:
    return session.exec(
        select(WorkItem)
        .where(WorkItem.case_id == case_id, WorkItem.step == step)
        .order_by(col(WorkItem.id).desc())
    ).first()


def follow_up(today: date) -> FollowUpResult:
    with session_scope() as session:
        paid = (
            select(Payment.debt_id, func.coalesce(func.sum(Payment.amount), 0).label("paid"))
            .group_by(col(Payment.debt_id))
            .subquery()
        )
        rows = session.exec(
            select(Case, Debt, InstallmentPlan, func.coalesce(paid.c.paid, 0))
            .join(Debt, col(Debt.case_id) == Case.id)
            .join(InstallmentPlan, col(InstallmentPlan.debt_id) == Debt.id)
            .join(paid, paid.c.debt_id == Debt.id, isouter=True)
            .where(Case.stage == Stage.REPAYMENT, Debt.status == DebtStatus.OPEN)
        ).all()
        missed = reviews = 0
        for case, debt, plan, paid_so_far in rows:
            case_id = row_id(case)
            if paid_so_far < expected_by(plan, debt.amount, today) and not _open_item(
                session, case_id, MISSED
            ):
                workflow.open_item(
                    session, case_id, MISSED, SYSTEM, due_on=deadline(today, days=GRACE_DAYS)
                )
                missed += 1
            last = _last_item(session, case_id, REVIEW)
            since = last.created_at.date() if last else plan.created_at.date()
            if add_period(since, months=REVIEW_MONTHS) <= today and not _open_item(
                session, case_id, REVIEW
            ):
                workflow.open_item(
                    session, case_id, REVIEW, SYSTEM, due_on=deadline(today, days=30)
                )
                reviews += 1
        return FollowUpResult(len(rows), missed, reviews)
