"""Ingen åtgärd: triage found nothing to investigate; the decision is written and the case
closes."""

from __future__ import annotations

from sqlmodel import Session

from fut.auth import SYSTEM
from fut.lifecycle import Stage
from fut.models import Case
from fut.services import documents, workflow
from fut.steps.base import AutomaticStage


def carry_out(session: Session, case: Case, key: str) -> None:
    documents.produce(session, case, "beslut_ingen_atgard", key, SYSTEM)
    workflow.move(session, case, Stage.CLOSED, SYSTEM, "Ärendet avslutat utan åtgärd")


STEP = AutomaticStage(Stage.CLOSING_NO_ACTION, "Beslut om ingen åtgärd", carry_out)
