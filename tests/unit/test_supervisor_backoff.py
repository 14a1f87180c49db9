"""The pause before `fut up` restarts a child that died (fut.supervisor.Backoff)."""

from __future__ import annotations

from fut.supervisor import Backoff, describe_exit


def test_the_pause_doubles_with_each_death_in_a_row_from_half_a_second():
    backoff = Backoff()
    assert [backoff.delay(n) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0]


def test_the_pause_never_exceeds_thirty_seconds_however_often_a_child_dies():
    backoff = Backoff()
    assert backoff.delay(7) == backoff.delay(100) == backoff.delay(10_000) == 30.0


def test_a_child_that_stayed_up_a_minute_starts_the_count_afresh():
    backoff = Backoff()
    assert backoff.deaths_in_a_row(before=6, up_for=60.0) == 1
    assert backoff.delay(backoff.deaths_in_a_row(before=6, up_for=3600.0)) == 0.5


def test_a_child_that_dies_within_the_minute_counts_one_more_death_in_a_row():
    backoff = Backoff()
    assert backoff.deaths_in_a_row(before=0, up_for=0.0) == 1
    assert backoff.deaths_in_a_row(before=3, up_for=59.9) == 4
    assert backoff.delay(backoff.deaths_in_a_row(before=3, up_for=59.9)) == 4.0


def test_the_policy_takes_its_numbers_from_the_settings_it_is_given():
    backoff = Backoff(first=0.1, factor=3.0, cap=1.0, reset_after=5.0)
    assert [round(backoff.delay(n), 3) for n in (1, 2, 3, 4)] == [0.1, 0.3, 0.9, 1.0]
    assert backoff.deaths_in_a_row(before=2, up_for=5.0) == 1


def test_a_death_by_signal_is_told_from_an_exit_with_a_code():
    assert describe_exit(-9) == "died (signal 9)"
    assert describe_exit(1) == "exited (code 1)"
    assert describe_exit(0) == "exited (code 0)"
