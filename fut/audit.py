"""The audit log: every read and write of case data, in the same transaction as the act."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from fut.auth import Actor
from fut.models import AuditEvent


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    case_id: int | None,
    entity: str = "case",
    entity_id: int | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEvent(
            actor=actor.username,
            action=action,
            case_id=case_id,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )
    )
