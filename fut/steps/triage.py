"""Förhandsbedömning (triage): the investigator decides whether a report is investigated,
with the case type, priority and stop-payment notice the rules propose beside it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from sqlmodel import Session, select

from fut.clock import today
from fut.enums import DecisionKind, TriageOutcome
from fut.lifecycle import Role, Stage
from fut.models import Case, IncomingReport
from fut.municipality import get_municipality
from fut.rules.classification import Classification, propose_case_type
from fut.rules.errors import RuleError
from fut.rules.priority import PriorityThresholds, propose_priority
from fut.services.decisions import record_decision
from fut.steps import sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Text

STOP_PAYMENT_NOTICE = (
    "Felet misstänks pågå och klienten har fortfarande ekonomiskt bistånd: stoppa "
    "utbetalningen tills misstanken är utredd."
)

NO_CASE_TYPE = (
    "Inget förslag till ärendetyp: anmälans period ligger efter dagens datum. "
    "Bedöm ärendetypen utifrån anmälan."
)


class TriagePayload(StepPayload):
    outcome: TriageOutcome = Field(
        title="Bedömning",
        json_schema_extra=ui(
            options={
                TriageOutcome.INVESTIGATE: "Ärendet utreds",
                TriageOutcome.NO_ACTION: "Ärendet avslutas utan åtgärd",
            }
        ),
    )
    priority: Literal["high", "normal", "low"] = Field(
        title="Prioritet", json_schema_extra=ui(options=sections.PRIORITY)
    )
    case_type: Literal[1, 2, 3] = Field(
        title="Ärendetyp",
        json_schema_extra=ui(
            options={
                1: "Typ 1 – uppkom de senaste tre månaderna: rättas i kommande normberäkning",
                2: "Typ 2 – äldre än tre månader och pågår inte: återkrav efter utredning",
                3: "Typ 3 – äldre än tre månader och misstänks pågå: utbetalningen stoppas",
            }
        ),
    )
    reason: Text = Field(
        min_length=1,
        max_length=5000,
        title="Motivering",
        json_schema_extra=ui(
            widget="textarea",
            hint="Skriv varför. Avviker du från förslaget, förklara varför.",
        ),
    )


def proposal(session: Session, case: Case) -> dict[str, Any]:
    """What the rules propose for the case: type (Södermalm routine), stop payment, priority."""
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case.id)).one()
    try:
        classification: Classification | None = propose_case_type(
            report.period_from,
            report.period_to,
            report.ongoing,
            today(),
            still_on_assistance=report.still_on_assistance,
        )
    except RuleError:  # e.g. a period after today when the clock was moved back: no proposal
        classification = None
    limits = get_municipality().priority
    priority = propose_priority(
        estimated_amount=report.estimated_amount,
        evidence_at_risk=report.evidence_at_risk,
        ongoing=report.ongoing,
        still_on_assistance=report.still_on_assistance,
        thresholds=PriorityThresholds(high_amount=limits.high_amount, low_amount=limits.low_amount),
    )
    stop_payment = classification is not None and classification.stop_payment
    return {
        "case_type": int(classification.case_type) if classification else None,
        "case_type_reason": classification.reason if classification else NO_CASE_TYPE,
        "stop_payment": stop_payment,
        "stop_payment_notice": STOP_PAYMENT_NOTICE if stop_payment else None,
        "priority": str(priority.priority),
        "priority_reasons": list(priority.reasons),
    }


def _deviations(proposed: dict[str, Any], data: TriagePayload) -> list[str]:
    """Where the investigator's choice differs from the proposal (recorded for the file)."""
    out = []
    if proposed["case_type"] is not None and proposed["case_type"] != data.case_type:
        out.append(f"ärendetyp {proposed['case_type']} → {data.case_type}")
    if proposed["priority"] != data.priority:
        before, after = (
            sections.PRIORITY[p].lower() for p in (proposed["priority"], data.priority)
        )
        out.append(f"prioritet {before} → {after}")
    return out


def complete(done: Done, data: TriagePayload) -> Next:
    overrides = _deviations(proposal(done.session, done.case), data)
    done.case.priority = data.priority
    done.case.case_type = data.case_type
    motivation = data.reason
    if overrides:
        motivation = f"{data.reason}\n(Avviker från förslaget: {'; '.join(overrides)})"
    record_decision(done, DecisionKind.TRIAGE, data.outcome, motivation)
    if data.outcome == TriageOutcome.NO_ACTION:
        return Next(Stage.CLOSING_NO_ACTION, "Förhandsbedömning: ingen åtgärd")
    return Next(Stage.INVESTIGATION, "Förhandsbedömning: utredning inleds")


def basis(session: Session, case: Case) -> list[Section]:
    return [sections.triage_proposal(proposal(session, case)), sections.report(session, case)]


def prefill(session: Session, case: Case) -> dict[str, Any]:
    """The form starts from what the rules propose."""
    proposed = proposal(session, case)
    start: dict[str, Any] = {"priority": proposed["priority"]}
    if proposed["case_type"] is not None:
        start["case_type"] = proposed["case_type"]
    return start


STEP = HumanStep(
    name=Stage.TRIAGE,
    title="Förhandsbedömning",
    roles=(Role.UTREDARE,),
    payload=TriagePayload,
    complete=complete,
    details=lambda session, case: {"proposal": proposal(session, case)},
    basis=basis,
    prefill=prefill,
)
