"""The yearly FUT statistics (`fut.services.statistics`) on PostgreSQL, with cases made and
moved through the services: every figure is computed from what the cases went through."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import select

from fut.auth import Actor
from fut.db import session_scope
from fut.errors import Forbidden, Invalid, NotFound
from fut.lifecycle import Role
from fut.models import AuditEvent
from fut.schemas import PaymentIn
from fut.schemas_statistics import YearStatistics
from fut.services import automation, payments, statistics
from fut.services.document_catalogue import DocumentRequest, Refused, produce_on_demand
from tests.integration.test_lifecycle import INVESTIGATION, TOTAL
from tests.services.conftest import World
from tests.services.test_use_cases import TRIAGE, run_automatic

AUTHORITY = {"name": "Försäkringskassan", "address_lines": ["Box 1164", "621 22 Visby"]}


def read(world: World, who: str = "chef", year: int | None = None, **kw: Any) -> YearStatistics:
    actor = world.actors.get(who, who)
    return world.read(
        lambda s: statistics.year_statistics(s, actor, year or world.today.year, **kw)
    )


def counts(rows: list[Any]) -> dict[str, int]:
    return {row.key: row.count for row in rows}


def investigate(world: World, case_id: int, **investigation: Any) -> None:
    world.complete(case_id, "triage", TRIAGE, "utredare")
    world.complete(case_id, "investigation", {**INVESTIGATION, **investigation}, "utredare")
    run_automatic(world, case_id)


def decide(world: World, case_id: int, assessment: str = "none") -> None:
    world.complete(case_id, "client_reply", {"replied": False}, "utredare")
    world.complete(case_id, "intent", {"assessment": assessment, "motivation": "Skäl"}, "utredare")
    world.complete(case_id, "decision_proposal", {"recover": True, "motivation": "Fel"}, "utredare")
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)


def on_demand(world: World, case_id: int, kind: str, **fields: Any) -> None:
    with session_scope() as session:
        out = produce_on_demand(
            session, world.actors["chef"], case_id, DocumentRequest(kind=kind, **fields)
        )
    assert not isinstance(out, Refused), out


def pay(world: World, case_id: int, amount: int, on: date) -> None:
    with session_scope() as session:
        payments.register_payment(
            session, world.actors["ekonomi"], case_id, PaymentIn(amount=amount, paid_on=on)
        )


@pytest.fixture
def year_of_cases(world: World, clock) -> dict[str, Any]:
    """Five reports of this year moved along on different days, one of last year, one of
    another unit: the figures below follow from these steps alone."""
    start = clock.set(clock.today - timedelta(days=120))  # late July: the same year
    world.today = start
    ids: dict[str, Any] = {"start": start}
    # received 10 days ago by letter from an authority; triaged 20 days later (30 days)
    ids["police"] = world.report(received_on=(start - timedelta(days=10)).isoformat())
    ids["tip"] = world.report(
        reporter_type="anonymous", channel="phone", received_on=start.isoformat()
    )
    ids["check"] = world.report(
        reporter_type="own_staff",
        channel="register_check",
        received_on=(start - timedelta(days=100)).isoformat(),  # triaged after the guarantee
    )
    ids["nothing"] = world.report(received_on=(start - timedelta(days=2)).isoformat())
    ids["norr"] = world.report(unit="norrmalm", received_on=start.isoformat())
    last_year = date(start.year - 1, 12, 20)
    ids["old"] = world.report(received_on=last_year.isoformat())
    world.today = clock.set(start + timedelta(days=20))
    investigate(world, ids["police"], error_type="undeclared_work", detected_by="Bankutdrag")
    investigate(world, ids["tip"], error_type="undeclared_work", detected_by=" bankutdrag ")
    investigate(world, ids["check"], error_type="undeclared_work", detected_by="BANKUTDRAG")
    investigate(world, ids["norr"], error_type="wrong_household", detected_by="Tips från granne")
    world.complete(ids["nothing"], "triage", {**TRIAGE, "outcome": "no_action"}, "utredare")
    run_automatic(world, ids["nothing"])
    world.today = clock.set(start + timedelta(days=50))
    decide(world, ids["police"], assessment="intent")  # återkrav and a police report
    decide(world, ids["tip"])
    first_due = (world.today + timedelta(days=30)).isoformat()
    plan = {"monthly_amount": 3000, "first_due_date": first_due}
    world.complete(ids["tip"], "repayment_plan", plan, "ekonomi")
    world.today = clock.set(start + timedelta(days=60))
    pay(world, ids["tip"], TOTAL, world.today)  # paid in full: the case closes
    assert automation.settle_repayment(ids["tip"]) is True
    pay(world, ids["police"], 5000, world.today)
    on_demand(
        world,
        ids["police"],
        "information_nedlagd_fu",
        police_case_number="5000-K1-00",
        closed_on=world.today.isoformat(),
    )
    on_demand(
        world,
        ids["check"],
        "underrattelse_annan_myndighet",
        authority=AUTHORITY,
        notification={"benefit": "Bostadsbidrag", "facts": "Inkomst av arbete."},
    )
    return ids


def test_reports_are_counted_by_source_channel_and_case_type_in_the_year_received(
    world, year_of_cases
):
    figures = read(world)
    assert figures.reports.total == 5  # last year's report is not counted
    assert counts(figures.reports.by_reporter_type) == {
        "anonymous": 1,
        "private_person": 0,
        "authority": 3,
        "own_staff": 1,
    }
    assert counts(figures.reports.by_channel)["register_check"] == 1
    labels = {row.key: row.label for row in figures.reports.by_channel}
    assert labels["phone"] == "Telefon" and labels["letter"] == "Brev"
    assert counts(figures.case_types) == {"1": 0, "2": 5, "3": 0, "none": 0}
    previous = read(world, year=world.today.year - 1)
    assert previous.reports.total == 1 and counts(previous.case_types)["none"] == 1


def test_investigations_started_closed_and_decided_follow_the_history(world, year_of_cases):
    figures = read(world)
    started = figures.investigations
    assert (started.started, started.decisions) == (4, 2)
    assert (started.closed, started.closed_no_action, started.closed_after_investigation) == (
        2,
        1,
        1,
    )
    month = year_of_cases["start"] + timedelta(days=20)
    by_month = {m.month: m for m in figures.per_month}
    assert len(by_month) == 12
    assert by_month[f"{month:%Y-%m}"].investigations_started == 4
    assert sum(m.reports for m in figures.per_month) == 5
    units = {u.unit: (u.reports, u.investigations_started, u.closed) for u in figures.per_unit}
    assert units["sodermalm"] == (4, 3, 2) and units["norrmalm"] == (1, 1, 0)


def test_feedback_list_groups_how_errors_were_found_and_hides_rare_answers(world, year_of_cases):
    lines = [(e.error_type, e.detected_by, e.count) for e in read(world).error_types]
    assert lines[0] == ("undeclared_work", "BANKUTDRAG", 3)  # three spellings, one group
    # the single "Tips från granne" is counted but not shown: free text may name someone
    assert ("wrong_household", "Övrigt", 1) in lines
    assert all("granne" not in text for _, text, _ in lines)
    labels = {e.error_type: e.error_label for e in read(world).error_types}
    assert labels["wrong_household"] == "Felaktiga uppgifter om hushållet"


def test_amounts_decided_repaid_and_outstanding_with_nothing_waived(world, year_of_cases):
    amounts = read(world).amounts
    assert (amounts.decided, amounts.decided_debts) == (2 * TOTAL, 2)
    assert amounts.repaid == TOTAL + 5000
    assert amounts.outstanding == TOTAL - 5000
    assert amounts.waived == 0


def test_police_reports_outcomes_and_notifications_come_from_the_case_file(world, year_of_cases):
    figures = read(world)
    assert figures.police_reports.total == 1
    assert counts(figures.police_reports.outcomes) == {
        "review_requested": 0,
        "investigation_closed": 1,
        "not_registered": 0,
    }
    assert (figures.notifications.total, figures.notifications.cases) == (1, 1)


def test_medians_of_days_from_report_and_the_start_guarantee_share(world, year_of_cases):
    figures = read(world)
    # triage 20 days after the start: received 10, 0, 100, 2 and 0 days before it
    assert figures.durations.report_to_triage.cases == 5
    assert figures.durations.report_to_triage.median_days == 22
    # decisions 50 days after the start for reports received 10 and 0 days before it
    assert figures.durations.report_to_decision.median_days == 55
    # closed: no action on day 20 (received day -2) and paid on day 60 (received day 0)
    assert figures.durations.report_to_closing.median_days == (22 + 60) / 2
    guarantee = figures.start_guarantee
    assert (guarantee.triaged, guarantee.within, guarantee.share) == (5, 4, 0.8)


def test_a_chef_of_one_unit_sees_that_unit_and_no_other(world, year_of_cases):
    norr = Actor(
        "chef_norr", world.actors["chef"].user_id, frozenset({Role.CHEF}), frozenset({"norrmalm"})
    )
    figures = read(world, norr)  # type: ignore[arg-type]
    assert figures.units == ["norrmalm"] and figures.reports.total == 1
    assert [u.unit for u in figures.per_unit] == ["norrmalm"]
    with pytest.raises(NotFound):
        read(world, norr, unit="sodermalm")  # type: ignore[arg-type]
    only = read(world, unit="sodermalm")
    assert only.reports.total == 4 and only.units == ["sodermalm"]


def test_only_a_chef_reads_the_statistics_and_the_read_is_audited(world, year_of_cases):
    for user in ("utredare", "handlaggare", "ekonomi", "beslutsfattare"):
        with pytest.raises(Forbidden):
            read(world, user)
    read(world)
    events = world.read(
        lambda s: list(s.exec(select(AuditEvent).where(AuditEvent.action == "statistics_read")))
    )
    assert len(events) == 1 and events[0].case_id is None and events[0].actor == "chef"
    assert events[0].detail["year"] == world.today.year


def test_a_year_not_yet_begun_or_before_the_first_is_refused_with_the_reason(world, clock):
    with pytest.raises(Invalid, match="current year") as refused:
        read(world, year=clock.today.year + 1)
    assert refused.value.loc == ("query", "year")
    with pytest.raises(Invalid):
        read(world, year=statistics.FIRST_YEAR - 1)


def test_no_names_identity_numbers_or_case_numbers_in_the_figures(world, year_of_cases):
    text = read(world).model_dump_json()
    assert "Tolvan" not in text and "19121212" not in text and "121212" not in text
    assert "FUT-" not in text
