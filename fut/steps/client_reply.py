"""Kommunicering: the client's reply. The investigator records whether and what the client
answered (what the client said is required when they replied: the decision states it and
how it was weighed, förvaltningslagen 32 §); when the reply date passes without an answer, the
system completes the step."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import Session

from fut.errors import Invalid
from fut.lifecycle import Role, Stage
from fut.models import Case
from fut.steps import sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Text


class ClientReplyPayload(StepPayload):
    replied: bool = Field(
        title="Har klienten svarat?",
        json_schema_extra=ui(
            widget="radio",
            options={True: "Ja, klienten har svarat", False: "Nej, inget svar har kommit in"},
        ),
    )
    summary: Text = Field(
        default="",
        max_length=20000,
        title="Klientens svar i sammandrag",
        json_schema_extra=ui(
            widget="textarea",
            hint="Vad klienten invände eller förklarade, och hur svaret kom in. Krävs när "
            "klienten har svarat: det står i beslutet om återkrav (32 § förvaltningslagen).",
        ),
    )


def basis(session: Session, case: Case) -> list[Section]:
    return [sections.months(session, case), sections.investigation(session, case)]


def complete(done: Done, data: ClientReplyPayload) -> Next:
    if done.actor.is_system:
        return Next(Stage.INTENT, "Svarstiden gick ut utan svar")
    if data.replied and not data.summary.strip():
        raise Invalid("summary is required when the client replied", ("body", "summary"))
    return Next(Stage.INTENT, "Klienten har svarat" if data.replied else "Klienten har inte svarat")


STEP = HumanStep(
    name=Stage.CLIENT_REPLY,
    title="Kommunicering: klientens svar",
    roles=(Role.UTREDARE,),
    payload=ClientReplyPayload,
    complete=complete,
    basis=basis,
    deadline_payload={"replied": False, "summary": "Svarstiden gick ut utan att svar kom in."},
)
