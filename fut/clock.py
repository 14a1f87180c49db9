"""The one clock: the instant futflow records and compares (`now()`, aware UTC) and the
Swedish local dates the people using the product see (`today()`).

Every date or instant of a case comes from here, never from `datetime.now()` or
`date.today()`. With `FUT_TODAY=YYYY-MM-DD` (read in `fut.settings`) the clock is shifted so
that the local date is that day when the process starts, at the machine's time of day;
time then runs on, so timers and deadlines keep working in a demo ("pretend it is
30 June 2025"). The processes an instance starts get `FUT_TODAY_SINCE`, the machine instant
at which it was FUT_TODAY for their parent (`fut.system.child_env`), so every process of the
instance, also a flow run started hours later or after midnight, reads the same clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fut.settings import get_settings


def local_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def machine_now() -> datetime:
    """The machine's own time: for real waits and schedules, never for a case's dates."""
    return datetime.now(UTC)


_started = machine_now()
_shift: tuple[tuple[date, datetime, str], timedelta] | None = None


def start() -> None:
    """Start the clock at this instant: FUT_TODAY (without FUT_TODAY_SINCE) is the local
    date now. Happens when this module is imported; tests call it after setting FUT_TODAY."""
    global _started, _shift
    _started, _shift = machine_now(), None


def since() -> datetime:
    """The machine instant at which the local date was FUT_TODAY."""
    return get_settings().today_since or _started


def shift() -> timedelta:
    """How far the clock is ahead of the machine (negative: behind); zero without FUT_TODAY."""
    global _shift
    settings = get_settings()
    if settings.today is None:
        return timedelta(0)
    anchor = since()
    key = (settings.today, anchor, settings.timezone)
    if _shift is None or _shift[0] != key:
        local = anchor.astimezone(local_zone())
        pretended = datetime.combine(settings.today, local.timetz())
        _shift = (key, pretended.astimezone(UTC) - anchor)  # in UTC: right across DST too
    return _shift[1]


def now() -> datetime:
    """The current instant, aware and in UTC."""
    return machine_now() + shift()


def today() -> date:
    """Today's date in Sweden."""
    return local_date(now())


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in Swedish time (a deadline on `day` has passed then)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=local_zone())


def local_date(moment: datetime) -> date:
    return moment.astimezone(local_zone()).date()
