"""Issue 8, points 2 and 3: a plan that outlives the court deadline (SoL 33:5), the letters'
court sentences with their dates, the 90-day warnings per deadline, and the decision that
states the client's reply and how it was weighed (förvaltningslagen 32 §). The case's
months run May–August 2025, across 1 July 2025; no payment dates are recorded, so each
month's deadline is three years from its 1st: 2 May 2028 (1 May a holiday), 1 June 2028,
3 July 2028 (1 July a Saturday), 1 August 2028."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import select

from api.web.messages import swedish
from fut.clock import end_of_day, local_date
from fut.db import session_scope
from fut.documents import document_text, render_document
from fut.enums import WorkStatus
from fut.errors import Invalid
from fut.models import Case, Debt, Timer, WorkItem
from fut.schemas import PaymentIn
from fut.services import payments, timers
from fut.services.document_context import build_context
from fut.services.recovery_route import set_recovery_route
from fut.steps import court_deadline_warning
from tests.integration.test_lifecycle import INVESTIGATION
from tests.services.conftest import World
from tests.services.test_use_cases import TRIAGE, run_automatic, to_client_reply

DEADLINES = [date(2028, 5, 2), date(2028, 6, 1), date(2028, 7, 3), date(2028, 8, 1)]


def letter(world: World, case_id: int, kind: str, **extra: Any) -> str:
    """The document as the client or the finance office reads it."""
    with session_scope() as session:
        case = session.get(Case, case_id)
        context = build_context(session, case, kind, **extra)
    return document_text(render_document(kind, context).content)


def decided(world: World, reply: dict[str, Any], proposal: dict[str, Any] | None = None) -> int:
    case_id = to_client_reply(world)
    world.complete(case_id, "client_reply", reply, "utredare")
    world.complete(case_id, "intent", {"assessment": "none", "motivation": "Misstag"}, "utredare")
    world.complete(
        case_id,
        "decision_proposal",
        {"recover": True, "motivation": "Lönen skulle ha redovisats.", **(proposal or {})},
        "utredare",
    )
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)
    return case_id


def long_plan(world: World, **extra: Any) -> dict[str, Any]:
    """500 kr a month: 42 installments, the last in 2030, after every month's deadline."""
    first = (world.today + timedelta(days=30)).isoformat()
    return {"monthly_amount": 500, "first_due_date": first, **extra}


