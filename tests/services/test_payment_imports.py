"""Finance reads the bank's file: payments land on the debts their OCR reference names, the
rest wait in a queue; the same file twice adds nothing; a malformed file changes nothing."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from sqlmodel import func, select

from fut.db import session_scope
from fut.documents.readback import document_text
from fut.enums import DebtStatus, FileFormat
from fut.errors import Forbidden
from fut.import_schemas import AssignIn
from fut.integrations.bgmax_writer import DepositSpec, Paid, write
from fut.lifecycle import Stage
from fut.models import AuditEvent, BankPayment, Case, Debt, Outbox, Payment, PaymentImport, Person
from fut.rules.ocr import generate, luhn_check_digit
from fut.rules.swedish_format import format_date
from fut.services import automation, case_view, cases, payment_imports, unmatched_payments
from fut.services.debts import debt_ocr
from fut.services.payment_imports import MalformedPaymentFile
from fut.settings import get_settings
from tests.integration.test_lifecycle import TOTAL
from tests.services.conftest import World
from tests.services.test_use_cases import (
    documents,
    run_automatic,
    stage_of,
    to_decision_approval,
)

_people = itertools.count(1)
NOBODYS_OCR = generate("99999", length_digit=True)
"""A valid OCR reference no debt carries."""


def debt_case(world: World, amount: int = 12000, stage: Stage = Stage.REPAYMENT) -> tuple[int, str]:
    """A case with a decided debt of `amount` kronor: (case id, the debt's OCR reference)."""
    with session_scope() as session:
        serial = f"900101{next(_people):03d}"
        person = Person(
            identity_number="19" + serial + luhn_check_digit(serial),
            identity_kind="personnummer",
            name="T T",
        )
        session.add(person)
        session.flush()
        number = cases.next_case_number(session, world.today.year)
        case = Case(case_number=number, unit="sodermalm", stage=stage, person_id=person.id)
        session.add(case)
        session.flush()
        ocr = debt_ocr(number)
        session.add(Debt(case_id=case.id, amount=amount, decided_on=world.today, ocr=ocr))
        return case.id, ocr


def bgmax_file(world: World, *payments: Paid, serial: int = 1, minute: int = 0) -> bytes:
    return write(
        [DepositSpec(world.today, serial, payments)],
        bankgiro="991-2346",
        written_at=datetime.combine(world.today, datetime.min.time()) + timedelta(minutes=minute),
    )


def import_(world: World, data: bytes, user: str = "ekonomi", **kw):
    with session_scope() as session:
        return payment_imports.import_file(session, world.actors[user], data, **kw)


def paid(world: World, case_id: int) -> int:
    with session_scope() as session:
        debt = case_view.read_case(session, world.actors["ekonomi"], case_id).debt
        assert debt is not None
        return debt.paid


def queue(world: World):
    with session_scope() as session:
        return unmatched_payments.list_unmatched(session, world.actors["ekonomi"])


def count(world: World, model) -> int:
    return world.read(lambda s: s.exec(select(func.count()).select_from(model)).one())


def test_bgmax_payments_are_registered_on_the_debts_their_ocr_names(world: World):
    first, first_ocr = debt_case(world)
    second, second_ocr = debt_case(world)
    summary = import_(
        world,
        bgmax_file(
            world,
            Paid(first_ocr, 300_00),
            Paid(second_ocr, 500_00),
            Paid(first_ocr, 200_00),
            Paid(NOBODYS_OCR, 100_00, payer="Okänd Betalare"),
            Paid("", 50_00),
        ),
        filename="bgmax.txt",
    )
    assert (summary.payments, summary.registered, summary.unmatched) == (5, 3, 2)
    assert summary.message == (
        "Filen är inläst: 5 betalningar, 3 registrerade på skulder, 2 till kön för manuell "
        "hantering."
    )
    assert (paid(world, first), paid(world, second)) == (500, 500)
    waiting = queue(world)
    assert [(w.reference, w.amount, w.reason_text) for w in waiting] == [
        (NOBODYS_OCR, "100,00\u00a0kr", "Ingen skuld har det OCR-numret"),
        ("", "50,00\u00a0kr", "Betalningen har ingen referens"),
    ]
    assert waiting[0].payer == "Okänd Betalare"
    (audit,) = world.read(
        lambda s: s.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == first, AuditEvent.action == "payments_registered"
            )
        ).all()
    )
    # what was written, from which file; nothing personal
    assert (audit.entity, audit.entity_id) == ("payment_import", summary.id)
    assert audit.detail == {"payments": 2, "amount": 500}


