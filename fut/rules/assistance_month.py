"""The calendar month: the period unit of ekonomiskt bistånd.

Försörjningsstöd is calculated and paid per calendar month (the monthly
*normberäkning*, SoL (2025:400) 12 kap. / SoL (2001:453) 4 kap.), so an
incorrect payment is specified month by month and a month is written
"YYYY-MM" everywhere in the product. This module parses and compares such
months; it holds no other rule.
"""

from __future__ import annotations

import re
from datetime import date

from fut.rules.errors import InvalidPeriod

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def parse_month(text: str, *, field: str = "month") -> date:
    """The first day of the month "YYYY-MM"; raises InvalidPeriod naming ``field``."""
    if not isinstance(text, str):
        raise InvalidPeriod(f"{field} must be a month written YYYY-MM, got {text!r}")
    match = _MONTH.fullmatch(text.strip())
    if match is None:
        raise InvalidPeriod(f"{field} {text!r} is not a month written YYYY-MM (e.g. 2025-07)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_of(day: date) -> str:
    """The month "YYYY-MM" a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from the month of ``earlier`` to the month of ``later``.

    Days are ignored: 2026-08-31 -> 2026-09-01 is 1, 2026-09-01 -> 2026-09-30 is 0.
    """
    return (later.year - earlier.year) * 12 + (later.month - earlier.month)
