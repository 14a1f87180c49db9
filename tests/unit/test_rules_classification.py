from datetime import date

import pytest

from fut.rules.classification import propose_case_type, start_guarantee
from fut.rules.errors import InvalidPeriod

TODAY = date(2026, 11, 26)


def test_error_that_arose_two_months_ago_is_type_1_corrected_in_the_norm() -> None:
    result = propose_case_type("2026-09", "2026-10", ongoing=False, today=TODAY)
    assert result.case_type == 1
    assert result.stop_payment is False
    assert "september 2026" in result.reason
    assert "normberäkning" in result.reason


def test_error_from_three_calendar_months_back_is_no_longer_recent() -> None:
    assert propose_case_type("2026-08", "2026-08", ongoing=False, today=TODAY).case_type == 2


def test_old_error_that_has_ended_is_type_2_recovery_after_investigation() -> None:
    result = propose_case_type("2025-11", "2026-04", ongoing=False, today=TODAY)
    assert result.case_type == 2
    assert result.stop_payment is False
    assert "november 2025" in result.reason
    assert "återkrav" in result.reason


def test_old_error_still_ongoing_is_type_3_and_payment_stops_at_once() -> None:
    result = propose_case_type("2026-01", "2026-11", ongoing=True, today=TODAY)
    assert result.case_type == 3
    assert result.stop_payment is True
    assert result.reason.endswith("Utbetalningen stoppas tills misstanken är utredd.")


def test_recent_ongoing_error_stops_payment_while_client_is_on_assistance() -> None:
    result = propose_case_type("2026-10", "2026-11", ongoing=True, today=TODAY)
    assert (result.case_type, result.stop_payment) == (1, True)


def test_payment_cannot_be_stopped_for_a_client_who_has_left_assistance() -> None:
    result = propose_case_type(
        "2026-01", "2026-11", ongoing=True, today=TODAY, still_on_assistance=False
    )
    assert (result.case_type, result.stop_payment) == (3, False)
    assert "stoppas" not in result.reason


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidPeriod, match="period_to 2026-01 is before period_from 2026-03"):
        propose_case_type("2026-03", "2026-01", ongoing=False, today=TODAY)


def test_error_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidPeriod, match="period_from 2026-12 is after today"):
        propose_case_type("2026-12", "2026-12", ongoing=False, today=TODAY)


def test_malformed_period_names_the_field() -> None:
    with pytest.raises(InvalidPeriod, match="period_from '26-01'"):
        propose_case_type("26-01", "2026-02", ongoing=False, today=TODAY)


def test_investigation_must_start_within_three_months_of_the_report() -> None:
    assert start_guarantee(date(2026, 11, 26)) == date(2027, 2, 26)
    assert start_guarantee(date(2026, 11, 30)) == date(2027, 2, 28)
