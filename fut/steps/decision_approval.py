"""Beslut: the decision maker (by delegation) approves or returns the proposal. Four-eyes:
whoever proposed may neither claim nor complete this step."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import Session

from fut.auth import Actor
from fut.enums import DecisionKind, DecisionStatus
from fut.errors import Conflict, Forbidden
from fut.lifecycle import Role, Stage
from fut.models import WorkItem
from fut.services.decisions import latest_decision
from fut.steps import sections
from fut.steps.base import Done, HumanStep, Next, StepPayload, ui
from fut.validation import Text


class DecisionApprovalPayload(StepPayload):
    approve: bool = Field(
        title="Beslut",
        json_schema_extra=ui(
            widget="buttons",
            options={
                True: "Fatta beslut enligt förslaget",
                False: "Återförvisa förslaget till utredaren",
            },
        ),
    )
    comment: Text = Field(
        default="",
        max_length=5000,
        title="Kommentar",
        json_schema_extra=ui(
            widget="textarea", hint="Skriv vad som ska kompletteras om du återförvisar förslaget."
        ),
    )


def not_the_proposer(session: Session, item: WorkItem, actor: Actor) -> None:
    """Four-eyes: a decision is never approved by the one who proposed it."""
    proposal = latest_decision(session, item.case_id, DecisionKind.RECOVERY)
    if proposal is not None and proposal.proposer_id == actor.user_id:
        raise Forbidden("the decision must be approved by someone other than its proposer")


def complete(done: Done, data: DecisionApprovalPayload) -> Next:
    proposal = latest_decision(done.session, done.case_id, DecisionKind.RECOVERY)
    if proposal is None or proposal.status != DecisionStatus.PROPOSED:
        raise Conflict("there is no proposal to decide on")
    proposal.approver_id = done.actor.user_id
    done.session.add(proposal)
    if not data.approve:
        proposal.status = DecisionStatus.RETURNED
        comment = data.comment or "utan kommentar"
        return Next(Stage.DECISION_PROPOSAL, f"Förslaget återförvisat: {comment}")
    proposal.status = DecisionStatus.DECIDED
    return Next(Stage.DECISION, "Beslut fattat")


STEP = HumanStep(
    name=Stage.DECISION_APPROVAL,
    title="Beslut",
    roles=(Role.BESLUTSFATTARE, Role.CHEF),
    payload=DecisionApprovalPayload,
    complete=complete,
    guards=(not_the_proposer,),
    basis=sections.decision_basis,
)
