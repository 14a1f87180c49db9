"""Installments of a repayment plan, by scenario: due, missed, left, late for the court."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from fut.rules.court_deadline import row_court_deadline
from fut.rules.deadlines import is_working_day
from fut.rules.installments import (
    PlanTerms,
    contact_by,
    deadlines_past_plan,
    due_count,
    missed_installments,
    open_installments,
    projected_terms,
    remaining,
    warning_due_on,
)
from tests.clock import SUITE_TODAY

YEAR = SUITE_TODAY.year
FIRST = date(YEAR + 1, 1, 31)
PLAN = PlanTerms(FIRST, 300, 17)  # 4 960 kr: 16 x 300 and a last one of 160


@dataclass(frozen=True)
class Month:
    month: str
    payment_date: date | None
    overpaid: int


def test_due_dates_keep_the_day_number_or_take_the_months_last_day():
    assert PLAN.due_date(1) == date(YEAR + 1, 2, 28)
    assert PLAN.due_date(2) == date(YEAR + 1, 3, 31)
    assert due_count(PLAN, FIRST - timedelta(days=1)) == 0
    assert due_count(PLAN, FIRST) == 1
    assert due_count(PLAN, date(YEAR + 1, 2, 27)) == 1
    assert due_count(PLAN, date(YEAR + 1, 2, 28)) == 2
    assert due_count(PLAN, date(YEAR + 9, 1, 1)) == 17


@pytest.mark.parametrize(
    ("paid", "days_after", "missed"),
    [
        (0, 6, []),  # within the reminder days
        (0, 7, [FIRST]),
        (300, 7, []),  # the first installment paid
        (299, 7, [FIRST]),  # a krona short
        (600, 7, []),  # paid ahead
    ],
)
def test_an_installment_is_missed_the_settings_days_after_its_due_date(paid, days_after, missed):
    today = FIRST + timedelta(days=days_after)
    assert missed_installments(PLAN, 4960, paid, today, 7) == missed


def test_every_uncovered_installment_is_missed_earliest_first():
    today = date(YEAR + 1, 4, 15)
    assert missed_installments(PLAN, 4960, 300, today, 7) == [
        date(YEAR + 1, 2, 28),
        date(YEAR + 1, 3, 31),
    ]


def test_eftergift_ends_the_installments_earlier_but_pays_none():
    # 4 960 kr, 3 000 kr paid, 1 000 kr waived: 960 kr left, so 4 more installments
    terms = PlanTerms(FIRST, 300, 17)
    today = terms.due_date(10) + timedelta(days=7)
    assert missed_installments(terms, 4960 - 1000, 3000, today, 7) == [terms.due_date(10)]
    assert remaining(4960, 3000, 1000) == 960
    assert sum(a for _, a in open_installments(terms, 3960, 3000)) == 960


def test_a_changed_plan_counts_from_what_was_paid_before_it():
    changed = PlanTerms(FIRST, 1000, 2, paid_before=2960)
    assert missed_installments(changed, 4960, 2960, FIRST + timedelta(days=7), 7) == [FIRST]
    assert missed_installments(changed, 4960, 3960, FIRST + timedelta(days=7), 7) == []
    assert open_installments(changed, 4960, 3500) == [(FIRST, 460), (changed.due_date(1), 1000)]


def test_the_last_installment_is_the_smaller_rest():
    rows = open_installments(PLAN, 4960, 0)
    assert len(rows) == 17 and rows[-1] == (PLAN.due_date(16), 160)
    assert sum(a for _, a in rows) == 4960
    assert open_installments(PLAN, 4960, 4960) == []


def test_contact_by_moves_past_weekends_and_holidays():
    # a reminder sent 18 December: 14 days end on 1 January (nyårsdagen) -> next weekday
    sent = date(YEAR, 12, 18)
    day = contact_by(sent, 14)
    assert day >= sent + timedelta(days=14) and is_working_day(day)
    assert day != date(YEAR + 1, 1, 1)


def test_a_plan_that_pays_a_month_after_its_court_deadline_is_late():
    old = Month(f"{YEAR - 1}-05", date(YEAR - 1, 5, 25), 4000)
    new = Month(f"{YEAR - 1}-08", date(YEAR - 1, 8, 25), 2000)
    slow = PlanTerms(SUITE_TODAY, 100, 60)
    late = deadlines_past_plan([new, old], slow, 0, 0)
    assert [m for m, _ in late] == [old, new]
    assert late[0][1] == row_court_deadline(old)
    fast = PlanTerms(SUITE_TODAY, 3000, 2)
    assert deadlines_past_plan([new, old], fast, 0, 0) == []
    # eftergift counts against the newest month: the old one stays owed
    assert [m for m, _ in deadlines_past_plan([new, old], slow, 0, 2000)] == [old]


def test_a_plan_behind_is_projected_from_the_next_due_date():
    today = PLAN.due_date(3) + timedelta(days=1)
    assert projected_terms(PLAN, 4960, 1200, today) == PLAN  # up to date
    behind = projected_terms(PLAN, 4960, 300, today)
    assert behind.first_due_date == PLAN.due_date(4) and behind.paid_before == 300
    assert behind.installments == 16  # 4 660 kr at 300 kr


def test_a_warning_for_a_late_plan_is_due_when_the_ninety_days_begin():
    deadline = SUITE_TODAY + timedelta(days=400)
    assert warning_due_on(deadline, SUITE_TODAY) == deadline - timedelta(days=90)
    soon = SUITE_TODAY + timedelta(days=60)
    assert warning_due_on(soon, SUITE_TODAY) == soon
