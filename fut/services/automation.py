"""The automatic stages, carried out by the case's flow run. Each is safe to run twice.

Every side effect is keyed by the history row that brought the case into the stage, so a
replayed flow run finds the document already stored and the move already made.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from fut import steps
from fut.auth import SYSTEM
from fut.db import session_scope
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import AUTOMATIC_STAGES, Stage
from fut.models import Case, WorkItem
from fut.rules.installments import to_pay
from fut.services import documents, workflow
from fut.services.debts import paid_amount, payment_count, require_debt
from fut.services.ledger import waived_amount


@dataclass(frozen=True)
class CaseState:
    """What the flow needs to know, with nothing personal in it."""

    case_number: str
    stage: str
    unit: str
    priority: str | None
    case_type: int | None
    wait_key: str | None
    flow_generation: int = 0  # the generation of the case's current flow run

    @property
    def waits_for_a_person(self) -> bool:
        """The case's run has nothing to do until a person completes the open step: no
        automatic stage to carry out, no repayment to settle, and the step's work item is
        there to wait for."""
        return (
            self.stage not in AUTOMATIC_STAGES
            and self.stage not in (Stage.REPAYMENT, Stage.CLOSED)
            and self.wait_key is not None
        )


def _wait_key(session: Session, case: Case) -> str | None:
    if case.stage == Stage.REPAYMENT:
        debt = require_debt(session, case)
        assert debt.id is not None
        return workflow.repayment_wait_key(debt.id, payment_count(session, debt.id))
    item = session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case.id,
            WorkItem.step == case.stage,
            WorkItem.status == WorkStatus.OPEN,
        )
    ).first()
    return workflow.item_wait_key(item.id) if item and item.id else None


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
            case.flow_generation,
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
            current = session.get(Case, case_id)
            assert current is not None
            return current.stage
        entry = workflow.latest_entry(session, case_id, stage)
        steps.automatic(stage).carry_out(session, case, f"{stage}-{entry.id if entry else 0}")
        return case.stage


def settle_repayment(case_id: int) -> bool:
    """In `repayment`: close the case when the debt is settled, paid or waived (eftergift).
    A paid debt gets its final notice (skuld_betald); a debt waived in whole has had its
    decision on eftergift already. True when it was closed."""
    with session_scope() as session:
        case = _locked_case(session, case_id, Stage.REPAYMENT)
        if case is None:
            return False
        debt = require_debt(session, case)
        assert debt.id is not None
        entry = workflow.latest_entry(session, case_id, Stage.REPAYMENT)
        documents.produce(
            session, case, "avbetalningsplan", f"repayment-{entry.id if entry else 0}", SYSTEM
        )
        if debt.status == DebtStatus.WAIVED:
            workflow.move(session, case, Stage.CLOSED, SYSTEM, "Skulden är efterskänkt")
            return True
        waived = waived_amount(session, debt.id)
        if paid_amount(session, debt.id) < to_pay(debt.amount, waived):
            return False
        debt.status = DebtStatus.PAID
        session.add(debt)
        # the final notice, keyed by the debt: a replayed run finds it already written
        documents.produce(session, case, "skuld_betald", f"settled-{debt.id}", SYSTEM)
        workflow.move(session, case, Stage.CLOSED, SYSTEM, "Skulden är betald")
        return True
