"""The one clock: FUT_TODAY (settings) shifts `fut.clock` and everything that reads it, in this
process and in the processes an instance starts; without it the clock is the machine's."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from fut import clock as fut_clock
from fut.db import utcnow
from fut.rules.deadlines import reply_deadline
from fut.rules.identity_numbers import parse_identity_number
from fut.settings import Settings, get_settings
from tests.clock import restart_clock


def time_of_day_gap(a: datetime, b: datetime) -> timedelta:
    """How far apart two instants are on the wall clock of Sweden, ignoring the date."""
    zone = fut_clock.local_zone()
    day = date(2000, 1, 1)
    wall_a = datetime.combine(day, a.astimezone(zone).time())
    wall_b = datetime.combine(day, b.astimezone(zone).time())
    gap = abs(wall_a - wall_b)
    return min(gap, timedelta(days=1) - gap)


def test_fut_today_is_read_by_the_settings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FUT_TODAY", "2025-06-30")
    assert Settings().today == date(2025, 6, 30)
    monkeypatch.delenv("FUT_TODAY")
    assert Settings().today is None


def test_fut_today_makes_today_that_day_with_time_running(clock):
    assert fut_clock.today() == clock.today
    pretend = clock.set(date(2025, 6, 30))  # "pretend it is 30 June 2025", in summer time
    assert fut_clock.today() == pretend
    first = fut_clock.now()
    assert first.tzinfo is not None and first.utcoffset() == timedelta(0)
    assert fut_clock.local_date(first) == pretend
    assert abs(utcnow() - first) < timedelta(seconds=5)  # fut.db.utcnow is the one clock
    assert fut_clock.now() > first  # time runs, so timers and deadlines still come due
    # the wall clock reads the machine's time of day, also across summer and winter time
    assert time_of_day_gap(fut_clock.now(), fut_clock.machine_now()) < timedelta(seconds=5)


@pytest.mark.parametrize("day", [date(2028, 2, 29), date(2030, 12, 31), date(1999, 1, 1)])
def test_any_day_can_be_today(clock, day: date):
    clock.set(day)
    assert fut_clock.today() == day
    assert fut_clock.end_of_day(day) > fut_clock.now()


def test_without_fut_today_the_clock_is_the_machines(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("FUT_TODAY", raising=False)
    monkeypatch.delenv("FUT_TODAY_SINCE", raising=False)
    restart_clock()
    try:
        assert fut_clock.shift() == timedelta(0)
        assert abs(fut_clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    finally:
        monkeypatch.undo()
        restart_clock()


def test_the_day_counts_from_since(clock, monkeypatch: pytest.MonkeyPatch):
    """A process started later (a flow run hours after the runner) reads the same clock."""
    clock.set(date(2025, 6, 30))
    since = fut_clock.machine_now() - timedelta(days=3)  # no summer-time change in between
    monkeypatch.setenv("FUT_TODAY_SINCE", since.isoformat())
    get_settings.cache_clear()
    assert fut_clock.since() == since
    assert fut_clock.today() == date(2025, 7, 3)


def test_ten_digit_identity_numbers_take_their_century_from_the_clock(clock):
    clock.set(date(2011, 1, 1))  # 12 December 2012 has not come yet: born in 1912
    assert parse_identity_number("121212-1212").digits12 == "191212121212"
    clock.set(date(2013, 1, 1))
    assert parse_identity_number("121212-1212").digits12 == "201212121212"


def test_a_started_process_reads_the_same_clock(clock, monkeypatch, tmp_path):
    """The API, the runner and its flow runs get FUT_TODAY through fut.system.child_env: a
    reply date computed there is the one computed here, on the pretended day."""
    from fut.system import child_env

    pretend = clock.set(date(2025, 6, 30))
    monkeypatch.setenv("FUT_VAR_DIR", str(tmp_path))
    get_settings.cache_clear()
    env = child_env(get_settings())
    assert env["FUT_TODAY"] == pretend.isoformat()
    code = (
        "from fut.clock import today\n"
        "from fut.municipality import get_municipality\n"
        "from fut.rules.deadlines import reply_deadline\n"
        "print(today(), reply_deadline(today(), get_municipality().reply_days))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    from fut.municipality import get_municipality

    assert out == [
        pretend.isoformat(),
        reply_deadline(pretend, get_municipality().reply_days).isoformat(),
    ]
