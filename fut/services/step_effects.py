"""What completing each human step records, and where the case goes next."""

from __future__ import annotations

from sqlmodel import Session, col, delete, select

from fut.auth import Actor
from fut.errors import Conflict, Invalid
from fut.lifecycle import Stage
from fut.models import Case, Debt, Decision, InstallmentPlan, OverpaidMonth, WorkItem
from fut.rules.applicable_law import RecoveryGround
from fut.rules.errors import RuleError
from fut.rules.overpayment import month_rows_from_income
from fut.steps import (
    ClientReplyPayload,
    DecisionApprovalPayload,
    DecisionProposalPayload,
    IntentPayload,
    InvestigationPayload,
    RepaymentPlanPayload,
    StepPayload,
    TriagePayload,
)


def latest_decision(session: Session, case_id: int, kind: str) -> Decision | None:
    stmt = (
        select(Decision)
        .where(Decision.case_id == case_id, Decision.kind == kind)
        .order_by(col(Decision.id).desc())
    )
    return session.exec(stmt).first()


def _decide(
    session: Session,
    actor: Actor,
    case: Case,
    item: WorkItem,
    kind: str,
    outcome: str,
    motivation: str,
) -> Decision:
    decision = Decision(
        case_id=case.id,
        work_item_id=item.id,
        kind=kind,
        outcome=outcome,
        proposer_id=actor.user_id,
        motivation=motivation,
    )
    session.add(decision)
    return decision


def _triage(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: TriagePayload
) -> tuple[Stage, str]:
    case.priority = data.priority
    case.case_type = data.case_type
    _decide(session, actor, case, item, "triage", data.outcome, data.reason)
    if data.outcome == "no_action":
        return Stage.CLOSING_NO_ACTION, "Förhandsbedömning: ingen åtgärd"
    return Stage.INVESTIGATION, "Förhandsbedömning: utredning inleds"


def _investigation(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: InvestigationPayload
) -> tuple[Stage, str]:
    ground = (
        RecoveryGround.INCORRECT_INFORMATION
        if data.law_paragraph == 1
        else RecoveryGround.SHOULD_HAVE_REALISED
    )
    try:
        rows = month_rows_from_income([m.model_dump() for m in data.months], ground=ground)
    except RuleError as exc:
        raise Invalid(str(exc), ("body", "months")) from None
    session.exec(delete(OverpaidMonth).where(col(OverpaidMonth.case_id) == case.id))
    income = {m.month: m.undeclared_income for m in data.months}
    for row in rows:
        session.add(
            OverpaidMonth(
                case_id=case.id,
                month=row.month,
                paid=row.paid,
                correct=row.correct,
                undeclared_income=income[row.month],
                overpaid=row.overpaid,
                law=row.citation,
            )
        )
    return Stage.COMMUNICATION, "Utredningen klar; resultatet kommuniceras"


def _client_reply(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: ClientReplyPayload
) -> tuple[Stage, str]:
    if actor.is_system:
        return Stage.INTENT, "Svarstiden gick ut utan svar"
    return Stage.INTENT, "Klienten har svarat" if data.replied else "Klienten har inte svarat"


def _intent(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: IntentPayload
) -> tuple[Stage, str]:
    _decide(session, actor, case, item, "intent", data.assessment, data.motivation)
    return Stage.DECISION_PROPOSAL, "Bedömning av uppsåt gjord"


def _proposal(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: DecisionProposalPayload
) -> tuple[Stage, str]:
    if data.recover:
        months = session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == case.id))
        if sum(m.overpaid for m in months) <= 0:
            raise Invalid(
                "the investigation found no overpaid amount to recover", ("body", "recover")
            )
    outcome = "proposed_recover" if data.recover else "proposed_no_recovery"
    _decide(session, actor, case, item, "recovery", outcome, data.motivation)
    return Stage.DECISION_APPROVAL, "Förslag till beslut lämnat för beslut"


def _approval(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: DecisionApprovalPayload
) -> tuple[Stage, str]:
    proposal = latest_decision(session, case.id, "recovery")  # type: ignore[arg-type]
    if proposal is None or not proposal.outcome.startswith("proposed_"):
        raise Conflict("there is no proposal to decide on")
    proposal.approver_id = actor.user_id
    if not data.approve:
        proposal.outcome = "returned"
        session.add(proposal)
        return Stage.DECISION_PROPOSAL, "Förslaget återförvisat: " + (
            data.comment or "utan kommentar"
        )
    proposal.outcome = proposal.outcome.removeprefix("proposed_")
    session.add(proposal)
    return Stage.DECISION, "Beslut fattat"


def _repayment_plan(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: RepaymentPlanPayload
) -> tuple[Stage, str]:
    debt = session.exec(select(Debt).where(Debt.case_id == case.id)).one()
    installments = -(-debt.amount // data.monthly_amount)
    session.add(
        InstallmentPlan(
            debt_id=debt.id,
            monthly_amount=data.monthly_amount,
            first_due_date=data.first_due_date,
            installments=installments,
            created_by=actor.username,
        )
    )
    return Stage.REPAYMENT, "Avbetalningsplan upprättad"


_EFFECTS = {
    Stage.TRIAGE: _triage,
    Stage.INVESTIGATION: _investigation,
    Stage.CLIENT_REPLY: _client_reply,
    Stage.INTENT: _intent,
    Stage.DECISION_PROPOSAL: _proposal,
    Stage.DECISION_APPROVAL: _approval,
    Stage.REPAYMENT_PLAN: _repayment_plan,
}


def apply(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: StepPayload
) -> tuple[Stage, str]:
    return _EFFECTS[Stage(item.step)](session, actor, case, item, data)  # type: ignore[operator]
