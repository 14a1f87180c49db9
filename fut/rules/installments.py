"""Installments of a repayment plan: which are due, which are missed, what is left.

An installment plan is a voluntary agreement (the återkrav decision is not enforceable, SoL
33:4; HFD 2013 ref. 18: no set-off), with the same due date every month so that one monthly
check suffices. The client is contacted when an installment is missed; the follow-up waits
a few days after the due date (the municipality's `follow_up.reminder_days`) so that a
payment on its way through the bank is not taken for a missed one.

Payments are counted against the earliest installments first. A changed plan counts from
what was paid before it started (`paid_before`); eftergift (SoL 33:6) lowers what is to be
paid, so the installments stop earlier, but does not pay any installment by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from fut.rules.court_deadline import WARNING_DAYS_BEFORE, OwedT, cost_date, row_court_deadline
from fut.rules.deadlines import add_period, deadline


@dataclass(frozen=True)
class PlanTerms:
    """What the plan says: from which day, how much a month, for how many months, and what
    was already paid when it started."""

    first_due_date: date
    monthly_amount: int
    installments: int
    paid_before: int = 0

    def due_date(self, number: int) -> date:
        """The due date of installment `number` (0 is the first): the same day number every
        month, or the month's last day (lag 1930:173 1 §)."""
        return add_period(self.first_due_date, months=number)

    def last_due_date(self) -> date:
        return self.due_date(self.installments - 1)


def to_pay(total: int, waived: int) -> int:
    """What the client is to pay of a debt of `total` kronor after eftergift of `waived`."""
    return max(total - waived, 0)


def remaining(total: int, paid: int, waived: int) -> int:
    """What is left to pay: never below zero (an overpayment is paid back, not owed)."""
    return max(total - waived - paid, 0)


def due_count(terms: PlanTerms, by: date) -> int:
    """How many of the plan's installments are due on or before `by`."""
    if by < terms.first_due_date:
        return 0
    months = (by.year - terms.first_due_date.year) * 12 + by.month - terms.first_due_date.month
    count = months + 1 if terms.due_date(months) <= by else months
    return max(0, min(count, terms.installments))


def owed_after(terms: PlanTerms, payable: int, installments: int) -> int:
    """What should have been paid in all once `installments` installments are due."""
    return min(terms.paid_before + terms.monthly_amount * installments, payable)


def missed_installments(
    terms: PlanTerms, payable: int, paid: int, today: date, reminder_days: int
) -> list[date]:
    """The due dates of the installments missed on `today`: due at least `reminder_days`
    days ago and not covered by what has been paid (earliest installments first). None when
    the debt is paid (`paid` reaches `payable`)."""
    if paid >= payable or terms.monthly_amount <= 0:
        return []
    due = due_count(terms, today - timedelta(days=reminder_days))
    covered = max(paid - terms.paid_before, 0) // terms.monthly_amount
    return [
        terms.due_date(n) for n in range(covered, due) if paid < owed_after(terms, payable, n + 1)
    ]


def installments_for(amount: int, monthly_amount: int) -> int:
    """How many monthly installments of `monthly_amount` pay `amount` (the last one smaller)."""
    return -(-amount // monthly_amount)


def paid_in_full_on(terms: PlanTerms, payable: int, amount: int) -> date | None:
    """The due date of the installment by which `amount` kronor in all will have been paid
    when the plan is kept; None when the plan never gets that far."""
    if amount <= terms.paid_before:
        return terms.first_due_date
    number = installments_for(amount - terms.paid_before, terms.monthly_amount)
    if amount > payable or number > terms.installments:
        return None
    return terms.due_date(number - 1)


def contact_by(today: date, contact_days: int) -> date:
    """The last day for the client to get in touch after a reminder sent `today`: the
    period's last day moves to the next weekday (lag 1930:173 2 §)."""
    return deadline(today, days=contact_days)


def deadlines_past_plan(
    rows: Iterable[OwedT], terms: PlanTerms, paid: int, waived: int
) -> list[tuple[OwedT, date]]:
    """The months still unpaid whose court deadline (SoL 33:5) comes before the plan, kept
    as agreed, will have paid them: [(month, its deadline)], oldest first. Payments count
    against the oldest months (their deadlines run out first); eftergift against the newest
    (the board gives up the end of the claim), so the oldest stay owed."""
    owed = sorted(
        (r for r in rows if r.overpaid > 0), key=lambda r: cost_date(r.month, r.payment_date)
    )
    payable = to_pay(sum(r.overpaid for r in owed), waived)
    late: list[tuple[OwedT, date]] = []
    cumulative = 0
    for row in owed:
        cumulative += row.overpaid
        if cumulative > payable:
            break  # waived: no longer claimed
        if cumulative <= paid:
            continue
        last_day_for_court = row_court_deadline(row)
        paid_by = paid_in_full_on(terms, payable, cumulative)
        if paid_by is None or paid_by > last_day_for_court:
            late.append((row, last_day_for_court))
    return late


def projected_terms(terms: PlanTerms, payable: int, paid: int, today: date) -> PlanTerms:
    """The plan as it will run from today: as agreed while the client keeps up; when behind,
    what is left paid at the same monthly amount from the next due date after today."""
    due = due_count(terms, today)
    if due < terms.installments and paid >= owed_after(terms, payable, due):
        return terms
    left = max(payable - paid, 0)
    return PlanTerms(
        terms.due_date(due),
        terms.monthly_amount,
        max(installments_for(left, terms.monthly_amount), 1),
        paid,
    )


def warning_due_on(last_day: date, today: date) -> date:
    """When a warning about a plan that passes the court deadline `last_day` is due: when
    the 90 days before the deadline begin, or on the deadline once they have begun (the
    same warning the 90-day timer gives)."""
    early = last_day - timedelta(days=WARNING_DAYS_BEFORE)
    return early if early > today else last_day


def open_installments(terms: PlanTerms, payable: int, paid: int) -> list[tuple[date, int]]:
    """What is left to pay per installment: [(due date, kronor)], from the first installment
    not fully paid (its amount less what has been paid towards it) to the last; nothing when
    the debt is paid. Beyond the plan's last installment (after eftergift or arrears) the
    rest falls on the last one."""
    if paid >= payable:
        return []
    rows: list[tuple[date, int]] = []
    covered = max(paid, terms.paid_before)
    for number in range(terms.installments):
        owed = owed_after(terms, payable, number + 1)
        if owed > covered:
            rows.append((terms.due_date(number), owed - covered))
            covered = owed
    if covered < payable:
        last = rows.pop() if rows else (terms.last_due_date(), 0)
        rows.append((last[0], last[1] + payable - covered))
    return rows
