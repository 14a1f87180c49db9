"""Work items: the human steps of the lifecycle."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request

from api.deps import CurrentActor, Id
from fut.db import session_scope
from fut.schemas import TaskOut, TaskReassign
from fut.services import work_items

router = APIRouter(prefix="/api/tasks", tags=["tasks"])


@router.get("", response_model=list[TaskOut])
def list_tasks(
    actor: CurrentActor,
    mine: bool = False,
    role: str | None = None,
    case_id: Annotated[int | None, Query(ge=1, description="one case's open items")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="items per page")] = 500,
    offset: Annotated[int, Query(ge=0, description="items skipped (paging)")] = 0,
) -> list[TaskOut]:
    """Open work items, most urgent first: `mine=true` those claimed by you, `role=…` a
    role's queue, `case_id=…` one case's; `limit`/`offset` page through them."""
    with session_scope() as session:
        return work_items.list_open(
            session, actor, mine=mine, role=role, case_id=case_id, limit=limit, offset=offset
        )


@router.get("/{task_id}")
def read_task(task_id: Id, actor: CurrentActor) -> dict[str, Any]:
    """The work item with the JSON schema of the payload that completes it."""
    with session_scope() as session:
        return work_items.get_task(session, actor, task_id)


@router.post("/{task_id}/claim", response_model=TaskOut)
def claim_task(task_id: Id, actor: CurrentActor) -> TaskOut:
    with session_scope() as session:
        return work_items.claim(session, actor, task_id)


@router.post("/{task_id}/release", response_model=TaskOut)
def release_task(task_id: Id, actor: CurrentActor) -> TaskOut:
    """Give a claimed task back to its queue (its assignee, or chef)."""
    with session_scope() as session:
        return work_items.release(session, actor, task_id)


@router.post("/{task_id}/reassign", response_model=TaskOut)
def reassign_task(task_id: Id, data: TaskReassign, actor: CurrentActor) -> TaskOut:
    """Chef gives the task to someone with a role for its step in the case's unit."""
    with session_scope() as session:
        return work_items.reassign(session, actor, task_id, data.username)


@router.post("/{task_id}/complete", response_model=TaskOut)
def complete_task(
    task_id: Id,
    actor: CurrentActor,
    request: Request,
    payload: dict[str, Any] = Body(
        ...,
        examples=[
            {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Stort belopp"}
        ],
    ),
) -> TaskOut:
    """Complete the step with its payload (see `payload_schema` of the task)."""
    with session_scope() as session:
        out = work_items.complete(session, actor, task_id, payload)
    request.app.state.kick()
    return out
