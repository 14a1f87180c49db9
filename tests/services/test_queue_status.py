"""The supervisors' queue figures (`fut.services.queue_status`) straight against PostgreSQL:
open, overdue and oldest per unit and stage, the load per person, the start guarantee and
the court deadline lists, unit restriction, the audit, and that the figures are aggregates
(a fixed number of queries, fast with 10,000 cases)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from fut.auth import SYSTEM
from fut.clock import end_of_day, now
from fut.db import session_scope
from fut.errors import Forbidden
from fut.lifecycle import Stage
from fut.models import AuditEvent, Case, OverpaidMonth
from fut.rules.classification import start_guarantee
from fut.rules.court_deadline import row_court_deadline
from fut.rules.deadlines import add_period
from fut.services import work_items
from fut.services.queue_status import QueueStatus, UnitStatus, queue_status
from tests.integration.test_lifecycle import INVESTIGATION
from tests.services.conftest import World
from tests.services.test_use_cases import TRIAGE, run_automatic

# months of an investigation around the court deadline, seen from the suite's today
# (27 November 2026; the deadline is three years from the payment, moved to a vardag)
OLD_MONTHS = [
    # paid 20 December 2023: the deadline is Monday 21 December 2026, within 90 days
    {
        "month": "2023-12",
        "granted_on": "2023-12-18",
        "paid": 9000,
        "undeclared_income": 4000,
        "payment_date": "2023-12-20",
    },
    # no payment date: from 1 January 2024, a holiday: Monday 4 January 2027, within 90 days
    {"month": "2024-01", "granted_on": "2023-12-27", "paid": 9000, "undeclared_income": 3000},
    # paid 20 October 2023: the deadline passed on 20 October 2026 (not listed)
    {
        "month": "2023-10",
        "granted_on": "2023-10-18",
        "paid": 9000,
        "undeclared_income": 2000,
        "payment_date": "2023-10-20",
    },
    # June 2024: the deadline is in June 2027, beyond 90 days
    {"month": "2024-06", "granted_on": "2024-05-27", "paid": 9000, "undeclared_income": 1000},
]


def read(world: World, who: Any = None, at: datetime | None = None) -> QueueStatus:
    return world.read(lambda s: queue_status(s, who, at or now()))


def unit_of(status: QueueStatus, code: str) -> UnitStatus:
    return next(u for u in status.units if u.unit == code)


def stages(status: QueueStatus, code: str) -> dict[str, tuple[int, int, int]]:
    return {s.stage.value: (s.open, s.overdue, s.oldest_days) for s in unit_of(status, code).stages}


def investigated(world: World, months: list[dict[str, Any]] | None = None, **report: Any) -> int:
    case_id = world.report(**report)
    world.complete(case_id, "triage", TRIAGE, "utredare")
    months = months or INVESTIGATION["months"]
    world.complete(case_id, "investigation", {**INVESTIGATION, "months": months}, "utredare")
    assert run_automatic(world, case_id) == Stage.CLIENT_REPLY
    return case_id


def test_open_overdue_and_oldest_per_unit_and_stage_follow_the_clock(world: World, clock):
    start = clock.today
    first = world.report()
    second = world.report()
    norr = world.report(unit="norrmalm")
    waiting = investigated(world, INVESTIGATION["months"])
    status = read(world)
    assert stages(status, "sodermalm") == {"triage": (2, 0, 0), "client_reply": (1, 0, 0)}
    assert stages(status, "norrmalm") == {"triage": (1, 0, 0)}
    assert unit_of(status, "sodermalm").open == 3

    # the reply date passes after 14 days or so, the triage items after three months
    clock.set(start + timedelta(days=20))
    status = read(world)
    assert stages(status, "sodermalm") == {"triage": (2, 0, 20), "client_reply": (1, 1, 20)}
    clock.set(add_period(start, months=3) + timedelta(days=1))
    status = read(world)
    days = (clock.today - start).days
    assert stages(status, "sodermalm")["triage"] == (2, 2, days)
    assert stages(status, "norrmalm") == {"triage": (1, 1, days)}
    sodermalm = unit_of(status, "sodermalm")
    assert (sodermalm.open, sodermalm.overdue, sodermalm.oldest_days) == (3, 3, days)
    assert sodermalm.name == "Enheten för felaktiga utbetalningar, Södermalm"
    assert unit_of(status, "norrmalm").name == "norrmalm"  # not configured: its code
    assert {first, second, norr, waiting}  # four cases, three units' worth of rows


def test_oldest_counts_from_entering_the_current_stage(world: World, clock):
    start = clock.today
    case_id = world.report()
    clock.set(start + timedelta(days=10))
    world.complete(case_id, "triage", TRIAGE, "utredare")  # into investigation on day 10
    clock.set(start + timedelta(days=25))
    status = read(world)
    [row] = unit_of(status, "sodermalm").stages
    assert (row.stage, row.oldest_days, row.oldest_since) == (
        Stage.INVESTIGATION,
        15,
        start + timedelta(days=10),
    )


def test_load_per_person_counts_claimed_open_items_and_their_overdue(world: World, clock):
    start = clock.today
    claimed = [world.report() for _ in range(3)]
    unclaimed = world.report()
    utredare = world.actors["utredare"]
    with session_scope() as session:
        for case_id in claimed[:2]:
            work_items.claim(session, utredare, world.open_item(case_id, "triage").id)
        work_items.claim(
            session, world.actors["utredare2"], world.open_item(claimed[2], "triage").id
        )
    status = read(world)
    assert [(p.display_name, p.claimed, p.overdue) for p in status.load] == [
        ("Utredare", 2, 0),
        ("Utredare2", 1, 0),
    ]
    assert (status.unclaimed, status.unclaimed_overdue) == (1, 0)
    clock.set(add_period(start, months=4))
    status = read(world)
    assert [(p.claimed, p.overdue) for p in status.load] == [(2, 2), (1, 1)]
    assert (status.unclaimed, status.unclaimed_overdue) == (1, 1)
    sodermalm = unit_of(status, "sodermalm")
    assert (sodermalm.claimed, sodermalm.claimed_overdue) == (3, 3)
    assert unclaimed


def test_start_guarantee_lists_reports_passed_or_passing_within_fourteen_days(world: World, clock):
    today = clock.today
    last_soon = add_period(today + timedelta(days=14), months=-3)
    passed = world.report(received_on=(add_period(today, months=-3) - timedelta(days=1)))
    on_the_day = world.report(received_on=add_period(today, months=-3))
    soon = world.report(received_on=last_soon)
    later = world.report(received_on=last_soon + timedelta(days=1))
    started = investigated(world, received_on=add_period(today, months=-4))
    status = read(world)
    listed = {g.case_id: g for g in status.guarantees}
    assert set(listed) == {passed, on_the_day, soon}
    assert [g.case_id for g in status.guarantees] == [passed, on_the_day, soon]  # oldest first
    assert listed[passed].passed and listed[passed].days_left == -1
    assert not listed[on_the_day].passed and listed[on_the_day].days_left == 0
    assert listed[soon].days_left == 14
    assert listed[soon].guarantee_on == start_guarantee(listed[soon].received_on)
    assert listed[passed].stage == Stage.TRIAGE
    sodermalm = unit_of(status, "sodermalm")
    assert (sodermalm.guarantee_passed, sodermalm.guarantee_soon) == (1, 2)
    assert later not in listed and started not in listed


def test_court_deadline_lists_months_whose_deadline_falls_within_ninety_days(world: World, clock):
    case_id = investigated(world, OLD_MONTHS)
    status = read(world)
    assert [(d.case_id, d.month, d.deadline) for d in status.deadlines] == [
        (case_id, "2023-12", date(2026, 12, 21)),
        (case_id, "2024-01", date(2027, 1, 4)),
    ]
    first = status.deadlines[0]
    assert (first.overpaid, first.days_left) == (4000, (date(2026, 12, 21) - clock.today).days)
    sodermalm = unit_of(status, "sodermalm")
    assert (sodermalm.deadline_months, sodermalm.deadline_cases) == (2, 1)

    # the same as the rule says, month by month, on any day (the SQL uses cut-off dates)
    rows = world.read(
        lambda s: list(s.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case_id)))
    )
    for day in (date(2026, 9, 22), date(2026, 10, 20), date(2026, 10, 21), date(2027, 1, 4)):
        expected = sorted(m.month for m in rows if 0 <= (row_court_deadline(m) - day).days <= 90)
        seen = read(world, at=end_of_day(day) - timedelta(hours=1))
        assert sorted(d.month for d in seen.deadlines) == expected, day

    # a closed case's months are no longer listed
    with session_scope() as session:
        session.get(Case, case_id).stage = Stage.CLOSED  # type: ignore[union-attr]
    assert read(world).deadlines == ()


def test_a_chef_of_one_unit_sees_that_unit_only(world: World, clock):
    from fut.auth import create_user

    with session_scope() as session:
        user, _ = create_user(
            session, username="chef_norr", roles=["chef"], units=["norrmalm"], display_name="N"
        )
        from fut.auth import actor_of

        chef_norr = actor_of(session, user)
    world.report(received_on=add_period(clock.today, months=-4))
    norr = world.report(unit="norrmalm", received_on=add_period(clock.today, months=-4))
    status = read(world, chef_norr)
    assert [u.unit for u in status.units] == ["norrmalm"]
    assert [g.case_id for g in status.guarantees] == [norr]
    assert status.restricted_to == {"norrmalm"}
    everything = read(world, world.actors["chef"])
    assert {u.unit for u in everything.units} == {"norrmalm", "sodermalm"}


def test_a_person_reading_is_audited_the_system_is_not_and_only_chef_may(world: World):
    read(world, world.actors["chef"])
    read(world, SYSTEM)
    read(world, None)
    events = world.read(
        lambda s: list(s.exec(select(AuditEvent).where(AuditEvent.action == "queue_status_read")))
    )
    assert [(e.actor, e.case_id, e.entity) for e in events] == [("chef", None, "queue")]
    for user in ("handlaggare", "utredare", "beslutsfattare", "ekonomi"):
        with pytest.raises(Forbidden):
            read(world, world.actors[user])


def _seed(world: World, cases: int) -> None:
    """`cases` cases straight into the tables (at triage, investigation or closed, with their
    history, an open work item and a few overpaid months), as fast as PostgreSQL takes them."""
    stages = [Stage.TRIAGE, Stage.INVESTIGATION, Stage.CLIENT_REPLY, Stage.REPAYMENT, Stage.CLOSED]
    when = now()
    user_id = world.actors["utredare"].user_id
    with session_scope() as session:
        conn = session.connection()
        base = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM fut_case")).scalar_one()
        series = f"generate_series({base + 1}, {base + cases}) g"
        conn.execute(
            sa.text(
                "INSERT INTO person (id, identity_number, identity_kind, name, address, created_at)"
                " SELECT g, lpad(g::text, 12, '0'), 'personnummer', 'Test Testsson', '', :at"
                f" FROM {series}"
            ),
            {"at": when},
        )
        stage_case = " ".join(f"WHEN {i} THEN '{s.value}'" for i, s in enumerate(stages))
        conn.execute(
            sa.text(
                "INSERT INTO fut_case (id, case_number, unit, stage, person_id, flow_generation,"
                " created_at, updated_at) SELECT g, 'B-' || g, CASE WHEN g % 3 = 0 THEN"
                f" 'norrmalm' ELSE 'sodermalm' END, CASE g % {len(stages)} {stage_case} END, g,"
                " 0, :at - (g % 400) * interval '1 day', :at"
                f" FROM {series}"
            ),
            {"at": when},
        )
        conn.execute(
            sa.text(
                "INSERT INTO incomingreport (case_id, reporter_type, reporter_name, channel,"
                " received_by, received_on, discovered_by, description, period_from, period_to,"
                " estimated_amount, measures_taken, ongoing, still_on_assistance,"
                " evidence_at_risk, attachments, registered_by, registered_at)"
                " SELECT g, 'authority', '', 'letter', 'x', (:at - (g % 400) * interval '1 day')"
                "::date, 'x', 'x', '2025-01', '2025-02', 1000, '', false, true, false, '[]', :u,"
                " :at"
                f" FROM {series}"
            ),
            {"at": when, "u": user_id},
        )
        for to_stage in ("registered", "triage"):
            conn.execute(
                sa.text(
                    "INSERT INTO stagehistory (case_id, to_stage, actor, reason, at)"
                    " SELECT g, :s, 'x', '', :at - (g % 400) * interval '1 day'"
                    f" FROM {series}"
                ),
                {"at": when, "s": to_stage},
            )
        conn.execute(
            sa.text(
                "INSERT INTO stagehistory (case_id, from_stage, to_stage, actor, reason, at)"
                " SELECT id, 'triage', stage, 'x', '', :at - (id % 90) * interval '1 day'"
                " FROM fut_case WHERE id > :a AND stage <> 'triage'"
            ),
            {"a": base, "at": when},
        )
        conn.execute(
            sa.text(
                "INSERT INTO workitem (case_id, step, assignee_id, status, due_at, created_at)"
                " SELECT id, stage, CASE WHEN id % 4 = 0 THEN :u END, 'open',"
                " :at + ((id % 60) - 30) * interval '1 day', :at"
                " FROM fut_case WHERE id > :a AND stage <> 'closed'"
            ),
            {"a": base, "at": when, "u": user_id},
        )
        conn.execute(
            sa.text(
                "INSERT INTO overpaidmonth (case_id, month, paid, undeclared_income, correct,"
                " overpaid, already_corrected, reason, payment_date, granted_on, resources, law)"
                " SELECT c.id, to_char(date '2023-09-01' + m * interval '1 month', 'YYYY-MM'),"
                " 9000, 1000, 8000, 1000, 0, '', NULL,"
                " date '2023-09-01' + m * interval '1 month', '[]', 'SoL'"
                " FROM fut_case c CROSS JOIN generate_series(0, 5) m"
                " WHERE c.id > :a AND c.stage <> 'triage'"
            ),
            {"a": base},
        )


def test_the_figures_are_a_fixed_number_of_aggregate_queries_with_ten_thousand_cases(
    world: World, service_database
):
    _seed(world, 10_000)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with session_scope() as session:
        session.exec(sa.text("ANALYZE"))  # type: ignore[call-overload]
    sa.event.listen(service_database, "before_cursor_execute", count)
    try:
        read(world, world.actors["chef"])  # warm
        statements.clear()
        for _ in range(5):
            status = read(world, world.actors["chef"])
    finally:
        sa.event.remove(service_database, "before_cursor_execute", count)
    assert sum(u.open for u in status.units) == 8000  # a fifth of them are closed
    assert len(status.guarantees) == 100 and status.guarantee_total > 100  # a capped list
    assert status.deadlines and status.deadline_total > 0
    # a fixed number of statements per read (7 queries and the audit row), none per case
    per_read = len(statements) / 5
    assert per_read <= 10, statements[:12]
    # its speed is measured in bench/pages_latency.py, not here
