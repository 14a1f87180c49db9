"""The queue of payments from the bank's file that found no debt by themselves: ekonomi
assigns each to a debt (by the debt's id or its case number) or marks it returned to the
payer. Assigning registers the payment as a payment typed in is registered."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fut import audit
from fut.auth import Actor
from fut.db import utcnow
from fut.enums import QueueReason
from fut.errors import Conflict, Forbidden, NotFound
from fut.import_schemas import AssignIn, UnmatchedOut
from fut.models import BankPayment, Case, Debt, row_id
from fut.schemas import PaymentIn, PaymentOut
from fut.services import payments
from fut.services.payment_imports import IMPORT_ROLES, REASON_TEXT


def _require(actor: Actor) -> None:
    if not actor.roles & IMPORT_ROLES:
        raise Forbidden("the queue of unmatched payments is worked by ekonomi")


def format_ore(amount_ore: int) -> str:
    """'1 250,00 kr', '−500,00 kr'."""
    sign = "−" if amount_ore < 0 else ""
    kr, ore = divmod(abs(amount_ore), 100)
    return f"{sign}{kr:,}".replace(",", "\u00a0") + f",{ore:02d}\u00a0kr"


def unmatched_out(row: BankPayment) -> UnmatchedOut:
    return UnmatchedOut(
        id=row_id(row),
        import_id=row.import_id,
        paid_on=row.paid_on,
        amount_ore=row.amount_ore,
        amount=format_ore(row.amount_ore),
        reference=row.reference,
        payer=row.payer,
        information=row.information,
        reason=row.reason,
        reason_text=REASON_TEXT.get(QueueReason(row.reason), row.reason) if row.reason else "",
    )


def list_unmatched(session: Session, actor: Actor, *, limit: int = 500) -> list[UnmatchedOut]:
    """The payments waiting for a person, oldest first."""
    _require(actor)
    stmt = (
        select(BankPayment)
        .where(col(BankPayment.queued).is_(True))
        .order_by(col(BankPayment.paid_on), col(BankPayment.id))
        .limit(limit)
    )
    rows = list(session.exec(stmt))
    audit.record(
        session,
        actor,
        "unmatched_payments_read",
        case_id=None,
        entity="bank_payment",
        count=len(rows),
    )
    return [unmatched_out(r) for r in rows]


def _queued(session: Session, bank_payment_id: int) -> BankPayment:
    row = session.exec(
        select(BankPayment).where(BankPayment.id == bank_payment_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"no unmatched payment {bank_payment_id}")
    if not row.queued:
        raise Conflict(f"payment {bank_payment_id} is not in the queue any more")
    return row


def _target(session: Session, data: AssignIn) -> Debt:
    if data.debt_id is not None:
        debt = session.get(Debt, data.debt_id)
        if debt is None:
            raise NotFound(f"no debt {data.debt_id}")
        return debt
    debt = session.exec(
        select(Debt)
        .join(Case, col(Case.id) == Debt.case_id)
        .where(Case.case_number == (data.case_number or "").strip())
    ).first()
    if debt is None:
        raise NotFound(f"no debt of case {data.case_number}")
    return debt


def assign(session: Session, actor: Actor, bank_payment_id: int, data: AssignIn) -> PaymentOut:
    """Register the queued payment on the debt: as a payment typed in (its case's flow run
    is woken; a debt it pays in full is settled by the flow). A deduction takes back."""
    _require(actor)
    row = _queued(session, bank_payment_id)
    debt = _target(session, data)
    if row.amount_ore % 100:
        raise Conflict(
            f"the amount {format_ore(row.amount_ore)} is not whole kronor: register it on the "
            "case by hand, or return it to the payer"
        )
    case = session.get(Case, debt.case_id)
    if case is None or not actor.sees_unit(case.unit):
        raise NotFound(f"no debt {debt.id}")
    if row.amount_ore > 0:
        out = payments.register_payment(
            session,
            actor,
            debt.case_id,
            PaymentIn(amount=row.amount_ore // 100, paid_on=row.paid_on, reference=row.reference),
        )
    else:
        out = payments.register_reversal(
            session, actor, debt.case_id, row.amount_ore // 100, row.paid_on, row.reference
        )
    payment_id = out.id
    row.debt_id = debt.id
    row.payment_id = payment_id
    _resolve(session, actor, row, "unmatched_payment_assigned", case_id=debt.case_id)
    return out


def mark_returned(session: Session, actor: Actor, bank_payment_id: int) -> None:
    """The payment was sent back to the payer: it leaves the queue, registered nowhere."""
    _require(actor)
    row = _queued(session, bank_payment_id)
    row.returned = True
    _resolve(session, actor, row, "unmatched_payment_returned", case_id=None)


def _resolve(
    session: Session, actor: Actor, row: BankPayment, action: str, *, case_id: int | None
) -> None:
    row.queued = False
    row.resolved_by = actor.username
    row.resolved_at = utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        action,
        case_id=case_id,
        entity="bank_payment",
        entity_id=row.id,
        amount_ore=row.amount_ore,
    )
