"""Registering payments on a case's debt; the case's flow run is woken to follow up."""

from __future__ import annotations

from sqlmodel import Session, select

from fut import audit
from fut.auth import Actor
from fut.errors import Conflict, Forbidden
from fut.lifecycle import Role, Stage
from fut.models import Debt, Payment
from fut.schemas import PaymentIn, PaymentOut
from fut.services import workflow
from fut.services.cases import load_case

PAYMENT_ROLES = {Role.EKONOMI, Role.UTREDARE}


def register_payment(session: Session, actor: Actor, case_id: int, data: PaymentIn) -> PaymentOut:
    if not actor.roles & PAYMENT_ROLES:
        raise Forbidden("payments are registered by ekonomi or utredare")
    case = load_case(session, actor, case_id, for_update=True)
    debt = session.exec(select(Debt).where(Debt.case_id == case.id)).first()
    if debt is None:
        raise Conflict(f"case {case.case_number} has no decided debt to pay")
    if debt.status != "open":
        raise Conflict(f"the debt of case {case.case_number} is {debt.status} already")
    before = workflow.payment_count(session, debt.id)  # type: ignore[arg-type]
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
        workflow.enqueue_wake(session, case.id, workflow.repayment_wait_key(debt.id, before))  # type: ignore[arg-type]
    return PaymentOut(
        id=payment.id,
        amount=payment.amount,
        paid_on=payment.paid_on,  # type: ignore[arg-type]
        reference=payment.reference,
    )
