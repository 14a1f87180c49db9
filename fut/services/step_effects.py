"""What completing each human step records, and where the case goes next."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, delete, select

from fut.auth import Actor
from fut.clock import today
from fut.errors import Conflict, Invalid
from fut.lifecycle import Stage
from fut.limits import MAX_INSTALLMENTS
from fut.models import Case, Debt, Decision, InstallmentPlan, OverpaidMonth, WorkItem
from fut.rules.applicable_law import RecoveryGround
from fut.rules.deadlines import add_period
from fut.rules.errors import RuleError
from fut.rules.overpayment import MonthInput as RuleMonth
from fut.rules.overpayment import Resource, specify
from fut.services import court, triage
from fut.steps import (
    RESOURCE_KIND_OF_ERROR,
    ClientReplyPayload,
    DecisionApprovalPayload,
    DecisionProposalPayload,
    ErrorType,
    IntentPayload,
    InvestigationPayload,
    MonthInput,
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
    overrides = triage.deviations(session, case, data.case_type, data.priority)
    case.priority = data.priority
    case.case_type = data.case_type
    decision = _decide(session, actor, case, item, "triage", data.outcome, data.reason)
    if overrides:
        decision.motivation = f"{data.reason}\n(Avviker från förslaget: {'; '.join(overrides)})"
    if data.outcome == "no_action":
        return Stage.CLOSING_NO_ACTION, "Förhandsbedömning: ingen åtgärd"
    return Stage.INVESTIGATION, "Förhandsbedömning: utredning inleds"


def _month_input(month: MonthInput, error_type: ErrorType) -> RuleMonth:
    resources = [Resource(r.kind, r.amount, r.member) for r in month.resources]
    if month.undeclared_income:
        resources.insert(0, Resource(RESOURCE_KIND_OF_ERROR[error_type], month.undeclared_income))
    return RuleMonth(
        month=month.month,
        paid=month.paid,
        resources=tuple(resources),
        correct_amount=month.correct_amount,
        already_corrected=month.already_corrected,
        reason=month.reason,
        payment_date=month.payment_date,
    )


def _investigation(
    session: Session, actor: Actor, case: Case, item: WorkItem, data: InvestigationPayload
) -> tuple[Stage, str]:
    ground = (
        RecoveryGround.INCORRECT_INFORMATION
        if data.law_paragraph == 1
        else RecoveryGround.SHOULD_HAVE_REALISED
    )
    try:
        spec = specify([_month_input(m, data.error_type) for m in data.months], ground=ground)
    except RuleError as exc:
        raise Invalid(str(exc), ("body", "months")) from None
    session.exec(delete(OverpaidMonth).where(col(OverpaidMonth.case_id) == case.id))
    given = {m.month: m for m in data.months}
    stored = []
    for row in spec.rows:
        month = given[row.month]
        resources = [r.model_dump(mode="json") for r in month.resources]
        if month.undeclared_income:
            kind = RESOURCE_KIND_OF_ERROR[data.error_type].value
            resources.insert(0, {"kind": kind, "amount": month.undeclared_income, "member": None})
        stored.append(
            OverpaidMonth(
                case_id=case.id,
                month=row.month,
                paid=row.paid,
                correct=row.correct,
                undeclared_income=sum(r["amount"] for r in resources),
                overpaid=row.overpaid,
                already_corrected=row.already_corrected,
                reason=row.reason,
                payment_date=row.payment_date,
                resources=resources,
                law=row.citation,
            )
        )
    session.add_all(stored)
    court.schedule_warning(session, case, stored)
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
    if installments > MAX_INSTALLMENTS:
        raise Invalid(
            f"{data.monthly_amount} kr a month would take {installments} months to repay "
            f"{debt.amount} kr; a plan may run at most {MAX_INSTALLMENTS} months",
            ("body", "monthly_amount"),
        )
    if not date(2000, 1, 1) <= data.first_due_date <= add_period(today(), months=12):
        raise Invalid(
            "first_due_date must lie within a year from today", ("body", "first_due_date")
        )
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
