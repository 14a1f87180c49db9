from datetime import date

import pytest

import fut.rules as rules_package
from fut.rules.court_deadline import (
    RecoveryRoute,
    check_single_route,
    court_deadline,
    first_warning_date,
    months_too_old,
    unpaid_rows,
    warning_dates,
)
from fut.rules.errors import DoubleRecoveryClaim, RuleError
from fut.rules.overpayment import MonthInput, specify


def _rows(*months: str) -> tuple:
    return specify(
        [
            MonthInput(m, 9_000, correct_amount=0, granted_on=date.fromisoformat(m + "-01"))
            for m in months
        ]
    ).rows


def test_action_must_be_brought_within_three_years_of_the_payment() -> None:
    assert court_deadline(date(2023, 3, 15)) == date(2026, 3, 16)  # 2026-03-15 is a Sunday
    assert court_deadline(date(2023, 6, 1)) == date(2026, 6, 1)


def test_court_deadline_on_a_weekend_moves_to_the_next_weekday() -> None:
    assert court_deadline(date(2023, 10, 31)) == date(2026, 11, 2)  # 31 Oct 2026 All Saints


def test_court_deadline_from_a_leap_day_ends_on_28_february_or_the_next_weekday() -> None:
    assert court_deadline(date(2024, 2, 29)) == date(2027, 3, 1)  # 28 Feb 2027 is a Sunday


def test_each_month_drops_out_of_the_claim_on_its_own_deadline() -> None:
    rows = _rows("2023-10", "2023-11", "2023-12")
    # deadlines: 2026-10-01; 2026-11-01 is a Sunday -> 2026-11-02; 2026-12-01
    assert [r.month for r in months_too_old(rows, date(2026, 10, 1))] == []
    assert [r.month for r in months_too_old(rows, date(2026, 11, 2))] == ["2023-10"]
    assert [r.month for r in months_too_old(rows, date(2026, 11, 3))] == ["2023-10", "2023-11"]


def test_recorded_payment_date_decides_the_deadline_not_the_month() -> None:
    paid_early = MonthInput(
        "2023-12",
        9_000,
        correct_amount=0,
        payment_date=date(2023, 11, 28),
        granted_on=date(2023, 11, 20),
    )
    rows = specify([paid_early]).rows
    # 2026-11-28 is a Saturday: the last day is Monday 30 November
    assert months_too_old(rows, date(2026, 11, 30)) == []
    assert months_too_old(rows, date(2026, 12, 1)) == list(rows)
    assert months_too_old(_rows("2023-12"), date(2026, 12, 1)) == []


def test_first_warning_comes_ninety_days_before_the_earliest_deadline() -> None:
    rows = _rows("2024-05", "2024-03", "2024-04")
    assert court_deadline(date(2024, 3, 1)) == date(2027, 3, 1)
    assert first_warning_date(rows) == date(2026, 12, 1)


def test_first_warning_needs_a_month() -> None:
    with pytest.raises(RuleError, match="at least one month"):
        first_warning_date([])


def test_claim_taken_to_administrative_court_cannot_also_be_claimed_as_damages() -> None:
    with pytest.raises(DoubleRecoveryClaim, match="one recovery route per claim"):
        check_single_route(
            [RecoveryRoute.ADMINISTRATIVE_COURT], RecoveryRoute.DAMAGES_IN_CRIMINAL_CASE
        )


def test_damages_ordered_in_the_criminal_case_cannot_be_claimed_again_in_court() -> None:
    with pytest.raises(DoubleRecoveryClaim, match="cannot be claimed twice"):
        check_single_route(
            [RecoveryRoute.DAMAGES_IN_CRIMINAL_CASE], RecoveryRoute.DAMAGES_IN_CRIMINAL_CASE
        )


def test_first_recovery_route_is_allowed() -> None:
    check_single_route([], RecoveryRoute.ADMINISTRATIVE_COURT)


def test_no_set_off_rule_exists_in_the_rules() -> None:
    import pkgutil

    names = [m.name for m in pkgutil.iter_modules(rules_package.__path__)]
    assert not [n for n in names if "set_off" in n or "offset" in n or "avrakn" in n]


def test_payments_count_against_the_oldest_month_first() -> None:
    rows = _rows("2025-06", "2025-05", "2025-07")  # 9 000 kr overpaid each
    assert [r.month for r in unpaid_rows(rows, 0)] == ["2025-05", "2025-06", "2025-07"]
    assert [r.month for r in unpaid_rows(rows, 9_000)] == ["2025-06", "2025-07"]
    assert [r.month for r in unpaid_rows(rows, 9_001)] == ["2025-06", "2025-07"]  # partly paid
    assert unpaid_rows(rows, 27_000) == []


def test_one_warning_per_distinct_deadline_ninety_days_before_it() -> None:
    rows = _rows("2025-05", "2025-07")
    assert warning_dates(rows) == {
        date(2028, 5, 2): date(2028, 2, 2),  # 1 May 2028 a holiday
        date(2028, 7, 3): date(2028, 4, 4),  # 1 July 2028 a Saturday
    }
