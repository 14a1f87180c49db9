"""The debt of a case and what has been paid on it: one place for each question."""

from __future__ import annotations

from sqlmodel import Session, func, select

from fut.errors import Conflict
from fut.models import Case, Debt, InstallmentPlan, Payment
from fut.municipality import get_municipality
from fut.rules import ocr


def case_debt(session: Session, case_id: int, *, lock: bool = False) -> Debt | None:
    """The decided debt of the case, or None before a recovery decision."""
    stmt = select(Debt).where(Debt.case_id == case_id)
    if lock:
        stmt = stmt.with_for_update()
    return session.exec(stmt).first()


def debt_ocr(case_number: str) -> str:
    """The OCR reference of the case's debt, by the municipality's bankgiro agreement."""
    return ocr.generate(case_number, length_digit=get_municipality().payments.ocr_length_digit)


def require_debt(session: Session, case: Case, *, lock: bool = False) -> Debt:
    """The case's debt; a Conflict names the case when none is decided."""
    assert case.id is not None
    debt = case_debt(session, case.id, lock=lock)
    if debt is None:
        raise Conflict(f"case {case.case_number} has no decided debt")
    return debt


def debt_plan(session: Session, debt_id: int) -> InstallmentPlan | None:
    return session.exec(select(InstallmentPlan).where(InstallmentPlan.debt_id == debt_id)).first()


def paid_amount(session: Session, debt_id: int) -> int:
    stmt = select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.debt_id == debt_id)
    return int(session.exec(stmt).one())


def payment_count(session: Session, debt_id: int) -> int:
    stmt = select(func.count()).select_from(Payment).where(Payment.debt_id == debt_id)
    return int(session.exec(stmt).one())
