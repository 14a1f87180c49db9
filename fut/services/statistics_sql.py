"""The date arithmetic the statistics queries need, for PostgreSQL and SQLite alike: a
stored instant's Swedish date, the days between two dates, a date's month, and the start
guarantee's ordinal (`fut.rules.indicators.guarantee_ordinal`).

PostgreSQL converts with the time zone itself. SQLite keeps instants as UTC text and knows
no zones: the year's offsets (Swedish summer and winter time) are worked out here, once per
query, and applied by a CASE on the instant — exact for instants within the year, which is
all the statistics compare.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import Integer, and_, func

from fut.rules.indicators import ORDINAL_DAYS_PER_MONTH


@dataclass(frozen=True)
class YearWindow:
    """A calendar year in Swedish time: its first and last day, and the instants (UTC) it
    starts and ends."""

    year: int
    zone: ZoneInfo

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.first_day, time(0), tzinfo=self.zone).astimezone(UTC)

    @property
    def ends(self) -> datetime:
        """The first instant after the year."""
        return datetime.combine(date(self.year + 1, 1, 1), time(0), tzinfo=self.zone).astimezone(
            UTC
        )

    def offsets(self) -> list[tuple[datetime, int]]:
        """[(from this instant, the zone's offset in minutes)] over the year, first from its
        start: a new entry wherever summer or winter time begins."""
        moment, step = self.starts, timedelta(hours=1)
        out: list[tuple[datetime, int]] = []
        while moment < self.ends:
            offset = moment.astimezone(self.zone).utcoffset()
            minutes = int(offset.total_seconds() // 60) if offset is not None else 0
            if not out or out[-1][1] != minutes:
                out.append((moment, minutes))
            moment += step
        return out


Only = Callable[[Any], Any]
"""A query restricted to the units the reader's figures cover."""


def in_year(instant: Any, window: YearWindow) -> Any:
    """A stored instant (UTC) within the year in Swedish time."""
    return and_(instant >= window.starts, instant < window.ends)


class DateSql:
    """Date expressions for the session's database, for instants within `window`."""

    def __init__(self, dialect: str, window: YearWindow) -> None:
        self.postgres = dialect == "postgresql"
        self.window = window

    def local_date(self, instant: Any) -> Any:
        """The Swedish date of a stored instant (a UTCDateTime column)."""
        if self.postgres:
            return sa.cast(func.timezone(self.window.zone.key, instant), sa.Date)
        offsets = self.window.offsets()
        modifier: Any = sa.literal(f"{offsets[0][1]:+d} minutes")
        if len(offsets) > 1:
            modifier = sa.case(
                *(
                    (instant >= since, sa.literal(f"{minutes:+d} minutes"))
                    for since, minutes in reversed(offsets[1:])
                ),
                else_=modifier,
            )
        return func.date(instant, modifier)

    def days_between(self, first: Any, last: Any) -> Any:
        """Whole days from the date `first` to the date `last`."""
        if self.postgres:
            return sa.cast(last - first, Integer)
        return sa.cast(func.julianday(last) - func.julianday(first), Integer)

    def _part(self, day: Any, pg_field: str, sqlite_format: str) -> Any:
        if self.postgres:
            return sa.cast(func.extract(pg_field, day), Integer)
        return sa.cast(func.strftime(sqlite_format, day), Integer)

    def month(self, day: Any) -> Any:
        """The month number (1-12) of a date."""
        return self._part(day, "month", "%m")

    def guarantee_ordinal(self, day: Any) -> Any:
        """`fut.rules.indicators.guarantee_ordinal` of a date."""
        year = self._part(day, "year", "%Y")
        month = self._part(day, "month", "%m")
        return (year * 12 + month) * ORDINAL_DAYS_PER_MONTH + self._part(day, "day", "%d")
