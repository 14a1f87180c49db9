"""Queue status for supervisors: per unit and stage how many cases are open, how many are
overdue and how long the oldest has waited; the load per person; reports whose start
guarantee has passed or soon will; months whose court deadline draws near.

Every figure is an aggregate the database computes (a handful of GROUP BY queries, whatever
the number of cases); only the two lists of cases are fetched row by row, and at most
`LIST_LIMIT` rows each. The date rules (`start_guarantee`, `court_deadline`) are turned into
cut-off dates beforehand, so the queries compare plain dates and run on PostgreSQL and SQLite
alike.

What the figures mean:

* **Open** (per unit and stage): cases whose current stage it is (closed cases are not
  counted).
* **Overdue**: of those, the cases with at least one open work item whose due date has
  passed (`WorkItem.due_at < now`), whichever step it is (the stage's own step or one beside
  the lifecycle such as `missed_payment`). Counted per case, not per work item.
* **Oldest**: days since the longest-waiting of those cases entered its current stage (its
  latest `StageHistory` row into that stage), in Swedish calendar days.
* **Load**: open work items claimed per person (and how many of them are overdue), plus the
  items nobody has claimed; only items of cases in the units the reader sees.
* **Start guarantee**: reports of cases still at `registered` or `triage` (no investigation
  started) whose guarantee day (`start_guarantee`, three months after the report arrived) has
  passed or falls within `GUARANTEE_WARNING_DAYS`.
* **Court deadline**: overpaid months (amount above zero) of cases not closed, whose debt, if
  any, is still open, and whose court deadline (`row_court_deadline`) falls from today to
  `COURT_DEADLINE_WARNING_DAYS` ahead. Months whose deadline has passed are not listed (the
  claim for them is lost; the case page shows them).

A person's read is audited (`queue_status_read`, no case). The system's read (the
`queue-status` flow) is not: it publishes counts only, no case data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from fut import audit
from fut.auth import Actor
from fut.clock import local_date
from fut.enums import DebtStatus, WorkStatus
from fut.errors import Forbidden
from fut.lifecycle import Role, Stage
from fut.models import Case, Debt, IncomingReport, OverpaidMonth, StageHistory, User, WorkItem
from fut.municipality import get_municipality
from fut.rules.assistance_month import month_of
from fut.rules.classification import start_guarantee
from fut.rules.court_deadline import WARNING_DAYS_BEFORE, cost_date
from fut.rules.court_deadline import court_deadline as court_deadline_of

GUARANTEE_WARNING_DAYS = 14
COURT_DEADLINE_WARNING_DAYS = WARNING_DAYS_BEFORE
LIST_LIMIT = 100
"""At most this many cases in each list (the counts are always complete)."""

NOT_STARTED = (Stage.REGISTERED, Stage.TRIAGE)
_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


@dataclass(frozen=True)
class StageCount:
    stage: Stage
    open: int
    overdue: int
    oldest_days: int
    oldest_since: date


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    name: str
    stages: tuple[StageCount, ...] = ()
    claimed: int = 0
    claimed_overdue: int = 0
    unclaimed: int = 0
    unclaimed_overdue: int = 0
    guarantee_passed: int = 0
    guarantee_soon: int = 0
    deadline_months: int = 0
    deadline_cases: int = 0

    @property
    def open(self) -> int:
        return sum(s.open for s in self.stages)

    @property
    def overdue(self) -> int:
        return sum(s.overdue for s in self.stages)

    @property
    def oldest_days(self) -> int | None:
        return max((s.oldest_days for s in self.stages), default=None)


@dataclass(frozen=True)
class PersonLoad:
    """A person's claimed open work items: a display name and counts, no case data."""

    user_id: int
    display_name: str
    claimed: int
    overdue: int


