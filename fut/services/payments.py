"""Registering payments on a case's debt; the case's flow run is woken to follow up."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from fut import audit
from fut.auth import Actor
from fut.db import is_postgres, utcnow
from fut.enums import DebtStatus, OutboxKind, OutboxStatus
from fut.errors import Conflict, Forbidden
from fut.lifecycle import Role, Stage
from fut.models import Case, Payment
from fut.schemas import PaymentIn, PaymentOut
from fut.services import bulk, workflow
from fut.services.cases import load_case
from fut.services.debts import payment_count, require_debt

PAYMENT_ROLES = {Role.EKONOMI, Role.UTREDARE}


def register_payment(session: Session, actor: Actor, case_id: int, data: PaymentIn) -> PaymentOut:
    return _register(session, actor, case_id, data.amount, data.paid_on, data.reference)


def register_reversal(
    session: Session, actor: Actor, case_id: int, amount: int, paid_on: date, reference: str
) -> PaymentOut:
    """What the bank took back (a deduction in its file, `amount` below zero), registered
    on the case's debt as a payment is: the paid amount goes down by as much."""
    if amount >= 0:
        raise ValueError("a reversal takes back: its amount is below zero")
    return _register(session, actor, case_id, amount, paid_on, reference)


def _register(
    session: Session, actor: Actor, case_id: int, amount: int, paid_on: date, reference: str
) -> PaymentOut:
    if not actor.roles & PAYMENT_ROLES:
        raise Forbidden("payments are registered by ekonomi or utredare")
    case = load_case(session, actor, case_id, for_update=True)
    debt = require_debt(session, case)
    assert case.id is not None and debt.id is not None
    if debt.status != DebtStatus.OPEN:
        raise Conflict(f"the debt of case {case.case_number} is {debt.status} already")
    before = payment_count(session, debt.id)
    payment = Payment(
        debt_id=debt.id,
        amount=amount,
        paid_on=paid_on,
        reference=reference or case.case_number,
        registered_by=actor.username,
    )
    session.add(payment)
    session.flush()
    audit.record(
        session,
        actor,
        "payment_registered",
        case_id=case.id,
        entity="payment",
        entity_id=payment.id,
        amount=amount,
    )
    if case.stage == Stage.REPAYMENT:
        workflow.enqueue_wake(session, case.id, workflow.repayment_wait_key(debt.id, before))
    return PaymentOut(
        id=payment.id,
        amount=payment.amount,
        paid_on=payment.paid_on,
        reference=payment.reference,
    )


@dataclass(slots=True)
class NewPayment:
    """A payment found in a bank's file, towards an open debt (matched by its OCR)."""

    debt_id: int
    case_id: int
    amount: int
    """Whole kronor; negative when the bank took a payment back (a deduction)."""
    paid_on: date
    reference: str


def register_payments(
    session: Session, actor: Actor, rows: Sequence[NewPayment], *, source: str, source_id: int
) -> None:
    """Register many payments at once (a bank's file, `source` `source_id`), as
    `register_payment` registers one: the payment rows; a wake for every case in
    `repayment`, keyed by the number of payments its debt had before (the wait its flow run
    is in), so that a debt now paid is settled by the case's flow exactly as after a payment
    typed in; the cases locked as `register_payment` locks its case. Bulk statements (COPY
    on PostgreSQL), and one audit event per case (`payments_registered`: how many, how much,
    from which file) instead of one per payment."""
    if not actor.roles & PAYMENT_ROLES:
        raise Forbidden("payments are registered by ekonomi or utredare")
    if not rows:
        return
    waiting = _lock_cases_in_repayment(session, sorted({r.case_id for r in rows}))
    before = _payment_counts(session, [r.debt_id for r in rows if r.case_id in waiting])
    now = utcnow()
    bulk.insert_rows(
        session,
        "payment",
        ("debt_id", "amount", "paid_on", "reference", "registered_by", "registered_at"),
        ((r.debt_id, r.amount, r.paid_on, r.reference, actor.username, now) for r in rows),
    )
    per_case: dict[int, list[int]] = {}
    for r in rows:
        total = per_case.setdefault(r.case_id, [0, 0])
        total[0] += 1
        total[1] += r.amount
    bulk.insert_rows(
        session,
        "auditevent",
        ("at", "actor", "action", "case_id", "entity", "entity_id", "detail"),
        (
            (
                now,
                actor.username,
                "payments_registered",
                case_id,
                source,
                source_id,
                {"payments": n, "amount": amount},
            )
            for case_id, (n, amount) in sorted(per_case.items())
        ),
    )
    woken = {r.case_id: r.debt_id for r in rows if r.case_id in waiting}
    bulk.insert_rows(
        session,
        "outbox",
        (
            "case_id",
            "kind",
            "wait_key",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
        ),
        (
            (
                case_id,
                OutboxKind.WAKE.value,
                workflow.repayment_wait_key(debt_id, before.get(debt_id, 0)),
                OutboxStatus.PENDING.value,
                0,
                now,
                "",
                now,
            )
            for case_id, debt_id in sorted(woken.items())
        ),
    )


def _lock_cases_in_repayment(session: Session, case_ids: list[int]) -> set[int]:
    """Lock the cases (in id order, as one use case at a time locks one); those in
    `repayment`, whose flow runs wait for payments."""
    waiting: set[int] = set()
    for chunk in _chunks(case_ids):
        stmt = select(Case.id, Case.stage).where(col(Case.id).in_(chunk)).order_by(col(Case.id))
        if is_postgres(session):
            stmt = stmt.with_for_update()
        waiting |= {
            cid for cid, stage in session.exec(stmt) if cid is not None and stage == Stage.REPAYMENT
        }
    return waiting


def _payment_counts(session: Session, debt_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for chunk in _chunks(sorted(set(debt_ids))):
        stmt = (
            select(Payment.debt_id, func.count())
            .where(col(Payment.debt_id).in_(chunk))
            .group_by(col(Payment.debt_id))
        )
        counts.update({debt_id: int(n) for debt_id, n in session.exec(stmt)})
    return counts


def _chunks(ids: list[int], size: int = 50_000) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
