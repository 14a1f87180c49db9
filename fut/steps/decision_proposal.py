"""Förslag till beslut: the investigator proposes whether to recover; the decision maker
decides in the next step (four-eyes). When the client answered the kommunicering, the
proposal says how their views were weighed (`reply_assessment`): the decision states it
beside what the client said (förvaltningslagen 32 §)."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import Session, col, select

from fut.enums import DecisionKind, DecisionStatus, RecoveryOutcome, WorkStatus
from fut.errors import Invalid
from fut.lifecycle import Role, Stage
from fut.models import Case, OverpaidMonth, WorkItem, row_id
from fut.services import documents
from fut.services.decisions import record_decision
from fut.steps import sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Text


class DecisionProposalPayload(StepPayload):
    recover: bool = Field(
        title="Förslag",
        json_schema_extra=ui(
            widget="radio",
            options={
                True: "Återkrav av det felaktigt utbetalda beloppet",
                False: "Inget återkrav",
            },
        ),
    )
    motivation: Text = Field(
        min_length=1,
        max_length=20000,
        title="Motivering",
        json_schema_extra=ui(widget="textarea"),
    )
    reply_assessment: Text = Field(
        default="",
        max_length=20000,
        title="Bedömning av klientens synpunkter",
        json_schema_extra=ui(
            widget="textarea",
            hint="Krävs när klienten har svarat: hur nämnden har vägt det klienten framförde. "
            "Det står i beslutet om återkrav.",
        ),
    )


def basis(session: Session, case: Case) -> list[Section]:
    return [
        *sections.returned(session, case),
        sections.months(session, case),
        sections.investigation(session, case),
        sections.client_reply(session, case),
        sections.intent(session, case),
    ]


def client_replied(session: Session, case_id: int) -> bool:
    """The client answered the kommunicering (the latest client_reply step says so)."""
    item = session.exec(
        select(WorkItem)
        .where(
            WorkItem.case_id == case_id,
            WorkItem.step == Stage.CLIENT_REPLY,
            WorkItem.status == WorkStatus.DONE,
        )
        .order_by(col(WorkItem.id).desc())
    ).first()
    return bool(item and item.payload and item.payload.get("replied"))


def complete(done: Done, data: DecisionProposalPayload) -> Next:
    if client_replied(done.session, done.case_id) and not data.reply_assessment.strip():
        raise Invalid(
            "reply_assessment is required when the client replied",
            ("body", "reply_assessment"),
        )
    if data.recover:
        months = done.session.exec(
            select(OverpaidMonth).where(OverpaidMonth.case_id == done.case_id)
        )
        if sum(m.overpaid for m in months) <= 0:
            raise Invalid(
                "the investigation found no overpaid amount to recover", ("body", "recover")
            )
    outcome = RecoveryOutcome.RECOVER if data.recover else RecoveryOutcome.NO_RECOVERY
    record_decision(
        done, DecisionKind.RECOVERY, outcome, data.motivation, status=DecisionStatus.PROPOSED
    )
    # the decision maker's basis, one per proposal (a returned and renewed proposal gets its own)
    documents.produce(
        done.session, done.case, "beslutsunderlag", f"proposal-{row_id(done.item)}", done.actor
    )
    return Next(Stage.DECISION_APPROVAL, "Förslag till beslut lämnat för beslut")


STEP = HumanStep(
    name=Stage.DECISION_PROPOSAL,
    title="Förslag till beslut",
    roles=(Role.UTREDARE,),
    payload=DecisionProposalPayload,
    complete=complete,
    basis=basis,
)
