"""The time limit for taking a recovery claim to court, and the one-route rule.

SoL (2025:400) 33 kap. 5 § (SoL (2001:453) 9 kap. 3 § for assistance granted
before 2025-07-01, see ``fut.rules.applicable_law``; the law goes by the grant
date, the deadline by the payment): an action under 33 kap. 4 § at
förvaltningsrätten must be brought "inom tre år från det att kommunens kostnader
uppkom". The cost arises when each month's assistance is paid, so every payment
has its own deadline; older months drop out of the claim one by one.

The three years are counted with the year/month rule of lag (1930:173) 1 §
(same date three years later; 29 February -> 28 February), and because
bringing an action is an "åtgärd" that must be taken at the latest on a given
day, 2 § applies: a last day on a Saturday, Sunday, allmän helgdag,
midsommarafton, julafton or nyårsafton moves to the next vardag. When the
payment date is unknown we count from the 1st of the month, which is early and
therefore on the safe side only if the real payment was not earlier (assistance
is often paid at the end of the previous month): record real payment dates.

Recovery routes: the municipality's own återkrav decision is not enforceable;
the debt becomes enforceable either by a judgment of förvaltningsrätten
(ADMINISTRATIVE_COURT) or by damages (skadestånd) awarded in the criminal case
for bidragsbrott (DAMAGES_IN_CRIMINAL_CASE). A claim may go one route only:
once one route is taken, the same amount cannot be claimed again.

No set-off: there is deliberately no function here or anywhere in futflow that
deducts a recovery claim from future assistance. HFD 2013 ref. 18 held that the
board has no support in the Social Services Act for such avräkning; the debt is
repaid voluntarily, by installments, or after a court judgment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from fut.rules.assistance_month import parse_month
from fut.rules.deadlines import deadline
from fut.rules.errors import DoubleRecoveryClaim, RuleError

COURT_ACTION_YEARS = 3
WARNING_DAYS_BEFORE = 90
"""How long before each month's court deadline the case is flagged (one work item per
distinct deadline)."""


class PaidMonth(Protocol):
    """Anything that says which month was paid and, if known, when."""

    @property
    def month(self) -> str: ...

    @property
    def payment_date(self) -> date | None: ...


RowT = TypeVar("RowT", bound=PaidMonth)


def cost_date(month: str, payment_date: date | None = None) -> date:
    """The day the municipality's cost arose: the payment date, else the 1st of ``month``."""
    return payment_date if payment_date is not None else parse_month(month)


class RecoveryRoute(StrEnum):
    ADMINISTRATIVE_COURT = "administrative_court"
    """Action at förvaltningsrätten (SoL 33 kap. 4-5 §§ / 9 kap. 3 §)."""
    DAMAGES_IN_CRIMINAL_CASE = "damages_in_criminal_case"
    """Skadestånd claimed in the criminal case for bidragsbrott."""


def court_deadline(payment_date: date) -> date:
    """The last day to bring an action for a payment made on ``payment_date``."""
    return deadline(payment_date, months=12 * COURT_ACTION_YEARS)


def row_court_deadline(row: PaidMonth) -> date:
    """The court deadline of one month's payment (1st of the month if no date is recorded)."""
    return court_deadline(cost_date(row.month, row.payment_date))


def months_too_old(rows: Iterable[RowT], today: date) -> list[RowT]:
    """The rows whose court deadline has passed on ``today`` (the last day itself still counts)."""
    return [row for row in rows if row_court_deadline(row) < today]


def first_warning_date(rows: Sequence[PaidMonth]) -> date:
    """Ninety days before the earliest court deadline among ``rows``."""
    if not rows:
        raise RuleError("first_warning_date needs at least one month")
    earliest = min(row_court_deadline(row) for row in rows)
    return earliest - timedelta(days=WARNING_DAYS_BEFORE)


class OwedMonth(PaidMonth, Protocol):
    """A paid month with the amount of it that is to be repaid."""

    @property
    def overpaid(self) -> int: ...


OwedT = TypeVar("OwedT", bound=OwedMonth)


def unpaid_rows(rows: Iterable[OwedT], paid: int) -> list[OwedT]:
    """The rows still (partly) unpaid when ``paid`` kronor have been repaid, the payments
    counted against the oldest payment first (its court deadline runs out first), in the
    order of their cost dates."""
    left = paid
    unpaid = []
    for row in sorted(rows, key=lambda r: cost_date(r.month, r.payment_date)):
        if row.overpaid <= 0:
            continue
        if left >= row.overpaid:
            left -= row.overpaid
            continue
        left = 0
        unpaid.append(row)
    return unpaid


def court_deadlines(rows: Iterable[OwedT], paid: int, today: date) -> list[tuple[OwedT, date]]:
    """Each unpaid row with its court deadline, where the deadline has not passed on
    ``today`` (the last day itself still counts), oldest first."""
    return [
        (row, row_court_deadline(row))
        for row in unpaid_rows(rows, paid)
        if row_court_deadline(row) >= today
    ]


def warning_dates(rows: Iterable[PaidMonth]) -> dict[date, date]:
    """Each distinct court deadline among ``rows`` -> the day its warning is due (ninety days
    before), earliest first."""
    deadlines = sorted({row_court_deadline(row) for row in rows})
    return {d: d - timedelta(days=WARNING_DAYS_BEFORE) for d in deadlines}


def check_single_route(existing_routes: Iterable[RecoveryRoute], new_route: RecoveryRoute) -> None:
    """Refuse a second recovery route (or the same route again) for the same claim."""
    taken = [RecoveryRoute(route) for route in existing_routes]
    new = RecoveryRoute(new_route)
    if not taken:
        return
    if new in taken:
        raise DoubleRecoveryClaim(
            f"the claim has already been pursued by {new.value}; it cannot be claimed twice"
        )
    raise DoubleRecoveryClaim(
        f"the claim has already been pursued by {taken[0].value}; "
        f"{new.value} would claim the same amount twice (one recovery route per claim)"
    )
