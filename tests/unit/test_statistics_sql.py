"""The statistics' date expressions on SQLite (`fut.services.statistics_sql`), which keeps
instants as UTC text without zones: the Swedish date across summer and winter time, days
between dates and the start guarantee's ordinal agree with Python's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from fut.db import UTCDateTime
from fut.rules.indicators import guarantee_ordinal
from fut.services.statistics_sql import DateSql, YearWindow
from tests.clock import SUITE_TODAY

ZONE = ZoneInfo("Europe/Stockholm")


def test_swedish_dates_days_and_ordinals_on_sqlite_match_python():
    window = YearWindow(SUITE_TODAY.year, ZONE)
    offsets = window.offsets()
    assert [m for _, m in offsets] == [60, 120, 60]  # winter, summer, winter time
    # instants around midnight (Swedish and UTC) every few days, both changes of time
    instants = []
    moment = window.starts
    while moment < window.ends:
        instants += [moment, moment + timedelta(hours=22, minutes=30), moment + timedelta(hours=23)]
        moment += timedelta(days=3, hours=1)
    instants += [since + timedelta(minutes=d) for since, _ in offsets for d in (-1, 0, 1)]
    engine = sa.create_engine("sqlite://")
    table = sa.Table(
        "t", sa.MetaData(), sa.Column("at", UTCDateTime()), sa.Column("received", sa.Date())
    )
    sql = DateSql("sqlite", window)
    received = window.first_day
    with engine.begin() as conn:
        table.create(conn)
        conn.execute(table.insert(), [{"at": i, "received": received} for i in instants])
        local = sql.local_date(table.c.at)
        rows = conn.execute(
            sa.select(
                table.c.at,
                local,
                sql.days_between(table.c.received, local),
                sql.month(local),
                sql.guarantee_ordinal(local),
            )
        ).all()
    assert len(rows) == len(instants)
    for at, day, days, month, ordinal in rows:
        expected = at.replace(tzinfo=UTC).astimezone(ZONE).date()
        assert str(day) == expected.isoformat(), at
        assert days == (expected - received).days
        assert month == expected.month and ordinal == guarantee_ordinal(expected)


def test_the_year_window_runs_from_swedish_midnight_to_midnight():
    window = YearWindow(SUITE_TODAY.year, ZONE)
    assert window.starts == datetime(SUITE_TODAY.year - 1, 12, 31, 23, tzinfo=UTC)
    assert window.ends == datetime(SUITE_TODAY.year, 12, 31, 23, tzinfo=UTC)
