"""The automatic stages, carried out by the case's flow run. Each is safe to run twice.

Every side effect is keyed by the history row that brought the case into the stage, so a
replayed flow run finds the document already stored and the move already made.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from fut.auth import SYSTEM
from fut.clock import today
from fut.db import session_scope
from fut.lifecycle import AUTOMATIC_STAGES, Stage
from fut.models import Case, Debt, OverpaidMonth, Payment
from fut.municipality import get_municipality
from fut.rules.deadlines import reply_deadline
from fut.services import documents, workflow
from fut.services.step_effects import latest_decision


@dataclass(frozen=True)
class CaseState:
    """What the flow needs to know, with nothing personal in it."""

    case_number: str
    stage: str
    unit: str
    priority: str | None
    case_type: int | None
    wait_key: str | None


def _wait_key(session: Session, case: Case) -> str | None:
    from fut.models import WorkItem

    if case.stage == Stage.REPAYMENT:
        debt = session.exec(select(Debt).where(Debt.case_id == case.id)).one()
        return workflow.repayment_wait_key(debt.id, workflow.payment_count(session, debt.id))  # type: ignore[arg-type]
    item = session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case.id, WorkItem.step == case.stage, WorkItem.status == "open"
        )
    ).first()
    return workflow.item_wait_key(item.id) if item else None  # type: ignore[arg-type]


def case_state(case_id: int) -> CaseState:
    with session_scope() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise LookupError(f"no case {case_id}")
        return CaseState(
            case.case_number,
            case.stage,
            case.unit,
            case.priority,
            case.case_type,
            _wait_key(session, case),
        )


def _locked_case(session: Session, case_id: int, stage: str) -> Case | None:
    case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).one()
    return case if case.stage == stage else None


def run_automatic_stage(case_id: int, stage: str) -> str:
    """Carry out `stage` for the case if it is still there; return the stage it is in after."""
    assert stage in AUTOMATIC_STAGES, stage
    with session_scope() as session:
        case = _locked_case(session, case_id, stage)
        if case is None:
            return session.get(Case, case_id).stage  # type: ignore[union-attr]
        entry = workflow.latest_entry(session, case_id, stage)
        key = f"{stage}-{entry.id if entry else 0}"
        _STAGES[Stage(stage)](session, case, key)
        return case.stage


def _closing_no_action(session: Session, case: Case, key: str) -> None:
    documents.produce(session, case, "beslut_ingen_atgard", key, SYSTEM)
    workflow.move(session, case, Stage.CLOSED, SYSTEM, "Ärendet avslutat utan åtgärd")


def _communication(session: Session, case: Case, key: str) -> None:
    reply_by = reply_deadline(today(), get_municipality().reply_days)
    documents.produce(session, case, "kommunicering", key, SYSTEM, reply_by=reply_by)
    workflow.move(
        session,
        case,
        Stage.CLIENT_REPLY,
        SYSTEM,
        f"Kommuniceringsbrev skickat; svar senast {reply_by.isoformat()}",
        due_on=reply_by,
    )


def _police_report_needed(session: Session, case: Case) -> bool:
    intent = latest_decision(session, case.id, "intent")  # type: ignore[arg-type]
    return intent is not None and intent.outcome in {"intent", "gross_negligence"}


def _recovery_decided(session: Session, case: Case) -> bool:
    decision = latest_decision(session, case.id, "recovery")  # type: ignore[arg-type]
    return decision is not None and decision.outcome == "recover"


def _decision(session: Session, case: Case, key: str) -> None:
    if _recovery_decided(session, case):
        existing = session.exec(select(Debt).where(Debt.case_id == case.id)).first()
        if existing is None:
            months = session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case.id))
            total = sum(m.overpaid for m in months)
            session.add(Debt(case_id=case.id, amount=total, decided_on=today()))
            session.flush()
        documents.produce(session, case, "beslut_aterkrav", key, SYSTEM)
    if _police_report_needed(session, case):
        workflow.move(session, case, Stage.POLICE_REPORT, SYSTEM, "Brott kan misstänkas")
    else:
        _after_decision(session, case, "Beslut om återkrav fattat")


def _after_decision(session: Session, case: Case, reason: str) -> None:
    if _recovery_decided(session, case):
        workflow.move(session, case, Stage.REPAYMENT_PLAN, SYSTEM, reason)
    else:
        workflow.move(session, case, Stage.CLOSED, SYSTEM, "Inget återkrav; ärendet avslutas")


def _police_report(session: Session, case: Case, key: str) -> None:
    documents.produce(session, case, "polisanmalan", key, SYSTEM)
    _after_decision(session, case, "Polisanmälan upprättad")


_STAGES = {
    Stage.CLOSING_NO_ACTION: _closing_no_action,
    Stage.COMMUNICATION: _communication,
    Stage.DECISION: _decision,
    Stage.POLICE_REPORT: _police_report,
}


def settle_repayment(case_id: int) -> bool:
    """In `repayment`: close the case when the debt is paid. True when it was closed."""
    with session_scope() as session:
        case = _locked_case(session, case_id, Stage.REPAYMENT)
        if case is None:
            return False
        debt = session.exec(select(Debt).where(Debt.case_id == case_id)).one()
        entry = workflow.latest_entry(session, case_id, Stage.REPAYMENT)
        documents.produce(
            session, case, "avbetalningsplan", f"repayment-{entry.id if entry else 0}", SYSTEM
        )
        paid = sum(
            p.amount for p in session.exec(select(Payment).where(Payment.debt_id == debt.id))
        )
        if paid < debt.amount:
            return False
        debt.status = "paid"
        session.add(debt)
        workflow.move(session, case, Stage.CLOSED, SYSTEM, "Skulden är betald")
        return True
