"""The yearly FUT statistics the board asks for (the "FUT statistikmall"), for a unit or
all units: reports by source and channel, investigations started and closed, case types,
error types by how they were found, amounts, police reports and their outcomes,
notifications to other authorities, handling times and the start guarantee.

Every figure is an aggregate the database computes (a fixed number of GROUP BY queries,
whatever the number of cases); the medians and shares are read off those aggregates by
`fut.rules.indicators`. What each figure counts (the year is Swedish local time):

* **Reports**: incoming reports received (`received_on`) in the year; their case types are
  the ones set at triage ("Ej bedömd" before it).
* **Started / closed / decisions / police reports**: cases whose history shows them entering
  the investigation, closed, the decision (återkrav or none) or the police report in the
  year. Closed without investigation: closed from *ingen åtgärd* after triage.
* **Error types × how found**: investigations completed in the year, by their error type and
  their answer to "how the error was found" (the report's `discovered_by` where the
  investigation gave none), grouped regardless of case and surrounding spaces; a text given
  fewer than `MIN_GROUP` times is counted under "Övrigt" (free text may identify someone).
* **Amounts**: decided = debts decided in the year; repaid = payments made in the year;
  waived = eftergift decided in the year; outstanding = what is left, at the end of the year
  or today, of the debts decided by then, after payments and eftergift.
* **Police reports' outcomes**: what the case file shows about each of the year's police
  reports: a request to review the closed preliminary investigation, the client informed that
  it was closed, or nothing registered (futflow records no other outcome).
* **Notifications to other authorities**: the letters `underrattelse_annan_myndighet`
  written in the year (lag 2008:206).
* **Handling times**: median days from the report's arrival to the triage decision, to the
  decision on återkrav and to closing, of the cases reaching that point in the year.
* **Start guarantee**: of the reports triaged in the year (investigation started or closed
  with ingen åtgärd, as the queue status counts a report as started), those triaged within
  three months of arrival (`fut.rules.classification.start_guarantee`).

A person's read is audited (`statistics_read`, no case): figures only, no case data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, case, or_, select
from sqlmodel import Session, col, func

from fut import audit
from fut.auth import Actor
from fut.clock import local_zone, now, today
from fut.errors import Forbidden, Invalid, NotFound
from fut.lifecycle import Role, Stage
from fut.models import Case, IncomingReport, StageHistory, WorkItem
from fut.municipality import get_municipality
from fut.rules import indicators
from fut.schemas import CHANNELS, REPORTER_TYPES
from fut.schemas_statistics import (
    Count,
    Durations,
    ErrorDetection,
    Investigations,
    Median,
    MonthFigures,
    Reports,
    StartGuarantee,
    UnitFigures,
    YearStatistics,
)
from fut.services.statistics_outcomes import amounts, notifications, police_reports
from fut.services.statistics_sql import DateSql, Only, YearWindow, in_year
from fut.steps.investigation import ERROR_TYPE_LABELS, ErrorType

FIRST_YEAR = 2000
MIN_GROUP = 3
"""A "how found" text given fewer times than this is counted under "Övrigt"."""

CASE_TYPES = {"1": "Typ 1", "2": "Typ 2", "3": "Typ 3", "none": "Ej bedömd"}
OTHER = "Övrigt"
NOT_GIVEN = "Ej angiven"
TRIAGED = (Stage.INVESTIGATION, Stage.CLOSING_NO_ACTION)

NOTES = [
    "Året räknas i svensk tid. Anmälningar räknas efter den dag de kom in.",
    "Påbörjade utredningar, avslutade ärenden, beslut och polisanmälningar räknas efter den "
    "dag ärendet nådde steget.",
    f"Feltyper och hur felet upptäcktes gäller utredningar som blev klara under året. Ett svar "
    f"som förekommer färre än {MIN_GROUP} gånger redovisas som Övrigt.",
    "Beslutat belopp gäller återkrav beslutade under året, återbetalt belopp betalningar under "
    "året och utestående belopp det som återstod vid årets slut (eller i dag) av återkrav "
    "beslutade dittills.",
    "Eftergift registreras ännu inte i futflow; eftergivet belopp redovisas som 0 kr.",
    "Polisanmälningarnas utfall är det ärendet visar: begäran om överprövning eller "
    "information om nedlagd förundersökning. Andra utfall registreras inte.",
    "Handläggningstiderna är medianen i dagar från den dag anmälan kom in.",
    "Startgarantin: andelen anmälningar med förhandsbedömning under året som bedömdes inom "
    "tre månader från att anmälan kom in.",
]


def check_year(year: int, current: date) -> None:
    if not FIRST_YEAR <= year <= current.year:
        raise Invalid(
            f"year must be from {FIRST_YEAR} to {current.year} (the current year); got {year}",
            ("query", "year"),
        )


def units_to_count(actor: Actor, unit: str | None) -> frozenset[str]:
    """The units the reader's figures cover (empty: every unit); a chef of some units sees
    theirs only, and any other unit is not found, as its cases are."""
    if not actor.is_system and Role.CHEF not in actor.roles:
        raise Forbidden("Statistiken visas bara för chefer.")
    if unit is None:
        return actor.units
    if not actor.sees_unit(unit):
        raise NotFound(f"no unit {unit}")
    return frozenset({unit})


def year_statistics(
    session: Session, actor: Actor, year: int, unit: str | None = None, *, form: str = "json"
) -> YearStatistics:
    """The year's statistics as `actor` may see them; the read is audited (`form`: json,
    xlsx or page)."""
    units = units_to_count(actor, unit)
    current = today()
    check_year(year, current)
    window = YearWindow(year, local_zone())
    sql = DateSql(session.get_bind().dialect.name, window)

    def only(stmt: Any) -> Any:
        return stmt.where(col(Case.unit).in_(sorted(units))) if units else stmt

    reports = _reports(session, only, sql, window)
    events = _events(session, only, sql, window)
    result = YearStatistics(
        year=year,
        units=sorted(units),
        generated_at=now(),
        through=min(window.last_day, current).isoformat(),
        reports=Reports(
            total=sum(reports.values()),
            by_reporter_type=_counts(reports, 0, REPORTER_TYPES, keep=list(REPORTER_TYPES)),
            by_channel=_counts(reports, 1, CHANNELS, keep=list(CHANNELS)),
        ),
        investigations=_investigations(events),
        case_types=_counts(reports, 2, CASE_TYPES, keep=list(CASE_TYPES)),
        error_types=_error_types(session, only, window),
        min_group=MIN_GROUP,
        amounts=amounts(session, only, window, min(window.last_day, current)),
        police_reports=police_reports(session, only, window),
        notifications=notifications(session, only, window),
        durations=_durations(session, only, sql, window),
        start_guarantee=_guarantee(session, only, sql, window),
        per_unit=_per_unit(reports, events, units),
        per_month=_per_month(year, reports, events),
        notes=NOTES,
    )
    if not actor.is_system:
        audit.record(
            session,
            actor,
            "statistics_read",
            case_id=None,
            entity="statistics",
            year=year,
            units=sorted(units),
            form=form,
        )
    return result


# (reporter type, channel, case type, month, unit) -> reports
ReportKey = tuple[str, str, str, int, str]
# (to stage, from stage, month, unit) -> cases
EventKey = tuple[str, str, int, str]


def _reports(session: Session, only: Only, sql: DateSql, window: YearWindow) -> Counter[ReportKey]:
    received = col(IncomingReport.received_on)
    month = sql.month(received)
    rows = session.exec(
        only(
            select(
                col(IncomingReport.reporter_type),
                col(IncomingReport.channel),
                col(Case.case_type),
                month,
                col(Case.unit),
                func.count(),
            )
            .join(Case, col(Case.id) == IncomingReport.case_id)
            .where(received >= window.first_day, received <= window.last_day)
            .group_by(
                col(IncomingReport.reporter_type),
                col(IncomingReport.channel),
                col(Case.case_type),
                month,
                col(Case.unit),
            )
        )
    ).all()
    out: Counter[ReportKey] = Counter()
    for reporter, channel, case_type, mon, unit, n in rows:
        kind = str(case_type) if case_type in (1, 2, 3) else "none"
        out[(reporter, channel, kind, int(mon), unit)] += n
    return out


def _counts(
    table: Counter[Any], index: int, labels: dict[str, str], keep: list[str] | None = None
) -> list[Count]:
    """Roll a counter up to one of its key's parts, labelled; the `keep` keys always appear."""
    rolled: Counter[str] = Counter()
    for key, n in table.items():
        rolled[key[index]] += n
    for key in keep or []:
        rolled.setdefault(key, 0)
    order = list(labels)
    ordered = sorted(
        rolled.items(),
        key=lambda kv: (order.index(kv[0]) if kv[0] in labels else len(order), -kv[1], kv[0]),
    )
    return [Count(key=k, label=labels.get(k, k), count=n) for k, n in ordered]


