"""Case type by the age of the error (the Södermalm routine), and the start guarantee.

Not statute but a municipal routine (Stockholm, Södermalm district) built on
SoL (2025:400) 33 kap. 1 § and the monthly norm calculation:

* type 1 - the error arose within the last three months: the case worker and
  the investigator take it into account in the coming month's norm
  calculation; what cannot be taken into account there becomes an återkrav;
* type 2 - older than three months and not continuing: återkrav after an
  investigation by the investigator;
* type 3 - older than three months and suspected still ongoing: no further
  payment until investigated; the last three months are corrected in the norm
  calculation, the older part becomes an återkrav.

"Within the last three months" is counted in calendar months, as assistance
is: the month ``today`` falls in and the two before it (on 2026-11-26: from
September 2026). When the client is still on assistance and the error is
suspected to be ongoing, payment is stopped at once until the suspicion is
cleared.

Start guarantee: an investigation should start within three months of the
report arriving. That is a quality goal of the municipality, not a time limit
set by law, so 1930:173 2 § does not move it off a weekend; the month rule of
1 § is used for counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from fut.rules.assistance_month import months_between, parse_month
from fut.rules.deadlines import add_period
from fut.rules.errors import InvalidPeriod
from fut.rules.swedish_format import format_month

RECENT_MONTHS = 3
"""An error that arose in the current month or the two before it is recent (type 1)."""

START_GUARANTEE_MONTHS = 3

CaseType = Literal[1, 2, 3]


@dataclass(frozen=True)
class Classification:
    case_type: CaseType
    reason: str
    """One Swedish sentence (or two) explaining the type, for the case file."""
    stop_payment: bool
    """Stop further payment at once until the suspicion is cleared."""


def propose_case_type(
    period_from: str,
    period_to: str,
    ongoing: bool,
    today: date,
    *,
    still_on_assistance: bool = True,
) -> Classification:
    """Propose type 1, 2 or 3 for an error in the months ``period_from``..``period_to``.

    ``ongoing`` is the suspicion that the error continues. ``still_on_assistance``
    (default true) says whether the client still receives assistance; payment
    can only be stopped if so.
    """
    start = parse_month(period_from, field="period_from")
    end = parse_month(period_to, field="period_to")
    if end < start:
        raise InvalidPeriod(f"period_to {period_to} is before period_from {period_from}")
    if months_between(start, today) < 0:
        raise InvalidPeriod(f"period_from {period_from} is after today ({today.isoformat()})")

    stop_payment = ongoing and still_on_assistance
    arose = format_month(start)
    if months_between(start, today) < RECENT_MONTHS:
        case_type: CaseType = 1
        reason = (
            f"Felet uppstod i {arose}, inom de senaste tre månaderna, och beaktas i kommande "
            "månads normberäkning; det som inte kan beaktas där blir ett återkrav."
        )
    elif not ongoing:
        case_type = 2
        reason = (
            f"Felet uppstod i {arose}, för mer än tre månader sedan, och pågår inte längre; "
            "det utreds av FUT-utredaren och kan leda till återkrav."
        )
    else:
        case_type = 3
        reason = (
            f"Felet uppstod i {arose}, för mer än tre månader sedan, och misstänks pågå "
            "fortfarande; de senaste tre månaderna rättas i normberäkningen och den äldre "
            "delen kan leda till återkrav."
        )
    if stop_payment:
        reason += " Utbetalningen stoppas tills misstanken är utredd."
    return Classification(case_type=case_type, reason=reason, stop_payment=stop_payment)


def start_guarantee(received_on: date) -> date:
    """The last day an investigation should start: three months after the report arrived."""
    return add_period(received_on, months=START_GUARANTEE_MONTHS)
