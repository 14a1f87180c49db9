"""The indicators the board follows in its yearly FUT statistics: medians of handling times,
shares, and whether an investigation started within the start guarantee.

Not statute: the indicators of the municipalities' "FUT statistikmall" (Sweco's evaluation of
Stockholm's FUT work, 2014; see DOMAIN.md): the number of reports, investigations started
per year, handling time in days, the share of investigations ending in återkrav or police
report, the amounts decided, repaid and waived, and the investigations not started within
three months of the report (the start guarantee, `fut.rules.classification`).

The database gives frequency tables (how many cases took 0, 1, 2 … days), never every case:
the medians here are read off such a table. The start guarantee is compared as "guarantee
ordinals" so that a query can apply the same month rule as `start_guarantee`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from fut.rules.classification import START_GUARANTEE_MONTHS

ORDINAL_DAYS_PER_MONTH = 32
"""A month's step in a guarantee ordinal: more than any month's days, so days never carry."""


def median_of_counts(counts: Mapping[int, int] | Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as a frequency table {value: how many}; None when empty.

    With an even number of values it is the mean of the two middle ones (so it may end in .5).
    Counts of zero or less are ignored.
    """
    pairs = counts.items() if isinstance(counts, Mapping) else counts
    table = sorted((value, n) for value, n in pairs if n > 0)
    total = sum(n for _, n in table)
    if total == 0:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle values
    low = high = None
    seen = 0
    for value, n in table:
        if low is None and low_rank < seen + n:
            low = value
        if high_rank < seen + n:
            high = value
            break
        seen += n
    assert low is not None and high is not None
    return (low + high) / 2


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` as a fraction from 0 to 1, rounded to four decimals; None for 0 of 0."""
    if whole <= 0:
        return None
    if not 0 <= part <= whole:
        raise ValueError(f"a share needs 0 <= part <= whole, got {part} of {whole}")
    return round(part / whole, 4)


def guarantee_ordinal(day: date) -> int:
    """A number that grows with the date, month by month with room for 32 days each:
    ``(year * 12 + month) * 32 + day``. Adding ``3 * 32`` is adding three months with the
    day kept (1930:173 1 §); where that day does not exist, every day of the month compares
    as before it, as `add_period`'s last day of the month does."""
    return (day.year * 12 + day.month) * ORDINAL_DAYS_PER_MONTH + day.day


GUARANTEE_ORDINAL_SPAN = START_GUARANTEE_MONTHS * ORDINAL_DAYS_PER_MONTH


def started_within_guarantee(received_on: date, started_on: date) -> bool:
    """True when the work started on or before the start guarantee's last day
    (`fut.rules.classification.start_guarantee`: three months after the report arrived)."""
    return guarantee_ordinal(started_on) <= guarantee_ordinal(received_on) + GUARANTEE_ORDINAL_SPAN


def percent(fraction: float | None) -> str:
    """A share as Swedish writes it: 0.8125 -> "81,3 %"; "–" for none."""
    if fraction is None:
        return "–"
    return f"{fraction * 100:.1f}".replace(".", ",") + "\u00a0%"


def days_text(days: float | None) -> str:
    """A median in days: 12.0 -> "12 dagar", 12.5 -> "12,5 dagar", 1 -> "1 dag"."""
    if days is None:
        return "–"
    number = f"{days:.0f}" if float(days).is_integer() else f"{days:.1f}".replace(".", ",")
    return f"{number} {'dag' if days == 1 else 'dagar'}"