def _events(session: Session, only: Only, sql: DateSql, window: YearWindow) -> Counter[EventKey]:
    at = col(StageHistory.at)
    month = sql.month(sql.local_date(at))
    to_stage, from_stage = col(StageHistory.to_stage), col(StageHistory.from_stage)
    rows = session.exec(
        only(
            select(to_stage, from_stage, month, col(Case.unit), func.count())
            .join(Case, col(Case.id) == StageHistory.case_id)
            .where(
                to_stage.in_(
                    [Stage.INVESTIGATION, Stage.CLOSED, Stage.DECISION, Stage.POLICE_REPORT]
                ),
                in_year(at, window),
            )
            .group_by(to_stage, from_stage, month, col(Case.unit))
        )
    ).all()
    out: Counter[EventKey] = Counter()
    for to, frm, mon, unit, n in rows:
        out[(str(to), str(frm or ""), int(mon), unit)] += n
    return out


def _event_total(events: Counter[EventKey], stage: Stage, **where: Any) -> int:
    return sum(
        n
        for (to, frm, mon, unit), n in events.items()
        if to == stage
        and all({"frm": frm, "mon": mon, "unit": unit}[k] == v for k, v in where.items())
    )


def _investigations(events: Counter[EventKey]) -> Investigations:
    closed = _event_total(events, Stage.CLOSED)
    no_action = _event_total(events, Stage.CLOSED, frm=Stage.CLOSING_NO_ACTION)
    return Investigations(
        started=_event_total(events, Stage.INVESTIGATION),
        closed=closed,
        closed_no_action=no_action,
        closed_after_investigation=closed - no_action,
        decisions=_event_total(events, Stage.DECISION),
    )