def test_same_bgmax_file_twice_adds_nothing(world: World):
    case_id, ocr = debt_case(world)
    data = bgmax_file(world, Paid(ocr, 300_00), Paid("", 10_00))
    import_(world, data)
    again = import_(world, data)
    assert again.already_imported
    assert again.message == (
        f"Filen är redan inläst den {format_date(world.today)} (2 betalningar). "
        "Inget har lagts till."
    )
    assert paid(world, case_id) == 300
    assert count(world, PaymentImport) == 1 and len(queue(world)) == 1


def test_payment_already_read_from_another_file_is_skipped(world: World):
    case_id, ocr = debt_case(world)
    import_(world, bgmax_file(world, Paid(ocr, 300_00)))
    # the bank sends the same deposit again in a file written a minute later
    later = import_(world, bgmax_file(world, Paid(ocr, 300_00), minute=1))
    assert not later.already_imported
    assert (later.registered, later.skipped) == (0, 1)
    assert "1 redan inlästa tidigare" in later.message
    assert paid(world, case_id) == 300


def test_file_with_wrong_deposit_total_is_refused_naming_line_and_changes_nothing(world: World):
    case_id, ocr = debt_case(world)
    lines = bgmax_file(world, Paid(ocr, 300_00)).decode("latin-1").split("\r\n")
    lines[3] = lines[3].replace("000000000000030000SEK", "000000000000030100SEK")
    with pytest.raises(MalformedPaymentFile) as refused:
        import_(world, "\r\n".join(lines).encode("latin-1"))
    assert refused.value.line == 4
    assert refused.value.message.startswith("Filen avvisas och inget har ändrats: rad 4: ")
    assert "insättningsbeloppet 301,00 kr stämmer inte" in refused.value.message
    assert paid(world, case_id) == 0
    assert count(world, PaymentImport) == 0 and count(world, BankPayment) == 0


def test_deduction_takes_back_what_the_bank_reversed(world: World):
    case_id, ocr = debt_case(world)
    summary = import_(world, bgmax_file(world, Paid(ocr, 3000_00), Paid(ocr, -1000_00)))
    assert summary.registered == 2 and summary.total_ore == 2000_00
    assert paid(world, case_id) == 2000


def test_payment_that_pays_the_debt_is_settled_by_the_case_flow(world: World):
    case_id = to_decision_approval(world)
    world.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    run_automatic(world, case_id)
    first_due = (world.today + timedelta(days=30)).isoformat()
    world.complete(
        case_id, "repayment_plan", {"monthly_amount": 3000, "first_due_date": first_due}, "ekonomi"
    )
    debt = world.read(lambda s: s.exec(select(Debt).where(Debt.case_id == case_id)).one())
    assert debt.ocr == debt_ocr(world.read(lambda s: s.get(Case, case_id).case_number))
    with session_scope() as session:
        shown = case_view.read_case(session, world.actors["ekonomi"], case_id).debt
    assert shown is not None and shown.ocr == debt.ocr  # GET /api/cases/{id}: debt.ocr
    import_(world, bgmax_file(world, Paid(debt.ocr, TOTAL * 100)))
    wakes = world.read(
        lambda s: [w.wait_key for w in s.exec(select(Outbox).where(Outbox.case_id == case_id))]
    )
    assert f"repay-{debt.id}-0" in wakes
    assert automation.settle_repayment(case_id) is True
    assert stage_of(world, case_id) == Stage.CLOSED
    assert world.read(lambda s: s.get(Debt, debt.id).status) == DebtStatus.PAID
    # the plan the client signed tells them to pay with that OCR reference
    (plan,) = documents(world, case_id, "avbetalningsplan")
    text = document_text((get_settings().documents_path / plan.path).read_bytes())
    assert "OCR-nummer (skriv alltid)" in text and debt.ocr in text


