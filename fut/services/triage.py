"""What the system proposes at triage: the case type (Södermalm routine, with the
stop-payment notice) and a priority explained in words. The investigator decides."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from fut.clock import today
from fut.models import Case, IncomingReport
from fut.municipality import get_municipality
from fut.rules.classification import propose_case_type
from fut.rules.priority import PriorityThresholds, propose_priority

STOP_PAYMENT_NOTICE = (
    "Felet misstänks pågå och klienten har fortfarande ekonomiskt bistånd: stoppa "
    "utbetalningen tills misstanken är utredd."
)


def proposal(session: Session, case: Case) -> dict[str, Any]:
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case.id)).one()
    classification = propose_case_type(
        report.period_from,
        report.period_to,
        report.ongoing,
        today(),
        still_on_assistance=report.still_on_assistance,
    )
    limits = get_municipality().priority
    priority = propose_priority(
        estimated_amount=report.estimated_amount,
        evidence_at_risk=report.evidence_at_risk,
        ongoing=report.ongoing,
        still_on_assistance=report.still_on_assistance,
        thresholds=PriorityThresholds(high_amount=limits.high_amount, low_amount=limits.low_amount),
    )
    return {
        "case_type": int(classification.case_type),
        "case_type_reason": classification.reason,
        "stop_payment": classification.stop_payment,
        "stop_payment_notice": STOP_PAYMENT_NOTICE if classification.stop_payment else None,
        "priority": str(priority.priority),
        "priority_reasons": list(priority.reasons),
    }


def deviations(session: Session, case: Case, case_type: int, priority: str) -> list[str]:
    """Where the investigator's choice differs from the proposal (recorded for the file)."""
    proposed = proposal(session, case)
    out = []
    if proposed["case_type"] != case_type:
        out.append(f"case_type {proposed['case_type']} -> {case_type}")
    if proposed["priority"] != priority:
        out.append(f"priority {proposed['priority']} -> {priority}")
    return out
