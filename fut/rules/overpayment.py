"""The amount of an incorrect payment, month by month.

SoL (2025:400) 33 kap. 1 § (and SoL (2001:453) 9 kap. 1 § for assistance granted
before 2025-07-01, see ``fut.rules.applicable_law``) lets the board recover "det
som har betalats ut för mycket": what was paid beyond what would have been paid
had the facts been known. The decision's appendix (*redovisning av felaktig
utbetalning*) shows for each month what was paid, the correct amount and the
overpayment.

For each month:

* correct = max(0, paid - undeclared resources), where the resources are the
  household's undeclared work income, benefits from another authority,
  assets and other income of that month; or, for a wrong household
  composition and similar errors, a correct amount recalculated by the
  investigator and given directly;
* overpaid = paid - correct - already_corrected, never below 0, where
  already_corrected is what was already taken into account as a resource in a
  later month's norm calculation (it is not recovered twice).

Whole kronor everywhere. The overpayment is a claim to be repaid or taken to
court; it is never deducted from future assistance (HFD 2013 ref. 18).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from fut.rules.applicable_law import RecoveryGround, recovery_citation
from fut.rules.assistance_month import parse_month
from fut.rules.errors import DuplicateMonth, InvalidAmount, RuleError


class ResourceKind(StrEnum):
    WORK_INCOME = "work_income"
    BENEFIT_FROM_OTHER_AUTHORITY = "benefit_from_other_authority"
    ASSETS = "assets"
    OTHER_INCOME = "other_income"


@dataclass(frozen=True)
class Resource:
    """An undeclared resource of one month, optionally of a named household member."""

    kind: ResourceKind
    amount: int
    member: str | None = None


@dataclass(frozen=True)
class MonthInput:
    """One month of the investigation: what was paid and what should have counted."""

    month: str
    paid: int
    resources: tuple[Resource, ...] = ()
    correct_amount: int | None = None
    already_corrected: int = 0
    reason: str = ""
    payment_date: date | None = None
    granted_on: date | None = None
    """The day the month's assistance was granted: decides the law (required)."""


@dataclass(frozen=True)
class MonthRow:
    """One line of the specification appendix."""

    month: str
    paid: int
    correct: int
    overpaid: int
    already_corrected: int
    reason: str
    payment_date: date | None
    granted_on: date
    citation: str


@dataclass(frozen=True)
class Specification:
    """All months of a case, sorted by month, with totals."""

    rows: tuple[MonthRow, ...]

    @property
    def total_paid(self) -> int:
        return sum(row.paid for row in self.rows)

    @property
    def total_correct(self) -> int:
        return sum(row.correct for row in self.rows)

    @property
    def total_overpaid(self) -> int:
        return sum(row.overpaid for row in self.rows)

    @property
    def total_already_corrected(self) -> int:
        return sum(row.already_corrected for row in self.rows)

    @property
    def period(self) -> tuple[str, str] | None:
        """First and last month, or None for an empty specification."""
        return (self.rows[0].month, self.rows[-1].month) if self.rows else None

    @property
    def citations(self) -> list[str]:
        """The distinct law citations of the rows, in grant-date order (old law first)."""
        ordered = sorted(self.rows, key=lambda row: row.granted_on)
        return list(dict.fromkeys(row.citation for row in ordered))


def _kronor(month: str, field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAmount(f"month {month}: {field} must be whole kronor (int), got {value!r}")
    if value < 0:
        raise InvalidAmount(f"month {month}: {field} must not be negative, got {value}")
    return value


def _resource_kind(month: str, field: str, value: object) -> ResourceKind:
    try:
        return ResourceKind(value if isinstance(value, str) else "")
    except ValueError:
        kinds = ", ".join(kind.value for kind in ResourceKind)
        raise RuleError(f"month {month}: {field} must be one of {kinds}, got {value!r}") from None


def month_row(
    item: MonthInput, *, ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION
) -> MonthRow:
    """Compute one month's correct and overpaid amount; raises RuleError on bad input."""
    parse_month(item.month, field="month")
    month = item.month.strip()
    paid = _kronor(month, "paid", item.paid)
    already = _kronor(month, "already_corrected", item.already_corrected)
    payment_date = item.payment_date
    if payment_date is not None and (
        not isinstance(payment_date, date) or isinstance(payment_date, datetime)
    ):
        raise RuleError(f"month {month}: payment_date must be a date, got {payment_date!r}")
    if item.correct_amount is not None:
        if item.resources:
            raise RuleError(f"month {month}: give either resources or correct_amount, not both")
        correct = _kronor(month, "correct_amount", item.correct_amount)
    else:
        resources = 0
        for i, resource in enumerate(item.resources):
            _resource_kind(month, f"resources[{i}].kind", resource.kind)
            resources += _kronor(month, f"resources[{i}].amount", resource.amount)
        correct = max(0, paid - resources)
    overpaid = max(0, paid - correct - already)
    granted_on = item.granted_on
    if granted_on is None:
        raise RuleError(f"month {month}: granted_on is missing (the grant date decides the law)")
    if not isinstance(granted_on, date) or isinstance(granted_on, datetime):
        raise RuleError(f"month {month}: granted_on must be a date, got {granted_on!r}")
    return MonthRow(
        month=month,
        paid=paid,
        correct=correct,
        overpaid=overpaid,
        already_corrected=already,
        reason=item.reason,
        payment_date=payment_date,
        granted_on=granted_on,
        citation=recovery_citation(granted_on, ground),
    )


def specify(
    items: Iterable[MonthInput], *, ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION
) -> Specification:
    """The specification of an incorrect payment: one row per month, sorted, with totals.

    Raises DuplicateMonth when a month appears twice, and RuleError naming the
    month and field for any malformed amount or month.
    """
    rows: dict[str, MonthRow] = {}
    for item in items:
        row = month_row(item, ground=ground)
        if row.month in rows:
            raise DuplicateMonth(f"month {row.month} appears more than once")
        rows[row.month] = row
    return Specification(rows=tuple(rows[month] for month in sorted(rows)))


def month_rows_from_income(
    months: Iterable[Mapping[str, object]],
    *,
    ground: RecoveryGround = RecoveryGround.INCORRECT_INFORMATION,
) -> list[MonthRow]:
    """The common case: undeclared income per month.

    Each mapping has ``month``, ``paid`` and ``undeclared_income``; optionally
    ``kind`` (a ResourceKind, default other income), ``already_corrected``,
    ``reason`` and ``payment_date``; ``granted_on`` is required. Returns the rows sorted by month.
    """
    items: list[MonthInput] = []
    for entry in months:
        month = entry.get("month")
        if not isinstance(month, str):
            raise RuleError(f"each month needs a 'month' written YYYY-MM, got {month!r}")
        for key in ("paid", "undeclared_income"):
            if key not in entry:
                raise RuleError(f"month {month}: {key} is missing")
        income = _kronor(month, "undeclared_income", entry["undeclared_income"])
        items.append(
            MonthInput(
                month=month,
                paid=entry["paid"],  # type: ignore[arg-type]  # validated in month_row
                resources=(
                    Resource(
                        _resource_kind(month, "kind", entry.get("kind", "other_income")), income
                    ),
                ),
                already_corrected=entry.get("already_corrected", 0),  # type: ignore[arg-type]
                reason=str(entry.get("reason", "")),
                payment_date=entry.get("payment_date"),  # type: ignore[arg-type]
                granted_on=entry.get("granted_on"),  # type: ignore[arg-type]
            )
        )
    return list(specify(items, ground=ground).rows)
