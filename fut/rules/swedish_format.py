"""Swedish formatting of amounts and dates for letters, decisions and pages.

Språkrådet's conventions for Swedish official texts: thousands are grouped with
a space ("24 544 kr"), dates in running text are written "7 december 2026"
(day without leading zero, month name in lower case), and a calendar month in a
table is written "januari 2026".

The functions write ordinary spaces. In a written document the no-break spaces (so that
"24 544 kr" and "7 december 2026" never break over two lines) are set by the docx writer,
fut.documents.typography, for every text in the document alike.
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def format_kr(amount: int) -> str:
    """Whole kronor grouped by thousands: 12500 -> "12 500 kr", -300 -> "-300 kr"."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be whole kronor (int), got {amount!r}")
    sign = "-" if amount < 0 else ""
    digits = str(abs(amount))
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{' '.join(groups)} kr"


def format_date(day: date) -> str:
    """A date in running Swedish text: date(2026, 12, 7) -> "7 december 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_month(month: str | date) -> str:
    """A calendar month: "2026-01" (or a date in it) -> "januari 2026"."""
    if isinstance(month, str):
        year_s, month_s = month.split("-")
        year, mon = int(year_s), int(month_s)
    else:
        year, mon = month.year, month.month
    return f"{MONTHS[mon - 1]} {year}"