def test_payment_to_a_paid_debt_waits_in_the_queue(world: World):
    case_id, ocr = debt_case(world)
    with session_scope() as session:
        debt = session.exec(select(Debt).where(Debt.case_id == case_id)).one()
        debt.status = DebtStatus.PAID
    import_(world, bgmax_file(world, Paid(ocr, 100_00)))
    (waiting,) = queue(world)
    assert (
        waiting.reason_text == "Skulden med det OCR-numret är inte öppen (betald eller efterskänkt)"
    )


def test_ekonomi_assigns_an_unmatched_payment_by_case_number(world: World):
    case_id, _ = debt_case(world)
    number = world.read(lambda s: s.get(Case, case_id).case_number)
    import_(world, bgmax_file(world, Paid("", 400_00, payer="Anna A")))
    (waiting,) = queue(world)
    with session_scope() as session:
        out = unmatched_payments.assign(
            session, world.actors["ekonomi"], waiting.id, AssignIn(case_number=number)
        )
    assert out.amount == 400
    assert paid(world, case_id) == 400
    assert queue(world) == []
    actions = world.read(
        lambda s: [
            a.action for a in s.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))
        ]
    )
    assert [a for a in actions if a != "case_read"] == [
        "payment_registered",
        "unmatched_payment_assigned",
    ]


def test_unmatched_deduction_assigned_takes_back(world: World):
    case_id, ocr = debt_case(world)
    import_(world, bgmax_file(world, Paid(ocr, 500_00)))
    import_(world, bgmax_file(world, Paid("", 500_00), Paid("", -200_00), serial=2))
    deduction = next(w for w in queue(world) if w.amount_ore < 0)
    with session_scope() as session:
        unmatched_payments.assign(
            session,
            world.actors["ekonomi"],
            deduction.id,
            AssignIn(
                debt_id=world.read(
                    lambda s: s.exec(select(Debt.id).where(Debt.case_id == case_id)).one()
                )
            ),
        )
    assert paid(world, case_id) == 300


def test_payment_returned_to_the_payer_leaves_the_queue(world: World):
    import_(world, bgmax_file(world, Paid("", 400_00)))
    (waiting,) = queue(world)
    with session_scope() as session:
        unmatched_payments.mark_returned(session, world.actors["ekonomi"], waiting.id)
    assert queue(world) == []
    assert count(world, Payment) == 0


def test_only_ekonomi_reads_the_banks_file(world: World):
    with pytest.raises(Forbidden):
        import_(world, bgmax_file(world, Paid("", 400_00)), user="utredare")


def test_csv_file_with_the_configured_columns_is_matched_as_bgmax(world: World):
    case_id, ocr = debt_case(world)
    day = world.today.isoformat()
    data = (
        "Bokföringsdag;Belopp;Referens;Avsändare\n"
        f"{day};1 250,00;{ocr};Test Testsson\n"
        f"{day};99,50;;Någon Annan\n"
    ).encode()
    summary = import_(world, data, file_format=FileFormat.CSV)
    assert (summary.file_format, summary.registered, summary.unmatched) == ("csv", 1, 1)
    assert paid(world, case_id) == 1250
    assert import_(world, data).already_imported


def test_csv_row_with_a_bad_amount_is_refused_naming_line(world: World):
    data = f"Bokföringsdag;Belopp;Referens;Avsändare\n{world.today};12 kr;1234;X\n".encode()
    with pytest.raises(MalformedPaymentFile, match="rad 2: beloppet '12 kr' är inget belopp"):
        import_(world, data, file_format=FileFormat.CSV)
    assert count(world, PaymentImport) == 0
