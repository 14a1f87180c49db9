"""Bedömning av uppsåt: intent or gross negligence leads to a police report after the
decision (brottsbalken / bidragsbrottslagen)."""

from __future__ import annotations

from pydantic import Field

from fut.enums import DecisionKind, IntentAssessment
from fut.lifecycle import Role, Stage
from fut.services.decisions import record_decision
from fut.steps.base import Done, HumanStep, Next, StepPayload
from fut.validation import Text


class IntentPayload(StepPayload):
    assessment: IntentAssessment
    motivation: Text = Field(min_length=1, max_length=20000)


def complete(done: Done, data: IntentPayload) -> Next:
    record_decision(done, DecisionKind.INTENT, data.assessment, data.motivation)
    return Next(Stage.DECISION_PROPOSAL, "Bedömning av uppsåt gjord")


STEP = HumanStep(
    name=Stage.INTENT,
    title="Bedömning av uppsåt",
    roles=(Role.UTREDARE,),
    payload=IntentPayload,
    complete=complete,
)