def section(text: str, heading: str, next_heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    return text[start : text.index(f"\n{next_heading}\n", start)]


# --- point 2: the plan and the court deadline ----------------------------------------------


def test_plan_whose_last_installment_falls_after_the_court_deadline_is_refused(world: World):
    case_id = decided(world, {"replied": False})
    with pytest.raises(Invalid) as refused:
        world.complete(case_id, "repayment_plan", long_plan(world), "ekonomi")
    assert refused.value.loc == ("body", "past_court_deadline_reason")
    said = swedish(refused.value.message)
    assert said is not None
    assert "2 maj 2028" in said and "maj 2025" in said and "förvaltningsrätten" in said
    assert world.open_item(case_id, "repayment_plan").status == WorkStatus.OPEN


def test_plan_past_the_court_deadline_is_accepted_with_a_reason_and_the_plan_says_the_dates(
    world: World,
):
    case_id = decided(world, {"replied": False})
    reason = "Klienten har bistånd; en dom skulle ändå inte ge betalning."
    world.complete(
        case_id, "repayment_plan", long_plan(world, past_court_deadline_reason=reason), "ekonomi"
    )
    assert world.read(lambda s: s.get(Case, case_id).stage) == "repayment"
    text = letter(world, case_id, "avbetalningsplan")
    court = section(text, "Om du inte betalar", "Underskrifter")
    assert "kan socialnämnden ansöka hos förvaltningsrätten" in court
    for month, day in [("maj 2025", "2 maj 2028"), ("juli 2025", "3 juli 2028")]:
        assert f"bistånd för {month}: {day}" in court
    assert "ligger efter en eller flera av dessa dagar" in court
    assert "inte längre ansöka hos förvaltningsrätten om det beloppet" in court


def test_plan_ending_before_every_court_deadline_needs_no_reason(world: World):
    case_id = decided(world, {"replied": False})
    first = (world.today + timedelta(days=30)).isoformat()
    world.complete(
        case_id, "repayment_plan", {"monthly_amount": 3000, "first_due_date": first}, "ekonomi"
    )
    text = letter(world, case_id, "avbetalningsplan")
    assert "3 juli 2028" in text and "ligger efter en eller flera" not in text


def test_debt_letter_and_invoice_basis_state_the_court_deadlines_and_promise_nothing(
    world: World,
):
    case_id = decided(world, {"replied": False})
    debt_letter = letter(world, case_id, "skuld_under_bistand")
    assert "kommer vi just nu inte att ansöka" not in debt_letter
    assert "Om du inte betalar kan socialnämnden ansöka hos förvaltningsrätten" in debt_letter
    for day in ["2 maj 2028", "1 juni 2028", "3 juli 2028", "1 augusti 2028"]:
        assert day in debt_letter
    invoice = letter(
        world,
        case_id,
        "fakturaunderlag",
        finance_unit="Ekonomiavdelningen",
        invoice={"accounting": "Konto 1513", "due_date": date(2027, 1, 27)},
    )
    court = invoice[invoice.index("\nSista dag för ansökan till förvaltningsrätten\n") :]
    assert "bistånd för maj 2025: 2 maj 2028" in court
    assert "bistånd för augusti 2025: 1 augusti 2028" in court


def test_paid_oldest_months_drop_out_of_the_letters_court_deadlines(world: World):
    case_id = decided(world, {"replied": False})
    with session_scope() as session:
        payments.register_payment(
            session,
            world.actors["ekonomi"],
            case_id,
            PaymentIn(amount=4000, paid_on=world.today),  # May 2025's 4 000 kr
        )
    text = letter(world, case_id, "skuld_under_bistand")
    assert "maj 2025" not in text and "1 juni 2028" in text


# --- point 2: a warning 90 days before each month's deadline -------------------------------


def warning_items(world: World, case_id: int) -> list[WorkItem]:
    return world.read(
        lambda s: list(
            s.exec(
                select(WorkItem).where(
                    WorkItem.case_id == case_id, WorkItem.step == "court_deadline_warning"
                )
            )
        )
    )


def investigated(world: World) -> int:
    case_id = world.report()
    world.complete(case_id, "triage", TRIAGE, "utredare")
    world.complete(case_id, "investigation", INVESTIGATION, "utredare")
    return case_id


def test_a_warning_opens_90_days_before_each_months_court_deadline(world: World, clock):
    case_id = investigated(world)
    warning_timers = select(Timer).where(
        Timer.case_id == case_id, Timer.kind == "court_deadline_warning"
    )
    fire_days = world.read(lambda s: sorted(local_date(t.fire_at) for t in s.exec(warning_timers)))
    assert fire_days == [d - timedelta(days=90) for d in DEADLINES]
    for number, deadline in enumerate(DEADLINES, start=1):
        clock.set(deadline - timedelta(days=89))
        timers.fire_due_timers()
        items = warning_items(world, case_id)
        assert len(items) == number
        assert items[-1].due_at == end_of_day(deadline)


def test_the_same_deadline_is_never_warned_about_twice(world: World, clock):
    case_id = investigated(world)
    clock.set(DEADLINES[0] - timedelta(days=89))
    timers.fire_due_timers()
    with session_scope() as session:
        timer = session.exec(
            select(Timer).where(Timer.case_id == case_id, Timer.kind == "court_deadline_warning")
        ).first()
        court_deadline_warning.open_warning(session, timer)  # fired again, e.g. after a crash
    assert len(warning_items(world, case_id)) == 1


def test_warnings_stop_for_paid_months_and_after_a_recovery_route(world: World, clock):
    case_id = decided(world, {"replied": False})
    with session_scope() as session:
        payments.register_payment(
            session,
            world.actors["ekonomi"],
            case_id,
            PaymentIn(amount=4000, paid_on=world.today),  # May 2025 is paid
        )
    clock.set(DEADLINES[0] - timedelta(days=89))
    timers.fire_due_timers()
    assert warning_items(world, case_id) == []  # May's months are paid
    clock.set(DEADLINES[1] - timedelta(days=89))
    timers.fire_due_timers()
    assert len(warning_items(world, case_id)) == 1  # June is not
    with session_scope() as session:
        set_recovery_route(
            session, world.actors["utredare"], session.get(Case, case_id), "administrative_court"
        )
    clock.set(DEADLINES[2] - timedelta(days=89))
    timers.fire_due_timers()
    assert len(warning_items(world, case_id)) == 1
    debt = world.read(lambda s: s.exec(select(Debt).where(Debt.case_id == case_id)).one())
    assert debt.recovery_route == "administrative_court"


# --- point 3: the decision states the reply and how it was weighed -------------------------


def test_reply_without_what_the_client_said_is_refused_beside_the_field(world: World):
    case_id = to_client_reply(world)
    with pytest.raises(Invalid) as refused:
        world.complete(case_id, "client_reply", {"replied": True, "summary": "  "}, "utredare")
    assert refused.value.loc == ("body", "summary")
    assert swedish(refused.value.message) == (
        "Skriv vad klienten svarade. Det ska stå i beslutet om återkrav."
    )


def test_proposal_without_weighing_the_clients_reply_is_refused(world: World):
    case_id = to_client_reply(world)
    world.complete(case_id, "client_reply", {"replied": True, "summary": "Bestrider"}, "utredare")
    world.complete(case_id, "intent", {"assessment": "none", "motivation": "Misstag"}, "utredare")
    with pytest.raises(Invalid) as refused:
        world.complete(
            case_id, "decision_proposal", {"recover": True, "motivation": "Felaktigt"}, "utredare"
        )
    assert refused.value.loc == ("body", "reply_assessment")
    assert "hur klientens synpunkter har bedömts" in (swedish(refused.value.message) or "")


def test_decision_states_the_clients_reply_and_the_boards_weighing_in_one_section(
    world: World,
):
    said = "Lönen var en engångsinkomst som jag trodde inte skulle redovisas."
    weighed = "Alla inkomster ska redovisas; invändningen ändrar inte bedömningen."
    case_id = decided(world, {"replied": True, "summary": said}, {"reply_assessment": weighed})
    text = letter(world, case_id, "beslut_aterkrav")
    assert text.count("\nSkäl för beslutet\n") == 1 and "\nMotivering\n" not in text
    reasons = section(text, "Skäl för beslutet", "Lagrum")
    assert "Lönen skulle ha redovisats." in reasons
    assert f"Du har lämnat dessa synpunkter: {said}" in reasons
    assert f"Socialnämndens bedömning av dina synpunkter: {weighed}" in reasons
    assert "i bilagan med redovisning av felaktig utbetalning" in text


def test_decision_says_so_when_the_client_did_not_reply(world: World):
    case_id = decided(world, {"replied": False})
    reasons = section(letter(world, case_id, "beslut_aterkrav"), "Skäl för beslutet", "Lagrum")
    assert "Du har inte lämnat några synpunkter på utredningen." in reasons
    assert "dessa synpunkter" not in reasons