def _per_unit(
    reports: Counter[ReportKey], events: Counter[EventKey], units: frozenset[str]
) -> list[UnitFigures]:
    configured = get_municipality().units
    codes = set(units) if units else set(configured)
    codes |= {key[4] for key in reports} | {key[3] for key in events}
    out = []
    for code in sorted(codes):
        settings = configured.get(code)
        out.append(
            UnitFigures(
                unit=code,
                name=settings.name if settings else code,
                reports=sum(n for key, n in reports.items() if key[4] == code),
                investigations_started=_event_total(events, Stage.INVESTIGATION, unit=code),
                closed=_event_total(events, Stage.CLOSED, unit=code),
            )
        )
    return out


def _per_month(
    year: int, reports: Counter[ReportKey], events: Counter[EventKey]
) -> list[MonthFigures]:
    return [
        MonthFigures(
            month=f"{year}-{mon:02d}",
            reports=sum(n for key, n in reports.items() if key[3] == mon),
            investigations_started=_event_total(events, Stage.INVESTIGATION, mon=mon),
            closed=_event_total(events, Stage.CLOSED, mon=mon),
        )
        for mon in range(1, 13)
    ]


def _error_types(session: Session, only: Only, window: YearWindow) -> list[ErrorDetection]:
    error = WorkItem.payload["error_type"].as_string()  # type: ignore[index]
    given = func.nullif(func.trim(WorkItem.payload["detected_by"].as_string()), "")  # type: ignore[index]
    found = func.coalesce(given, func.trim(col(IncomingReport.discovered_by)))
    grouped = func.lower(found)
    base = only(
        select(error, grouped, func.min(found), func.count())
        .join(Case, col(Case.id) == WorkItem.case_id)
        .join(IncomingReport, col(IncomingReport.case_id) == Case.id)
        .where(
            col(WorkItem.step) == Stage.INVESTIGATION,
            col(WorkItem.completed_at).is_not(None),
            in_year(col(WorkItem.completed_at), window),
        )
    )
    rows = session.exec(base.group_by(error, grouped).having(func.count() >= MIN_GROUP)).all()
    totals_stmt = base.with_only_columns(error, func.count()).group_by(error)
    totals = {kind: n for kind, n in session.exec(totals_stmt).all()}
    listed: Counter[str | None] = Counter()
    out = []
    for kind, _, text, n in rows:
        listed[kind] += n
        out.append((kind, text, n))
    out += [(kind, OTHER, n - listed[kind]) for kind, n in totals.items() if n > listed[kind]]

    order = [e.value for e in ErrorType]

    def label(kind: str | None) -> str:
        return ERROR_TYPE_LABELS[ErrorType(kind)] if kind in order else NOT_GIVEN

    out.sort(
        key=lambda r: (
            order.index(r[0]) if r[0] in order else len(order),
            r[1] == OTHER,
            -r[2],
            r[1],
        )
    )
    return [
        ErrorDetection(
            error_type=kind or "none", error_label=label(kind), detected_by=text, count=n
        )
        for kind, text, n in out
    ]


