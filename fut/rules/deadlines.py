"""Time limits: lag (1930:173) om beräkning av lagstadgad tid.

1 §: a period counted in weeks, months or years ends on the day that by its
name in the week or its number in the month corresponds to the day the count
started from; when that day does not exist in the final month, the month's last
day is the last day (2026-01-31 + 1 month -> 2026-02-28).

2 §: when the last day for an action falls on a Sunday, another allmän helgdag,
a Saturday, midsommarafton, julafton or nyårsafton, the action may be taken on
the next vardag (weekday that is none of those).

Allmänna helgdagar are those of lag (1989:253) om allmänna helgdagar; we take
them from the ``holidays`` package (category ``public``, built with
``include_sundays=False`` because the package otherwise lists every Sunday as a
holiday) and add the three eves of 1930:173 2 § ourselves from their
definitions, so the rule does not depend on the package's ``de_facto`` category.

The law applies to time limits set by statute. We apply the same rule to time
limits the board sets itself, such as the reply period of kommunicering
(förvaltningslagen 25 §), which is established administrative practice: a
client is never expected to answer on a day the office is closed.

Periods are added in the order months, then weeks and days.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from functools import lru_cache

import holidays

from fut.rules.errors import InvalidPeriod

_SATURDAY = 5


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPeriod(f"{name} must be a whole number, got {value!r}")


def add_period(start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """The nominal last day of a period (1930:173 1 §), before the 2 § weekend rule.

    Months keep the day number, or take the final month's last day when that
    number does not exist in it; weeks keep the weekday. Negative counts go
    backwards with the same rule.
    """
    _check_count("days", days)
    _check_count("weeks", weeks)
    _check_count("months", months)
    end = start
    if months:
        years_ahead, month_index = divmod(start.month - 1 + months, 12)
        year = start.year + years_ahead
        month = month_index + 1
        end = date(year, month, min(start.day, monthrange(year, month)[1]))
    return end + timedelta(days=days + 7 * weeks)


def midsummer_eve(year: int) -> date:
    """Midsommarafton: the Friday before midsommardagen (the Saturday 20-26 June)."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


@lru_cache(maxsize=64)
def closed_days(year: int) -> frozenset[date]:
    """Allmänna helgdagar (excluding ordinary Sundays) and the eves of 1930:173 2 § in ``year``.

    Saturdays and Sundays are not listed; :func:`is_working_day` checks them by weekday.
    """
    public = holidays.country_holidays(
        "SE", years=year, include_sundays=False, categories=("public",)
    )
    eves = {midsummer_eve(year), date(year, 12, 24), date(year, 12, 31)}
    return frozenset(public.keys()) | eves


def is_working_day(day: date) -> bool:
    """True for a vardag: not a Saturday, Sunday, allmän helgdag or one of the three eves."""
    return day.weekday() < _SATURDAY and day not in closed_days(day.year)


def last_day(nominal: date) -> date:
    """Move a last day that falls on a non-working day to the next vardag (1930:173 2 §)."""
    day = nominal
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline(start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """The last day of a time limit counted from ``start``: 1 § then 2 § of 1930:173."""
    return last_day(add_period(start, days=days, weeks=weeks, months=months))


def reply_deadline(sent_on: date, reply_days: int = 14) -> date:
    """Last day for the client to reply to a kommunicering letter sent on ``sent_on``.

    14 days is practice, not law (förvaltningslagen 25 § only requires a fixed
    time); the day count starts the day after sending and a last day on a
    non-working day moves to the next vardag.
    """
    _check_count("reply_days", reply_days)
    if reply_days < 1:
        raise InvalidPeriod(f"reply_days must be at least 1, got {reply_days}")
    return deadline(sent_on, days=reply_days)
