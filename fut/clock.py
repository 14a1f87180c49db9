"""Time as the people using the product see it: Swedish local dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fut.db import utcnow
from fut.settings import get_settings


def local_zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def today() -> date:
    return utcnow().astimezone(local_zone()).date()


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in Swedish time (a deadline on `day` has passed then)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=local_zone())


def local_date(moment: datetime) -> date:
    return moment.astimezone(local_zone()).date()
