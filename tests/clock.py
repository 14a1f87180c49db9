"""The day the tests pretend it is, whatever the machine's clock says.

The suite sets the one clock (`fut.clock`) the way a demo does, through FUT_TODAY, so the
dates written into scenarios (a report received on 2 November, a first installment due on
28 December) stand in the same relation to "today" on any machine date. A test that needs
the year writes ``SUITE_TODAY.year`` (or ``fut.clock.today().year``), never a literal.

Checked with the machine's clock moved: the whole suite passes under Debian 12's
``faketime -f +49d make test`` (libfaketime 0.9.10). There, Python 3.11's timed waits hang
(``sem_clockwait`` is not intercepted, wolfcw/libfaketime#390), which is why the API's
scheduler (`api.scheduler.SleepingScheduler`) waits in short sleeps; with
``FAKETIME_DONT_FAKE_MONOTONIC=1`` ``time.sleep`` fails with EINVAL (#426).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

SUITE_TODAY = date(2026, 11, 27)


def restart_clock() -> None:
    """Read FUT_TODAY afresh and start the clock now: the local date is FUT_TODAY from this
    instant on, time running (the processes started later share it, see fut.system)."""
    from fut import clock
    from fut.settings import get_settings

    get_settings.cache_clear()
    clock.start()


@dataclass
class SuiteClock:
    """The `clock` fixture: the one clock at `today`; `set(day)` moves it, as FUT_TODAY does."""

    monkeypatch: pytest.MonkeyPatch
    today: date = SUITE_TODAY

    def set(self, day: date) -> date:
        self.monkeypatch.setenv("FUT_TODAY", day.isoformat())
        self.monkeypatch.delenv("FUT_TODAY_SINCE", raising=False)
        restart_clock()
        self.today = day
        return day