@dataclass(frozen=True)
class GuaranteeCase:
    case_id: int
    case_number: str
    unit: str
    stage: Stage
    received_on: date
    guarantee_on: date
    days_left: int
    """Negative: the guarantee passed that many days ago."""

    @property
    def passed(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class DeadlineMonth:
    case_id: int
    case_number: str
    unit: str
    month: str
    overpaid: int
    deadline: date
    days_left: int


@dataclass(frozen=True)
class QueueStatus:
    now: datetime
    today: date
    units: tuple[UnitStatus, ...]
    load: tuple[PersonLoad, ...]
    guarantees: tuple[GuaranteeCase, ...]
    deadlines: tuple[DeadlineMonth, ...]
    restricted_to: frozenset[str] = field(default_factory=frozenset)
    """The units the reader is restricted to; empty: every unit."""

    @property
    def guarantee_total(self) -> int:
        return sum(u.guarantee_passed + u.guarantee_soon for u in self.units)

    @property
    def deadline_total(self) -> int:
        return sum(u.deadline_months for u in self.units)

    @property
    def unclaimed(self) -> int:
        return sum(u.unclaimed for u in self.units)

    @property
    def unclaimed_overdue(self) -> int:
        return sum(u.unclaimed_overdue for u in self.units)


def latest_start(rule: Callable[[date], date], limit: date) -> date:
    """The last day `d` with `rule(d) <= limit`, for a rule that moves a day forward (by at
    most five years) and never backwards as `d` grows: the cut-off a query compares with."""
    lo, hi = limit - timedelta(days=5 * 366), limit  # rule(lo) <= limit < rule(hi + 1)
    while lo < hi:
        mid = lo + timedelta(days=(hi - lo).days // 2 + 1)
        if rule(mid) <= limit:
            lo = mid
        else:
            hi = mid - timedelta(days=1)
    return lo


def _units_of(who: Actor | Collection[str] | None) -> frozenset[str]:
    if who is None:
        return frozenset()
    if isinstance(who, Actor):
        if not who.is_system and Role.CHEF not in who.roles:
            raise Forbidden("Köstatus visas bara för chefer.")
        return who.units
    return frozenset(who)


def queue_status(
    session: Session, actor_or_units: Actor | Collection[str] | None, now: datetime
) -> QueueStatus:
    """The queue status the reader may see: an actor (a chef, restricted to their units if
    they have any; the system sees all), a set of units, or None for every unit. As with a
    user's units, an empty set means every unit."""
    units = _units_of(actor_or_units)
    today = local_date(now)

    def only_visible(stmt: Any) -> Any:
        return stmt.where(col(Case.unit).in_(sorted(units))) if units else stmt

    status = QueueStatus(
        now=now,
        today=today,
        units=_unit_statuses(session, units, only_visible, now, today),
        load=_load(session, only_visible, now),
        guarantees=_guarantees(session, only_visible, today),
        deadlines=_deadlines(session, only_visible, today),
        restricted_to=units,
    )
    if isinstance(actor_or_units, Actor) and not actor_or_units.is_system:
        audit.record(
            session,
            actor_or_units,
            "queue_status_read",
            case_id=None,
            entity="queue",
            units=sorted(units),
        )
    return status


def _overdue_item(now: datetime) -> Any:
    return and_(col(WorkItem.due_at).is_not(None), col(WorkItem.due_at) < now)


def _stage_counts(
    session: Session, only_visible: Callable[[Any], Any], now: datetime, today: date
) -> dict[str, list[StageCount]]:
    entered = only_visible(
        select(
            col(StageHistory.case_id).label("case_id"),
            func.max(StageHistory.at).label("entered"),
        )
        .join(
            Case,
            and_(col(Case.id) == StageHistory.case_id, col(StageHistory.to_stage) == Case.stage),
        )
        .where(col(Case.stage) != Stage.CLOSED)
        .group_by(col(StageHistory.case_id))
    ).subquery()
    overdue = (
        select(col(WorkItem.case_id).label("case_id"))
        .where(col(WorkItem.status) == WorkStatus.OPEN, _overdue_item(now))
        .group_by(col(WorkItem.case_id))
        .subquery()
    )
    rows = session.exec(
        only_visible(
            sa_select(
                col(Case.unit),
                col(Case.stage),
                func.count(col(Case.id)),
                func.count(overdue.c.case_id),
                func.min(func.coalesce(entered.c.entered, Case.created_at)),
            )
            .join(entered, entered.c.case_id == Case.id, isouter=True)
            .join(overdue, overdue.c.case_id == Case.id, isouter=True)
            .where(col(Case.stage) != Stage.CLOSED)
            .group_by(col(Case.unit), col(Case.stage))
        )
    ).all()
    by_unit: dict[str, list[StageCount]] = {}
    for unit, stage, open_, late, since in rows:
        since_day = local_date(since) if since is not None else today
        by_unit.setdefault(unit, []).append(
            StageCount(Stage(stage), open_, late, max((today - since_day).days, 0), since_day)
        )
    for counts in by_unit.values():
        counts.sort(key=lambda s: _STAGE_ORDER[s.stage])
    return by_unit


def _item_counts(
    session: Session, only_visible: Callable[[Any], Any], now: datetime
) -> dict[tuple[str, bool], tuple[int, int]]:
    """(unit, claimed?) -> (open items, of them overdue)."""
    claimed = col(WorkItem.assignee_id).is_not(None)
    rows = session.exec(
        only_visible(
            select(
                col(Case.unit),
                claimed,
                func.count(col(WorkItem.id)),
                func.count(case((_overdue_item(now), 1))),
            )
            .join(Case, col(Case.id) == WorkItem.case_id)
            .where(col(WorkItem.status) == WorkStatus.OPEN)
            .group_by(col(Case.unit), claimed)
        )
    ).all()
    return {(unit, bool(is_claimed)): (n, late) for unit, is_claimed, n, late in rows}


def _guarantee_cutoffs(today: date) -> tuple[date, date]:
    """(received on or before: passed, received on or before: passes within the warning)."""
    passed = latest_start(start_guarantee, today - timedelta(days=1))
    soon = latest_start(start_guarantee, today + timedelta(days=GUARANTEE_WARNING_DAYS))
    return passed, soon


def _guarantee_counts(
    session: Session, only_visible: Callable[[Any], Any], today: date
) -> dict[str, tuple[int, int]]:
    passed, soon = _guarantee_cutoffs(today)
    received = col(IncomingReport.received_on)
    rows = session.exec(
        only_visible(
            select(
                col(Case.unit),
                func.count(case((received <= passed, 1))),
                func.count(case((received > passed, 1))),
            )
            .join(IncomingReport, col(IncomingReport.case_id) == Case.id)
            .where(col(Case.stage).in_(NOT_STARTED), received <= soon)
            .group_by(col(Case.unit))
        )
    ).all()
    return {unit: (n_passed, n_soon) for unit, n_passed, n_soon in rows}


def _guarantees(
    session: Session, only_visible: Callable[[Any], Any], today: date
) -> tuple[GuaranteeCase, ...]:
    _, soon = _guarantee_cutoffs(today)
    rows = session.exec(
        only_visible(
            sa_select(
                col(Case.id),
                col(Case.case_number),
                col(Case.unit),
                col(Case.stage),
                col(IncomingReport.received_on),
            )
            .join(IncomingReport, col(IncomingReport.case_id) == Case.id)
            .where(col(Case.stage).in_(NOT_STARTED), col(IncomingReport.received_on) <= soon)
            .order_by(col(IncomingReport.received_on), col(Case.id))
            .limit(LIST_LIMIT)
        )
    ).all()
    out = []
    for case_id, number, unit, stage, received_on in rows:
        guarantee_on = start_guarantee(received_on)
        out.append(
            GuaranteeCase(
                case_id,
                number,
                unit,
                Stage(stage),
                received_on,
                guarantee_on,
                (guarantee_on - today).days,
            )
        )
    return tuple(out)


def _next_first_of_month(day: date) -> date:
    return day if day.day == 1 else (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _deadline_window(today: date) -> Any:
    """The months whose court deadline falls from `today` to the warning's end: the cost
    date (payment date, else the 1st of the month) after one cut-off, up to the other."""
    after = latest_start(court_deadline_of, today - timedelta(days=1))
    upto = latest_start(court_deadline_of, today + timedelta(days=COURT_DEADLINE_WARNING_DAYS))
    paid_on = col(OverpaidMonth.payment_date)
    month = col(OverpaidMonth.month)
    return or_(
        and_(paid_on.is_not(None), paid_on > after, paid_on <= upto),
        and_(
            paid_on.is_(None),
            month >= month_of(_next_first_of_month(after + timedelta(days=1))),
            month <= month_of(upto),
        ),
    )


def _deadline_query(only_visible: Callable[[Any], Any], today: date, *columns: Any) -> Any:
    return only_visible(
        sa_select(*columns)
        .join(Case, col(Case.id) == OverpaidMonth.case_id)
        .join(Debt, col(Debt.case_id) == Case.id, isouter=True)
        .where(
            col(Case.stage) != Stage.CLOSED,
            col(OverpaidMonth.overpaid) > 0,
            or_(col(Debt.id).is_(None), col(Debt.status) == DebtStatus.OPEN),
            _deadline_window(today),
        )
    )


def _deadline_counts(
    session: Session, only_visible: Callable[[Any], Any], today: date
) -> dict[str, tuple[int, int]]:
    rows = session.exec(
        _deadline_query(
            only_visible,
            today,
            Case.unit,
            func.count(col(OverpaidMonth.id)),
            func.count(func.distinct(col(Case.id))),
        ).group_by(col(Case.unit))
    ).all()
    return {unit: (months, cases) for unit, months, cases in rows}


def _deadlines(
    session: Session, only_visible: Callable[[Any], Any], today: date
) -> tuple[DeadlineMonth, ...]:
    rows = session.exec(
        _deadline_query(
            only_visible,
            today,
            Case.id,
            Case.case_number,
            Case.unit,
            OverpaidMonth.month,
            OverpaidMonth.payment_date,
            OverpaidMonth.overpaid,
        )
        .order_by(col(OverpaidMonth.month), col(OverpaidMonth.payment_date), col(Case.id))
        .limit(LIST_LIMIT)
    ).all()
    out = []
    for case_id, number, unit, month, paid_on, overpaid in rows:
        due = court_deadline_of(cost_date(month, paid_on))
        out.append(DeadlineMonth(case_id, number, unit, month, overpaid, due, (due - today).days))
    return tuple(sorted(out, key=lambda d: (d.deadline, d.case_number, d.month)))


def _load(
    session: Session, only_visible: Callable[[Any], Any], now: datetime
) -> tuple[PersonLoad, ...]:
    claimed = func.count(col(WorkItem.id))
    rows = session.exec(
        only_visible(
            select(
                col(User.id),
                col(User.display_name),
                claimed,
                func.count(case((_overdue_item(now), 1))),
            )
            .join(WorkItem, col(WorkItem.assignee_id) == User.id)
            .join(Case, col(Case.id) == WorkItem.case_id)
            .where(col(WorkItem.status) == WorkStatus.OPEN)
            .group_by(col(User.id), col(User.display_name))
            .order_by(claimed.desc(), col(User.display_name))
        )
    ).all()
    return tuple(PersonLoad(uid, name, n, late) for uid, name, n, late in rows)


def _unit_statuses(
    session: Session,
    units: frozenset[str],
    only_visible: Callable[[Any], Any],
    now: datetime,
    today: date,
) -> tuple[UnitStatus, ...]:
    stages = _stage_counts(session, only_visible, now, today)
    items = _item_counts(session, only_visible, now)
    guarantees = _guarantee_counts(session, only_visible, today)
    deadlines = _deadline_counts(session, only_visible, today)
    configured = get_municipality().units
    codes = set(units) if units else set(configured)
    codes |= set(stages) | {u for u, _ in items} | set(guarantees) | set(deadlines)
    out = []
    for code in sorted(codes):
        settings = configured.get(code)
        claimed, claimed_late = items.get((code, True), (0, 0))
        unclaimed, unclaimed_late = items.get((code, False), (0, 0))
        passed, soon = guarantees.get(code, (0, 0))
        months, cases = deadlines.get(code, (0, 0))
        out.append(
            UnitStatus(
                unit=code,
                name=settings.name if settings else code,
                stages=tuple(stages.get(code, ())),
                claimed=claimed,
                claimed_overdue=claimed_late,
                unclaimed=unclaimed,
                unclaimed_overdue=unclaimed_late,
                guarantee_passed=passed,
                guarantee_soon=soon,
                deadline_months=months,
                deadline_cases=cases,
            )
        )
    return tuple(out)
