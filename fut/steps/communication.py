"""Kommunicering (förvaltningslagen 25 §): the investigation's result is sent to the client
with a reply date by lag (1930:173); the reply step opens, due on that date."""

from __future__ import annotations

from sqlmodel import Session

from fut.auth import SYSTEM
from fut.clock import today
from fut.lifecycle import Stage
from fut.models import Case
from fut.municipality import get_municipality
from fut.rules.deadlines import reply_deadline
from fut.rules.swedish_format import format_date
from fut.services import documents, workflow
from fut.steps.base import AutomaticStage


def carry_out(session: Session, case: Case, key: str) -> None:
    reply_by = reply_deadline(today(), get_municipality().reply_days)
    documents.produce(session, case, "kommunicering", key, SYSTEM, reply_by=reply_by)
    workflow.move(
        session,
        case,
        Stage.CLIENT_REPLY,
        SYSTEM,
        f"Kommuniceringsbrev skickat; svar senast {format_date(reply_by)}",
        due_on=reply_by,
    )


STEP = AutomaticStage(Stage.COMMUNICATION, "Kommunicering skickas", carry_out)
