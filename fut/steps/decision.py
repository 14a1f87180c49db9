"""Beslut om återkrav: after the decision maker decided, the debt is recorded and the
decision written; then a police report when crime is suspected, else the plan or closing."""

from __future__ import annotations

from sqlmodel import Session, select

from fut.auth import SYSTEM
from fut.clock import today
from fut.enums import DecisionKind
from fut.lifecycle import Stage
from fut.models import Case, Debt, OverpaidMonth
from fut.services import documents, workflow
from fut.services.debts import case_debt, debt_ocr
from fut.services.decisions import crime_suspected, latest_decision, recovery_decided
from fut.steps.base import AutomaticStage


def recovers(session: Session, case: Case) -> bool:
    assert case.id is not None
    return recovery_decided(latest_decision(session, case.id, DecisionKind.RECOVERY))


def after_decision(session: Session, case: Case, reason: str) -> None:
    """On to the installment plan when the board recovers; else the case closes."""
    if recovers(session, case):
        workflow.move(session, case, Stage.REPAYMENT_PLAN, SYSTEM, reason)
    else:
        workflow.move(session, case, Stage.CLOSED, SYSTEM, "Inget återkrav; ärendet avslutas")


def carry_out(session: Session, case: Case, key: str) -> None:
    assert case.id is not None
    if recovers(session, case):
        if case_debt(session, case.id) is None:
            months = session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case.id))
            total = sum(m.overpaid for m in months)
            debt = Debt(
                case_id=case.id, amount=total, decided_on=today(), ocr=debt_ocr(case.case_number)
            )
            session.add(debt)
            session.flush()
        documents.produce(session, case, "beslut_aterkrav", key, SYSTEM)
    if crime_suspected(latest_decision(session, case.id, DecisionKind.INTENT)):
        workflow.move(session, case, Stage.POLICE_REPORT, SYSTEM, "Brott kan misstänkas")
    else:
        after_decision(session, case, "Beslut om återkrav fattat")


STEP = AutomaticStage(Stage.DECISION, "Beslut om återkrav", carry_out)
