"""The daily repayment follow-up, over every debt being repaid, in batches of set-based SQL.

Each batch reads its debts with what was paid, waived and reminded, the case's follow-up
items and the months owed, in six queries whatever the batch's size (payments are summed
in the database, never loaded). The rules (`fut.rules.installments`) then say per debt what
is due, and only a debt that needs something is acted on (`follow_up_actions`): a debt
with a letter to write in a transaction of its own, the batch's work items without a
letter together in one:

- a missed installment (`follow_up.reminder_days` after its due date): the reminder letter
  (avbrutna avbetalningar) with a contact-by date, and a `missed_payment` work item; never
  twice for the same installment (`installment_reminder`);
- a debt paid (or waived) in full while its case still waits in repayment: settled by the
  case's own path (`automation.settle_repayment`: final notice, case closed);
- an unpaid month whose court deadline (SoL 33:5) is within 90 days, or that the plan would
  pay only after its deadline: a `court_deadline_warning` (once per deadline);
- every `follow_up.review_months`: a `repayment_review` work item.

Running it twice on a day, or a day late, does nothing twice: what is due is read from
what has been done.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Select, and_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from fut.clock import local_date
from fut.db import session_scope
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import Stage
from fut.models import (
    Case,
    Debt,
    DebtWaiver,
    InstallmentPlan,
    InstallmentReminder,
    OverpaidMonth,
    Payment,
    WorkItem,
)
from fut.municipality import FollowUpSettings, get_municipality
from fut.rules.court_deadline import (
    COURT_ACTION_YEARS,
    WARNING_DAYS_BEFORE,
    cost_date,
    row_court_deadline,
    unpaid_rows,
)
from fut.rules.deadlines import add_period
from fut.rules.installments import (
    PlanTerms,
    deadlines_past_plan,
    missed_installments,
    projected_terms,
    to_pay,
    warning_due_on,
)
from fut.services import follow_up_actions as act
from fut.steps.court_deadline_warning import NAME as WARNING
from fut.steps.missed_payment import NAME as MISSED
from fut.steps.repayment_review import NAME as REVIEW

BATCH_SIZE = 5000


@dataclass(frozen=True)
class FollowUpResult:
    debts_checked: int
    missed_payment_items: int
    review_items: int
    reminders: int = 0
    settled: int = 0
    court_warnings: int = 0


class OwedMonth(NamedTuple):
    month: str
    payment_date: date | None
    overpaid: int


@dataclass
class DebtState:
    """One debt of a batch, with its sums: nothing personal, no rows."""

    case_id: int
    debt_id: int
    amount: int
    recovery_route: str | None
    terms: PlanTerms
    plan_since: date
    paid: int = 0
    waived: int = 0
    last_reminded: date | None = None
    last_review: date | None = None
    open_missed: bool = False
    open_review: bool = False
    months: list[OwedMonth] = field(default_factory=list)
    warned: set[date] = field(default_factory=set)


@dataclass(frozen=True)
class Todo:
    """What the follow-up does for one debt today."""

    state: DebtState
    settle: bool = False
    remind: tuple[date, ...] = ()
    review: bool = False
    warnings: tuple[tuple[date, date], ...] = ()
    """(court deadline, the work item's due date)"""

    def __bool__(self) -> bool:
        return self.settle or bool(self.remind) or self.review or bool(self.warnings)


def _batch(session: Session, after: int, size: int) -> list[DebtState]:
    rows = session.execute(
        sa_select(
            col(Debt.id),
            col(Debt.case_id),
            col(Debt.amount),
            col(Debt.recovery_route),
            col(InstallmentPlan.first_due_date),
            col(InstallmentPlan.monthly_amount),
            col(InstallmentPlan.installments),
            col(InstallmentPlan.paid_before),
            col(InstallmentPlan.created_at),
        )
        .join(Case, col(Case.id) == Debt.case_id)
        .join(InstallmentPlan, col(InstallmentPlan.debt_id) == Debt.id)
        .where(col(Case.stage) == Stage.REPAYMENT, col(Debt.status) == DebtStatus.OPEN)
        .where(col(Debt.id) > after)
        .order_by(col(Debt.id))
        .limit(size)
    ).all()
    states: dict[int, DebtState] = {}
    for row in rows:
        debt_id, case_id, amount, route, first, monthly, installments, paid_before, created = row
        states[debt_id] = DebtState(
            case_id=case_id,
            debt_id=debt_id,
            amount=amount,
            recovery_route=route,
            terms=PlanTerms(first, monthly, installments, paid_before),
            plan_since=local_date(created),
        )
    if not states:
        return []
    low, high = after, max(states)
    in_batch = and_(col(Payment.debt_id) > low, col(Payment.debt_id) <= high)
    for debt_id, paid in session.exec(
        select(Payment.debt_id, func.sum(Payment.amount))
        .where(in_batch)
        .group_by(col(Payment.debt_id))
    ):
        if debt_id in states:
            states[debt_id].paid = int(paid)
    for debt_id, waived in session.exec(
        select(DebtWaiver.debt_id, func.sum(DebtWaiver.amount))
        .where(col(DebtWaiver.debt_id) > low, col(DebtWaiver.debt_id) <= high)
        .group_by(col(DebtWaiver.debt_id))
    ):
        if debt_id in states:
            states[debt_id].waived = int(waived)
    for debt_id, last in session.exec(
        select(InstallmentReminder.debt_id, func.max(InstallmentReminder.due_on))
        .where(col(InstallmentReminder.debt_id) > low, col(InstallmentReminder.debt_id) <= high)
        .group_by(col(InstallmentReminder.debt_id))
    ):
        if debt_id in states:
            states[debt_id].last_reminded = last
    by_case = {s.case_id: s for s in states.values()}
    cases = sa_select(col(Debt.case_id)).where(col(Debt.id) > low, col(Debt.id) <= high)
    _items(session, by_case, cases)
    _months(session, by_case, cases)
    return [states[k] for k in sorted(states)]


def _items(session: Session, by_case: dict[int, DebtState], cases: Select[Any]) -> None:
    """The follow-up items of the batch's cases: open ones, the last review, the warned
    deadlines (one query)."""
    for case_id, step, status, due_at, created_at in session.execute(
        sa_select(
            col(WorkItem.case_id),
            col(WorkItem.step),
            col(WorkItem.status),
            col(WorkItem.due_at),
            col(WorkItem.created_at),
        ).where(
            col(WorkItem.case_id).in_(cases),
            col(WorkItem.step).in_([MISSED, REVIEW, WARNING]),
        )
    ):
        state = by_case.get(case_id)
        if state is None:
            continue
        if step == MISSED:
            state.open_missed |= status == WorkStatus.OPEN
        elif step == REVIEW:
            state.open_review |= status == WorkStatus.OPEN
            day = local_date(created_at)
            state.last_review = max(state.last_review or day, day)
        elif due_at is not None:
            state.warned.add(local_date(due_at))


def _months(session: Session, by_case: dict[int, DebtState], cases: Select[Any]) -> None:
    for case_id, month, payment_date, overpaid in session.execute(
        sa_select(
            col(OverpaidMonth.case_id),
            col(OverpaidMonth.month),
            col(OverpaidMonth.payment_date),
            col(OverpaidMonth.overpaid),
        ).where(col(OverpaidMonth.case_id).in_(cases), col(OverpaidMonth.overpaid) > 0)
    ):
        if (state := by_case.get(case_id)) is not None:
            state.months.append(OwedMonth(month, payment_date, overpaid))


def todo(state: DebtState, today: date, settings: FollowUpSettings) -> Todo:
    """What is due for one debt today (pure: from the batch's sums and the rules)."""
    payable = to_pay(state.amount, state.waived)
    if state.paid >= payable:
        return Todo(state, settle=True)
    missed = missed_installments(state.terms, payable, state.paid, today, settings.reminder_days)
    remind = tuple(d for d in missed if state.last_reminded is None or d > state.last_reminded)
    since = state.last_review or state.plan_since
    review = not state.open_review and add_period(since, months=settings.review_months) <= today
    return Todo(state, remind=remind, review=review, warnings=_warnings(state, payable, today))


def _warnings(state: DebtState, payable: int, today: date) -> tuple[tuple[date, date], ...]:
    """Court deadlines to warn about: an unpaid month's deadline within 90 days (due on the
    deadline), or further off but before the plan would have paid the month (due when the
    90 days begin). Never once a recovery route is taken, never twice."""
    if state.recovery_route or not state.months:
        return ()
    owed = unpaid_rows(state.months, state.paid)
    if not owed:
        return ()
    window, cutoff = _window(today)
    found: dict[date, date] = {}
    for row in owed:
        if cost_date(row.month, row.payment_date) > cutoff:
            break  # oldest first: no later month's deadline can fall within the 90 days
        last_day = row_court_deadline(row)
        if today <= last_day <= window:
            found[last_day] = last_day
    terms = projected_terms(state.terms, payable, state.paid, today)
    oldest = cost_date(owed[0].month, owed[0].payment_date)
    if terms.last_due_date() >= add_period(oldest, months=12 * COURT_ACTION_YEARS):
        # the plan runs past the earliest deadline: which months would it pay too late?
        for _, last_day in deadlines_past_plan(state.months, terms, state.paid, state.waived):
            if last_day >= today:
                found.setdefault(last_day, warning_due_on(last_day, today))
    return tuple(sorted((d, due) for d, due in found.items() if due not in state.warned))


def _sum(counts: dict[str, int], done: dict[str, int]) -> dict[str, int]:
    return {key: counts[key] + value for key, value in done.items()}


@lru_cache(maxsize=4)
def _window(today: date) -> tuple[date, date]:
    """The last day of the 90 days ahead, and the latest cost date whose court deadline can
    fall within them (the deadline is three years on, moved only later by holidays)."""
    window = today + timedelta(days=WARNING_DAYS_BEFORE)
    return window, add_period(window, months=-12 * COURT_ACTION_YEARS) + timedelta(days=3)


def follow_up(today: date, *, batch_size: int = BATCH_SIZE) -> FollowUpResult:
    """Follow up every debt being repaid, as of `today`; returns counts only."""
    settings = get_municipality().follow_up
    counts: dict[str, int] = defaultdict(int)
    after = 0
    while True:
        with session_scope() as session:
            batch = _batch(session, after, batch_size)
        if not batch:
            break
        after = batch[-1].debt_id
        counts["checked"] += len(batch)
        todos = [t for state in batch if (t := todo(state, today, settings))]
        for item in todos:
            if item.settle or item.remind:  # a letter each: one transaction per case
                counts.update(_sum(counts, act.carry_out(item, today, settings)))
        items_only = [t for t in todos if not (t.settle or t.remind)]
        counts.update(_sum(counts, act.carry_out_items(items_only, today)))
    return FollowUpResult(
        debts_checked=counts["checked"],
        missed_payment_items=counts["missed_items"],
        review_items=counts["reviews"],
        reminders=counts["reminders"],
        settled=counts["settled"],
        court_warnings=counts["warnings"],
    )
