"""Förslag till beslut: the investigator proposes whether to recover; the decision maker
decides in the next step (four-eyes)."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import Session, select

from fut.enums import DecisionKind, DecisionStatus, RecoveryOutcome
from fut.errors import Invalid
from fut.lifecycle import Role, Stage
from fut.models import Case, OverpaidMonth, row_id
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


def basis(session: Session, case: Case) -> list[Section]:
    return [
        *sections.returned(session, case),
        sections.months(session, case),
        sections.investigation(session, case),
        sections.client_reply(session, case),
        sections.intent(session, case),
    ]


def complete(done: Done, data: DecisionProposalPayload) -> Next:
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
