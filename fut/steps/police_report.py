"""Polisanmälan: with intent or gross negligence suspected, the police report is written;
the case then goes on as after the decision."""

from __future__ import annotations

from sqlmodel import Session

from fut.auth import SYSTEM
from fut.lifecycle import Stage
from fut.models import Case
from fut.services import documents
from fut.steps.base import AutomaticStage
from fut.steps.decision import after_decision


def carry_out(session: Session, case: Case, key: str) -> None:
    documents.produce(session, case, "polisanmalan", key, SYSTEM)
    after_decision(session, case, "Polisanmälan upprättad")


STEP = AutomaticStage(Stage.POLICE_REPORT, "Polisanmälan", carry_out)
