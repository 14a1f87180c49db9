"""Human steps: listing, claiming and completing work items. Generic: what a step allows,
guards, records and where it leads is in the step's own module (`fut.steps`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, or_, select

from fut import audit, steps
from fut.auth import Actor
from fut.db import utcnow
from fut.enums import WorkStatus
from fut.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fut.lifecycle import Role
from fut.models import Case, User, WorkItem
from fut.schemas import TaskOut
from fut.services import workflow
from fut.steps import Done, HumanStep


def _task_out(item: WorkItem, case: Case, assignee: str | None) -> TaskOut:
    assert item.id is not None and case.id is not None
    step = steps.human(item.step)
    return TaskOut(
        id=item.id,
        case_id=case.id,
        case_number=case.case_number,
        step=item.step,
        title=step.title,
        status=item.status,
        due_at=item.due_at,
        assignee=assignee,
        candidate_roles=list(step.roles),
        case_stage=case.stage,
    )


def list_open(
    session: Session, actor: Actor, *, mine: bool = False, role: str | None = None
) -> list[TaskOut]:
    stmt = (
        select(WorkItem, Case, User.username)
        .join(Case, col(Case.id) == WorkItem.case_id)
        .join(User, col(User.id) == WorkItem.assignee_id, isouter=True)
        .where(WorkItem.status == WorkStatus.OPEN)
        .order_by(col(WorkItem.due_at).asc().nulls_last(), col(WorkItem.id))
    )
    if role is not None:
        if role not in {r.value for r in Role}:
            raise Invalid(f"unknown role {role!r}", ("query", "role"))
        if role not in actor.roles and Role.CHEF not in actor.roles:
            raise Forbidden(f"you do not have the role {role!r}")
        stmt = stmt.where(col(WorkItem.step).in_(steps.steps_for_role(Role(role))))
    if mine:
        stmt = stmt.where(WorkItem.assignee_id == actor.user_id)
    if role is None and not mine:
        stmt = stmt.where(
            or_(col(WorkItem.assignee_id) == actor.user_id, col(WorkItem.assignee_id).is_(None))
        )
        stmt = stmt.where(col(WorkItem.step).in_(_steps_of(actor)))
    rows = [
        (item, case, name) for item, case, name in session.exec(stmt) if actor.sees_unit(case.unit)
    ]
    audit.record(
        session,
        actor,
        "tasks_listed",
        case_id=None,
        entity="work_item",
        count=len(rows),
        mine=mine,
        role=role,
    )
    return [_task_out(item, case, name) for item, case, name in rows]


def _steps_of(actor: Actor) -> list[str]:
    return sorted({name for role in actor.roles for name in steps.steps_for_role(role)})


def _load(session: Session, actor: Actor, item_id: int) -> tuple[WorkItem, Case]:
    row = session.exec(
        select(WorkItem, Case)
        .join(Case, col(Case.id) == WorkItem.case_id)
        .where(WorkItem.id == item_id)
        .with_for_update()
    ).first()
    if row is None or not actor.sees_unit(row[1].unit):
        raise NotFound(f"no task {item_id}")
    return row


def _assignee(session: Session, item: WorkItem) -> str | None:
    if item.assignee_id is None:
        return None
    user = session.get(User, item.assignee_id)
    return user.username if user else None


def get_task(session: Session, actor: Actor, item_id: int) -> dict[str, Any]:
    item, case = _load(session, actor, item_id)
    audit.record(
        session, actor, "task_read", case_id=case.id, entity="work_item", entity_id=item.id
    )
    step = steps.human(item.step)
    out = _task_out(item, case, _assignee(session, item)).model_dump(mode="json")
    out["payload_schema"] = step.payload.model_json_schema()
    if step.details is not None:
        out.update(step.details(session, case))
    out["payload"] = item.payload
    return out


def _check_may_act(session: Session, item: WorkItem, step: HumanStep, actor: Actor) -> None:
    if item.status != WorkStatus.OPEN:
        raise Conflict(f"task {item.id} is {item.status} already")
    if actor.is_system:
        return
    if not steps.may_do(item.step, actor.roles):
        raise Forbidden(f"step {item.step} is done by {' or '.join(step.roles)}")
    if item.assignee_id is not None and item.assignee_id != actor.user_id:
        raise Conflict(f"task {item.id} is claimed by someone else")
    for guard in step.guards:
        guard(session, item, actor)


def refusal(session: Session, actor: Actor, item_id: int) -> DomainError | None:
    """Why `actor` may not claim or complete the item now, or None when they may: the checks
    of `claim` and `complete` (open, their role, not claimed by another, the step's guards),
    asked before a page offers the form. A task outside their units is NotFound, raised."""
    item, _ = _load(session, actor, item_id)
    try:
        _check_may_act(session, item, steps.human(item.step), actor)
    except DomainError as exc:
        return exc
    return None


def claim(session: Session, actor: Actor, item_id: int) -> TaskOut:
    item, case = _load(session, actor, item_id)
    _check_may_act(session, item, steps.human(item.step), actor)
    item.assignee_id = actor.user_id
    session.add(item)
    audit.record(
        session, actor, "task_claimed", case_id=case.id, entity="work_item", entity_id=item.id
    )
    return _task_out(item, case, actor.username)


def complete(session: Session, actor: Actor, item_id: int, payload: dict[str, Any]) -> TaskOut:
    """Validate, check permission, record the decision, move the case, queue the wake-up."""
    item, case = _load(session, actor, item_id)
    step = steps.human(item.step)
    _check_may_act(session, item, step, actor)
    try:
        data = step.payload.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ("body", *first["loc"])
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise Invalid(f"{where}: {first['msg']}", loc) from None
    item.status = WorkStatus.DONE
    item.completed_at = utcnow()
    item.completed_by = actor.username
    item.assignee_id = item.assignee_id or actor.user_id
    item.payload = data.model_dump(mode="json")
    session.add(item)
    following = step.complete(Done(session, actor, case, item), data)
    audit.record(
        session,
        actor,
        "task_completed",
        case_id=case.id,
        entity="work_item",
        entity_id=item.id,
        step=item.step,
        next_stage=following.stage if following else None,
    )
    if following is not None:  # a step of the lifecycle: the case moves on
        assert case.id is not None and item.id is not None
        workflow.move(session, case, following.stage, actor, following.reason)
        workflow.enqueue_wake(session, case.id, workflow.item_wait_key(item.id))
    return _task_out(item, case, _assignee(session, item))