def _triaged() -> Any:
    return and_(
        col(StageHistory.from_stage) == Stage.TRIAGE, col(StageHistory.to_stage).in_(TRIAGED)
    )


def _durations(session: Session, only: Only, sql: DateSql, window: YearWindow) -> Durations:
    at = col(StageHistory.at)
    days = sql.days_between(col(IncomingReport.received_on), sql.local_date(at))
    kind = case(
        (_triaged(), "triage"),
        (col(StageHistory.to_stage) == Stage.DECISION, "decision"),
        else_="closing",
    )
    rows = session.exec(
        only(
            select(kind, days, func.count())
            .join(Case, col(Case.id) == StageHistory.case_id)
            .join(IncomingReport, col(IncomingReport.case_id) == Case.id)
            .where(
                or_(_triaged(), col(StageHistory.to_stage).in_([Stage.DECISION, Stage.CLOSED])),
                in_year(at, window),
            )
            .group_by(kind, days)
        )
    ).all()
    tables: dict[str, dict[int, int]] = defaultdict(dict)
    for name, n_days, n in rows:
        tables[name][int(n_days)] = tables[name].get(int(n_days), 0) + n

    def median(name: str) -> Median:
        table = tables.get(name, {})
        return Median(cases=sum(table.values()), median_days=indicators.median_of_counts(table))

    return Durations(
        report_to_triage=median("triage"),
        report_to_decision=median("decision"),
        report_to_closing=median("closing"),
    )


def _guarantee(session: Session, only: Only, sql: DateSql, window: YearWindow) -> StartGuarantee:
    at = col(StageHistory.at)
    started = sql.guarantee_ordinal(sql.local_date(at))
    limit = (
        sql.guarantee_ordinal(col(IncomingReport.received_on)) + indicators.GUARANTEE_ORDINAL_SPAN
    )
    triaged, within = session.exec(
        only(
            select(func.count(), func.count(case((started <= limit, 1))))
            .select_from(StageHistory)
            .join(Case, col(Case.id) == StageHistory.case_id)
            .join(IncomingReport, col(IncomingReport.case_id) == Case.id)
            .where(_triaged(), in_year(at, window))
        )
    ).one()
    return StartGuarantee(triaged=triaged, within=within, share=indicators.share(within, triaged))
