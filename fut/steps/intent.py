"""Bedömning av uppsåt: intent or gross negligence leads to a police report after the
decision (brottsbalken / bidragsbrottslagen)."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import Session

from fut.enums import DecisionKind, IntentAssessment
from fut.lifecycle import Role, Stage
from fut.models import Case
from fut.services.decisions import record_decision
from fut.steps import sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Text

ASSESSMENT_LABELS = {
    IntentAssessment.INTENT: "Uppsåt",
    IntentAssessment.GROSS_NEGLIGENCE: "Grov oaktsamhet",
    IntentAssessment.NONE: "Varken uppsåt eller grov oaktsamhet",
}


class IntentPayload(StepPayload):
    assessment: IntentAssessment = Field(
        title="Bedömning",
        json_schema_extra=ui(
            options=ASSESSMENT_LABELS,
            hint="Vid uppsåt eller grov oaktsamhet upprättas en polisanmälan efter beslutet.",
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
        sections.months(session, case),
        sections.investigation(session, case),
        sections.client_reply(session, case),
    ]


def complete(done: Done, data: IntentPayload) -> Next:
    record_decision(done, DecisionKind.INTENT, data.assessment, data.motivation)
    return Next(Stage.DECISION_PROPOSAL, "Bedömning av uppsåt gjord")


STEP = HumanStep(
    name=Stage.INTENT,
    title="Bedömning av uppsåt",
    roles=(Role.UTREDARE,),
    payload=IntentPayload,
    complete=complete,
    basis=basis,
)
