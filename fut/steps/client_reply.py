"""Kommunicering: the client's reply. The investigator records whether and what the client
answered; when the reply date passes without an answer, the system completes the step."""

from __future__ import annotations

from pydantic import Field

from fut.lifecycle import Role, Stage
from fut.steps.base import Done, HumanStep, Next, StepPayload
from fut.validation import Text


class ClientReplyPayload(StepPayload):
    replied: bool
    summary: Text = Field(default="", max_length=20000)


def complete(done: Done, data: ClientReplyPayload) -> Next:
    if done.actor.is_system:
        return Next(Stage.INTENT, "Svarstiden gick ut utan svar")
    return Next(Stage.INTENT, "Klienten har svarat" if data.replied else "Klienten har inte svarat")


STEP = HumanStep(
    name=Stage.CLIENT_REPLY,
    title="Kommunicering: klientens svar",
    roles=(Role.UTREDARE,),
    payload=ClientReplyPayload,
    complete=complete,
    deadline_payload={"replied": False, "summary": "Svarstiden gick ut utan att svar kom in."},
)
