import csv
import re
from datetime import date

import pytest

from fut.rules.deadlines import (
    add_period,
    closed_days,
    deadline,
    is_working_day,
    last_day,
    midsummer_eve,
    reply_deadline,
)
from fut.rules.errors import RuleError
from tests.testdata import DATA

HOLIDAYS = DATA / "holidays"
EXAMPLE = re.compile(
    r"(?P<start>\d{4}-\d{2}-\d{2}) \+(?P<count>\d+)(?P<unit>[dwm]) -> "
    r"nominal (?P<nominal>\d{4}-\d{2}-\d{2}) \((?P<nominal_wd>\w{3})\) -> "
    r"last day (?P<last>\d{4}-\d{2}-\d{2}) \((?P<last_wd>\w{3})\)"
)
UNIT = {"d": "days", "w": "weeks", "m": "months"}


def _examples() -> list[re.Match[str]]:
    lines = (HOLIDAYS / "deadline_examples.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()]
    matches = [EXAMPLE.fullmatch(line.strip()) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if m is None]
    return [m for m in matches if m is not None]


def _holiday_rows() -> list[dict[str, str]]:
    with (HOLIDAYS / "se_holidays_2025_2027.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("example", _examples(), ids=lambda m: m.group(0)[:16])
def test_worked_deadline_example_gives_the_nominal_and_the_last_day(example: re.Match) -> None:
    start = date.fromisoformat(example["start"])
    period = {UNIT[example["unit"]]: int(example["count"])}
    nominal = add_period(start, **period)
    assert nominal == date.fromisoformat(example["nominal"])
    assert nominal.strftime("%a") == example["nominal_wd"]
    assert last_day(nominal) == date.fromisoformat(example["last"])
    assert deadline(start, **period) == date.fromisoformat(example["last"])
    assert example["last_wd"] not in ("Sat", "Sun")


def test_every_listed_holiday_and_eve_is_not_a_working_day() -> None:
    rows = _holiday_rows()
    assert len(rows) == 48
    for row in rows:
        day = date.fromisoformat(row["date"])
        assert day.strftime("%a") == row["weekday"]
        assert not is_working_day(day), row


def test_closed_days_are_exactly_the_listed_holidays_and_eves() -> None:
    listed = {date.fromisoformat(row["date"]) for row in _holiday_rows()}
    for year in (2025, 2026, 2027):
        assert set(closed_days(year)) == {d for d in listed if d.year == year}


def test_ordinary_sundays_are_closed_by_weekday_not_listed_as_holidays() -> None:
    assert date(2026, 3, 1) not in closed_days(2026)
    assert not is_working_day(date(2026, 3, 1))
    assert not is_working_day(date(2026, 2, 28))
    assert is_working_day(date(2026, 3, 2))


def test_reply_deadline_passes_on_midsummer_eve_moves_to_monday() -> None:
    # sent 5 June 2026, 14 days -> Friday 19 June, midsommarafton
    assert midsummer_eve(2026) == date(2026, 6, 19)
    assert reply_deadline(date(2026, 6, 5)) == date(2026, 6, 22)


def test_reply_deadline_on_christmas_eve_moves_past_the_christmas_days() -> None:
    # 10 Dec 2026 + 14 days = Thursday 24 Dec; 25 and 26 are holidays, 27 a Sunday
    assert reply_deadline(date(2026, 12, 10)) == date(2026, 12, 28)


def test_reply_deadline_on_new_years_eve_moves_past_new_years_day() -> None:
    # 17 Dec 2025 + 14 days = Wednesday 31 Dec; 1 Jan 2026 is a holiday
    assert reply_deadline(date(2025, 12, 17)) == date(2026, 1, 2)


def test_deadline_on_good_friday_moves_past_easter_to_tuesday() -> None:
    assert deadline(date(2027, 3, 12), days=14) == date(2027, 3, 30)
    assert not is_working_day(date(2027, 3, 29))  # annandag påsk


def test_fourteen_day_reply_period_landing_on_a_saturday_ends_on_monday() -> None:
    assert add_period(date(2026, 3, 7), days=14) == date(2026, 3, 21)
    assert reply_deadline(date(2026, 3, 7)) == date(2026, 3, 23)


def test_reply_deadline_on_an_ordinary_weekday_is_not_moved() -> None:
    assert reply_deadline(date(2026, 3, 3)) == date(2026, 3, 17)
    assert reply_deadline(date(2026, 3, 3), reply_days=21) == date(2026, 3, 24)


def test_month_period_ends_on_the_same_day_number() -> None:
    assert add_period(date(2026, 3, 15), months=1) == date(2026, 4, 15)
    assert add_period(date(2026, 11, 30), months=3) == date(2027, 2, 28)
    assert add_period(date(2024, 2, 29), months=12) == date(2025, 2, 28)
    assert add_period(date(2026, 2, 28), months=1) == date(2026, 3, 28)


def test_month_period_counts_backwards_with_the_same_rule() -> None:
    assert add_period(date(2026, 5, 31), months=-3) == date(2026, 2, 28)


def test_week_period_ends_on_the_same_weekday() -> None:
    start = date(2026, 1, 14)
    assert add_period(start, weeks=3).weekday() == start.weekday()


def test_midsummer_eve_is_the_friday_between_19_and_25_june() -> None:
    assert [midsummer_eve(y) for y in (2025, 2026, 2027)] == [
        date(2025, 6, 20),
        date(2026, 6, 19),
        date(2027, 6, 25),
    ]


def test_reply_period_must_be_a_positive_whole_number_of_days() -> None:
    with pytest.raises(RuleError, match="reply_days must be at least 1"):
        reply_deadline(date(2026, 3, 3), reply_days=0)
    with pytest.raises(RuleError, match="days must be a whole number"):
        add_period(date(2026, 3, 3), days=1.5)  # type: ignore[arg-type]
