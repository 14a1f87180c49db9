"""The daily repayment follow-up against the real database, the clock moved day by day:
reminders after the settings' days, once per installment; the paid debt closed; court
deadlines warned about; eftergift and a changed plan through their steps."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from fut.clock import end_of_day
from fut.db import session_scope
from fut.documents.readback import document_text
from fut.enums import DebtStatus, DecisionKind, WorkStatus
from fut.errors import Invalid
from fut.lifecycle import Stage
from fut.models import (
    Debt,
    InstallmentPlan,
    InstallmentReminder,
    OverpaidMonth,
    WorkItem,
)
from fut.municipality import get_municipality
from fut.rules.court_deadline import row_court_deadline
from fut.rules.installments import contact_by, warning_due_on
from fut.rules.swedish_format import format_date
from fut.schemas import PaymentIn
from fut.services import automation, case_view, follow_up, payments, workflow
from fut.services.decisions import latest_decision
from fut.settings import get_settings
from tests.integration.test_lifecycle import TOTAL
from tests.services.conftest import World
from tests.services.test_use_cases import documents, run_automatic, stage_of, to_decision_approval

MONTHLY = 3000


def to_repayment(world: World, monthly: int = MONTHLY, in_days: int = 3, **plan: Any) -> int:
    """A decided debt of TOTAL with a plan whose first installment is due in `in_days`."""
    case_id = to_decision_approval(world)
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)
    first_due = (world.today + timedelta(days=in_days)).isoformat()
    world.complete(
        case_id,
        "repayment_plan",
        {"monthly_amount": monthly, "first_due_date": first_due, **plan},
        "ekonomi",
    )
    assert stage_of(world, case_id) == Stage.REPAYMENT
    return case_id


def first_due(world: World, case_id: int) -> date:
    return world.read(
        lambda s: (
            s.exec(
                select(InstallmentPlan)
                .join(Debt, col(Debt.id) == InstallmentPlan.debt_id)
                .where(Debt.case_id == case_id)
            )
            .one()
            .first_due_date
        )
    )


def items(world: World, case_id: int, step: str, status: str | None = None) -> list[WorkItem]:
    def query(s: Any) -> list[WorkItem]:
        stmt = select(WorkItem).where(WorkItem.case_id == case_id, WorkItem.step == step)
        if status:
            stmt = stmt.where(WorkItem.status == status)
        return list(s.exec(stmt))

    return world.read(query)


def pay(world: World, case_id: int, amount: int) -> None:
    with session_scope() as session:
        payments.register_payment(
            session,
            world.actors["ekonomi"],
            case_id,
            PaymentIn(amount=amount, paid_on=world.today, reference="OCR"),
        )


def text(document: Any) -> str:
    return document_text((get_settings().documents_path / document.path).read_bytes())


def test_missed_installment_gets_reminder_after_grace_days(world: World, clock):
    case_id = to_repayment(world)
    due = first_due(world, case_id)
    days = get_municipality().follow_up.reminder_days
    clock.set(due + timedelta(days=days - 1))
    assert follow_up.follow_up(clock.today).reminders == 0
    assert documents(world, case_id, "avbrutna_avbetalningar") == []

    clock.set(due + timedelta(days=days))
    result = follow_up.follow_up(clock.today)
    assert result.reminders == 1 and result.missed_payment_items == 1
    (letter,) = documents(world, case_id, "avbrutna_avbetalningar")
    body = text(letter)
    assert "3 000 kr i månaden" in body
    assert "betalat 0 kr" in body
    assert f"{TOTAL:,}".replace(",", " ") + " kr återstår" in body
    reply_by = contact_by(clock.today, get_municipality().follow_up.contact_days)
    assert format_date(reply_by) in body
    (item,) = items(world, case_id, "missed_payment", WorkStatus.OPEN)
    assert item.due_at == end_of_day(reply_by)
    (reminder,) = world.read(lambda s: list(s.exec(select(InstallmentReminder))))
    assert reminder.due_on == due and reminder.document_id == letter.id


def test_follow_up_twice_same_day_sends_one_reminder(world: World, clock):
    case_id = to_repayment(world)
    due = first_due(world, case_id)
    clock.set(due + timedelta(days=10))
    assert follow_up.follow_up(clock.today).reminders == 1
    again = follow_up.follow_up(clock.today)
    assert again.reminders == 0 and again.missed_payment_items == 0
    clock.set(clock.today + timedelta(days=1))
    assert follow_up.follow_up(clock.today).reminders == 0
    assert len(documents(world, case_id, "avbrutna_avbetalningar")) == 1
    assert len(items(world, case_id, "missed_payment")) == 1
    # the next installment missed too: a new letter, the open work item serves both
    clock.set(due + timedelta(days=40))
    assert follow_up.follow_up(clock.today).reminders == 1
    assert len(documents(world, case_id, "avbrutna_avbetalningar")) == 2
    assert len(items(world, case_id, "missed_payment")) == 1


def test_an_installment_paid_in_time_gets_no_reminder(world: World, clock):
    case_id = to_repayment(world)
    pay(world, case_id, MONTHLY)
    clock.set(first_due(world, case_id) + timedelta(days=20))
    result = follow_up.follow_up(clock.today)
    assert result.debts_checked >= 1 and result.reminders == 0
    assert items(world, case_id, "missed_payment") == []


def test_paid_debt_gets_its_final_notice_and_the_case_closes(world: World, clock):
    case_id = to_repayment(world)
    pay(world, case_id, TOTAL)
    result = follow_up.follow_up(clock.today)
    assert result.settled == 1
    assert stage_of(world, case_id) == Stage.CLOSED
    assert len(documents(world, case_id, "skuld_betald")) == 1
    assert follow_up.follow_up(clock.today).settled == 0  # closed: nothing twice


def test_partial_eftergift_reduces_remaining(world: World, clock):
    case_id = to_repayment(world)
    clock.set(first_due(world, case_id) + timedelta(days=10))
    follow_up.follow_up(clock.today)
    world.complete(case_id, "missed_payment", {"action": "waive"}, "utredare")
    world.complete(
        case_id,
        "waiver",
        {
            "whole": False,
            "amount": 5000,
            "reason": "Varaktigt låg inkomst.",
            "motivation": "Sjukersättning och inga tillgångar.",
        },
        "beslutsfattare",
    )
    (letter,) = documents(world, case_id, "beslut_eftergift")
    assert "avstå från att kräva tillbaka 5 000 kr" in text(letter)
    debt = world.read(lambda s: case_view.read_case(s, world.actors["utredare"], case_id).debt)
    assert debt.waived == 5000 and debt.remaining == TOTAL - 5000
    assert debt.ledger.remaining == TOTAL - 5000
    assert [r.kind for r in debt.ledger.rows] == ["decided", "waiver"]
    assert debt.ledger.rows[-1].balance == TOTAL - 5000
    decision = world.read(lambda s: latest_decision(s, case_id, DecisionKind.WAIVER))
    assert decision is not None and decision.outcome == "partial"
    assert debt.status == DebtStatus.OPEN and stage_of(world, case_id) == Stage.REPAYMENT


def test_whole_eftergift_settles_the_debt_and_the_case_closes(world: World, clock):
    case_id = to_repayment(world)
    pay(world, case_id, 1000)
    clock.set(first_due(world, case_id) + timedelta(days=10))
    follow_up.follow_up(clock.today)
    world.complete(case_id, "missed_payment", {"action": "waive"}, "utredare")
    world.complete(
        case_id,
        "waiver",
        {"whole": True, "reason": "Ingen betalningsförmåga.", "motivation": "Varaktigt."},
        "chef",
    )
    assert automation.settle_repayment(case_id) is True
    assert stage_of(world, case_id) == Stage.CLOSED
    debt = world.read(lambda s: s.exec(select(Debt).where(Debt.case_id == case_id)).one())
    assert debt.status == DebtStatus.WAIVED
    assert documents(world, case_id, "skuld_betald") == []
    ledger = world.read(lambda s: case_view.read_case(s, world.actors["chef"], case_id).debt)
    assert ledger.ledger.waived == TOTAL - 1000 and ledger.ledger.remaining == 0


def test_a_changed_plan_counts_from_what_was_paid(world: World, clock):
    case_id = to_repayment(world)
    pay(world, case_id, MONTHLY)
    clock.set(first_due(world, case_id) + timedelta(days=40))
    follow_up.follow_up(clock.today)  # the second installment is missed
    world.complete(case_id, "missed_payment", {"action": "new_plan"}, "utredare")
    new_first = clock.today + timedelta(days=10)
    world.complete(
        case_id,
        "plan_change",
        {
            "monthly_amount": 1000,
            "first_due_date": new_first.isoformat(),
            "reason": "Din inkomst har minskat.",
        },
        "ekonomi",
    )
    plan = world.read(
        lambda s: s.exec(
            select(InstallmentPlan)
            .join(Debt, col(Debt.id) == InstallmentPlan.debt_id)
            .where(Debt.case_id == case_id)
        ).one()
    )
    assert (plan.monthly_amount, plan.paid_before) == (1000, MONTHLY)
    assert plan.installments == (TOTAL - MONTHLY) // 1000
    (letter,) = documents(world, case_id, "andrad_avbetalningsplan")
    assert "1 000 kr (tidigare 3 000 kr)" in text(letter)
    assert world.read(lambda s: latest_decision(s, case_id, DecisionKind.PLAN_CHANGE))
    clock.set(new_first + timedelta(days=get_municipality().follow_up.reminder_days))
    assert follow_up.follow_up(clock.today).reminders == 1
    pay(world, case_id, 1000)
    clock.set(clock.today + timedelta(days=1))
    assert follow_up.follow_up(clock.today).reminders == 0


def test_a_changed_plan_past_a_court_deadline_needs_a_reason_and_opens_a_warning(
    world: World, clock
):
    case_id = to_repayment(world)
    with session_scope() as session:
        workflow.open_item(session, case_id, "plan_change", world.actors["utredare"])
    payload = {
        "monthly_amount": 200,
        "first_due_date": (clock.today + timedelta(days=5)).isoformat(),
        "reason": "Låg inkomst.",
    }
    with pytest.raises(Invalid, match="court deadline"):
        world.complete(case_id, "plan_change", payload, "ekonomi")
    world.complete(
        case_id,
        "plan_change",
        {**payload, "past_court_deadline_reason": "Ansökan görs i god tid."},
        "ekonomi",
    )
    warnings = items(world, case_id, "court_deadline_warning", WorkStatus.OPEN)
    assert warnings
    months = world.read(
        lambda s: list(s.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case_id)))
    )
    expected = {end_of_day(warning_due_on(row_court_deadline(m), clock.today)) for m in months}
    assert {w.due_at for w in warnings} <= expected
    assert follow_up.follow_up(clock.today).court_warnings == 0  # warned already


def test_an_unpaid_month_within_ninety_days_of_its_court_deadline_is_warned_once(
    world: World, clock
):
    case_id = to_repayment(world)
    months = world.read(
        lambda s: list(s.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case_id)))
    )
    earliest = min(row_court_deadline(m) for m in months if m.overpaid > 0)
    clock.set(earliest - timedelta(days=80))
    result = follow_up.follow_up(clock.today)
    assert result.court_warnings >= 1
    due = {w.due_at for w in items(world, case_id, "court_deadline_warning")}
    assert end_of_day(earliest) in due
    assert follow_up.follow_up(clock.today).court_warnings == 0


def test_the_invoice_basis_files_name_debtor_periods_and_account_string(world: World, clock):
    import csv
    import io

    from openpyxl import load_workbook

    from fut.errors import Forbidden
    from fut.services import invoice_basis

    case_id = to_repayment(world)
    pay(world, case_id, 1000)
    with session_scope() as session:
        number, rows = invoice_basis.case_rows(session, world.actors["ekonomi"], case_id)
    assert sum(r.belopp for r in rows) == TOTAL - 1000
    assert rows[0].belopp == MONTHLY - 1000 and rows[0].forfallodag == first_due(world, case_id)
    accounting = get_municipality().finance.accounting_for(rows[0].enhet)
    assert accounting and all(r.konteringsstrang == accounting for r in rows)
    assert all(isinstance(r.ocr, str) for r in rows)  # debt.ocr when the debt has one
    content = invoice_basis.to_csv(rows).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert table[0][:6] == ["Diarienummer", "Enhet", "Gäldenär", "Personnummer", "Adress", "OCR"]
    assert table[1][0] == number and len(table) == len(rows) + 1
    sheet = load_workbook(io.BytesIO(invoice_basis.to_xlsx(rows))).active
    assert sheet.cell(row=2, column=1).value == number
    assert sheet.cell(row=2, column=9).value == MONTHLY - 1000
    with session_scope() as session:
        due = first_due(world, case_id)
        month = invoice_basis.month_rows(session, world.actors["ekonomi"], due)
    assert [r.diarienummer for r in month].count(number) == 1
    with session_scope() as session, pytest.raises(Forbidden):
        invoice_basis.case_rows(session, world.actors["utredare"], case_id)
    with session_scope() as session:
        from fut.models import AuditEvent

        reads = session.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case_id, AuditEvent.action == "invoice_basis_read"
            )
        ).all()
    assert len(reads) == 2


def test_a_court_deadline_warning_answered_with_waive_opens_the_eftergift_step(world: World, clock):
    case_id = to_repayment(world)
    with session_scope() as session:
        workflow.open_item(session, case_id, "court_deadline_warning", world.actors["utredare"])
    world.complete(case_id, "court_deadline_warning", {"action": "waive"}, "utredare")
    (item,) = items(world, case_id, "waiver", WorkStatus.OPEN)
    with pytest.raises(Invalid, match="amount") as refused:
        world.complete(
            case_id,
            "waiver",
            {"whole": False, "reason": "Låg inkomst.", "motivation": "Inga tillgångar."},
            "beslutsfattare",
        )
    assert refused.value.loc == ("body", "amount")
    with pytest.raises(Invalid, match="more than what is left"):
        world.complete(
            case_id,
            "waiver",
            {"whole": False, "amount": TOTAL + 1, "reason": "R.", "motivation": "M."},
            "beslutsfattare",
        )
    assert items(world, case_id, "waiver", WorkStatus.OPEN) == [item]
