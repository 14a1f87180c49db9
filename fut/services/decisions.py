"""The decisions of a case (triage, intent, recovery): recording one, finding the latest."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fut.enums import DecisionKind, DecisionStatus, IntentAssessment, RecoveryOutcome
from fut.models import Decision, row_id
from fut.steps.base import Done


def latest_decision(session: Session, case_id: int, kind: DecisionKind) -> Decision | None:
    """The most recent decision (or proposal) of `kind` in the case."""
    stmt = (
        select(Decision)
        .where(Decision.case_id == case_id, Decision.kind == kind)
        .order_by(col(Decision.id).desc())
    )
    return session.exec(stmt).first()


def record_decision(
    done: Done,
    kind: DecisionKind,
    outcome: str,
    motivation: str,
    *,
    status: DecisionStatus = DecisionStatus.DECIDED,
) -> Decision:
    """The decision taken by completing `done`'s work item, proposed or decided by its actor."""
    decision = Decision(
        case_id=done.case_id,
        work_item_id=row_id(done.item),
        kind=kind,
        outcome=outcome,
        status=status,
        proposer_id=done.actor.user_id,
        motivation=motivation,
    )
    done.session.add(decision)
    return decision


def recovery_decided(decision: Decision | None) -> bool:
    """True when the board has decided to recover (not merely proposed it)."""
    return (
        decision is not None
        and decision.status == DecisionStatus.DECIDED
        and decision.outcome == RecoveryOutcome.RECOVER
    )


def crime_suspected(decision: Decision | None) -> bool:
    """True when the intent assessment found intent or gross negligence."""
    return decision is not None and decision.outcome in {
        IntentAssessment.INTENT,
        IntentAssessment.GROSS_NEGLIGENCE,
    }
