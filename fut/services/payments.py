"""Registering payments on a case's debt; the case's flow run is woken to follow up."""

from __future__ import annotations

from sqlmodel import Session

from fut import audit
from fut.auth import Actor
from fut.enums import DebtStatus
from fut.errors import Conflict, Forbidden
from fut.lifecycle import Role, Stage
from fut.models import Payment
from fut.schemas import PaymentIn, PaymentOut
from fut.services import workflow
from fut.services.cases import load_case
from fut.services.debts import payment_count, require_debt

PAYMENT_ROLES = {Role.EKONOMI, Role.UTREDARE}


def register_payment(session: Session, actor: Actor, case_id: int, data: PaymentIn) -> PaymentOut:
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
        amount=data.amount,
        paid_on=data.paid_on,
        reference=data.reference or case.case_number,
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
        amount=data.amount,
    )
    if case.stage == Stage.REPAYMENT:
        workflow.enqueue_wake(session, case.id, workflow.repayment_wait_key(debt.id, before))
    return PaymentOut(
        id=payment.id,
        amount=payment.amount,
        paid_on=payment.paid_on,
        reference=payment.reference,
    )
