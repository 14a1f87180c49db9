"""Human steps: listing, claiming and completing work items (with four-eyes and audit)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from fut import audit
from fut.auth import Actor
from fut.db import utcnow
from fut.errors import Conflict, Forbidden, Invalid, NotFound
from fut.lifecycle import SIDE_STEPS, Role, Stage, may_do, step_info
from fut.models import Case, Decision, User, WorkItem
from fut.schemas import TaskOut
from fut.services import step_effects, triage, workflow
from fut.steps import PAYLOADS


def _task_out(item: WorkItem, case: Case, assignee: str | None) -> TaskOut:
    return TaskOut(
        id=item.id,  # type: ignore[arg-type]
        case_id=case.id,  # type: ignore[arg-type]
        case_number=case.case_number,
        step=item.step,
        title=step_info(item.step).title,
        status=item.status,
        due_at=item.due_at,
        assignee=assignee,
        candidate_roles=item.candidate_roles.split(","),
        case_stage=case.stage,
    )


def list_open(
    session: Session, actor: Actor, *, mine: bool = False, role: str | None = None
) -> list[TaskOut]:
    stmt = (
        select(WorkItem, Case, User.username)
        .join(Case, col(Case.id) == WorkItem.case_id)
        .join(User, col(User.id) == WorkItem.assignee_id, isouter=True)
        .where(WorkItem.status == "open")
        .order_by(col(WorkItem.due_at).asc().nulls_last(), col(WorkItem.id))
    )
    if role is not None:
        if role not in {r.value for r in Role}:
            raise Invalid(f"unknown role {role!r}", ("query", "role"))
        if role not in actor.roles and Role.CHEF not in actor.roles:
            raise Forbidden(f"you do not have the role {role!r}")
        stmt = stmt.where(col(WorkItem.candidate_roles).contains(role))
    if mine:
        stmt = stmt.where(WorkItem.assignee_id == actor.user_id)
    if role is None and not mine:
        stmt = stmt.where(
            (WorkItem.assignee_id == actor.user_id) | (col(WorkItem.assignee_id).is_(None))
        )
    rows = [
        (item, case, name)
        for item, case, name in session.exec(stmt)
        if actor.sees_unit(case.unit)
        and (role is not None or mine or may_do(item.step, set(actor.roles)))
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
    out = _task_out(item, case, _assignee(session, item)).model_dump(mode="json")
    out["payload_schema"] = PAYLOADS[item.step].model_json_schema()
    if item.step == Stage.TRIAGE:
        out["proposal"] = triage.proposal(session, case)
    out["payload"] = item.payload
    return out


def _check_may_act(item: WorkItem, actor: Actor) -> None:
    if item.status != "open":
        raise Conflict(f"task {item.id} is {item.status} already")
    if not actor.is_system and not may_do(item.step, set(actor.roles)):
        roles = " or ".join(step_info(item.step).roles)
        raise Forbidden(f"step {item.step} is done by {roles}")
    if item.assignee_id is not None and item.assignee_id != actor.user_id and not actor.is_system:
        raise Conflict(f"task {item.id} is claimed by someone else")


def claim(session: Session, actor: Actor, item_id: int) -> TaskOut:
    item, case = _load(session, actor, item_id)
    _check_may_act(item, actor)
    _check_four_eyes(session, item, actor)
    item.assignee_id = actor.user_id
    session.add(item)
    audit.record(
        session, actor, "task_claimed", case_id=case.id, entity="work_item", entity_id=item.id
    )
    return _task_out(item, case, actor.username)


def _check_four_eyes(session: Session, item: WorkItem, actor: Actor) -> None:
    if item.step != Stage.DECISION_APPROVAL:
        return
    proposal = session.exec(
        select(Decision)
        .where(Decision.case_id == item.case_id, Decision.kind == "recovery")
        .order_by(col(Decision.id).desc())
    ).first()
    if proposal is not None and proposal.proposer_id == actor.user_id:
        raise Forbidden("the decision must be approved by someone other than its proposer")


def complete(session: Session, actor: Actor, item_id: int, payload: dict[str, Any]) -> TaskOut:
    """Validate, check permission, record the decision, move the case, queue the wake-up."""
    item, case = _load(session, actor, item_id)
    _check_may_act(item, actor)
    _check_four_eyes(session, item, actor)
    try:
        data = PAYLOADS[item.step].model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ("body", *first["loc"])
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise Invalid(f"{where}: {first['msg']}", loc) from None
    now = utcnow()
    item.status = "done"
    item.completed_at = now
    item.completed_by = actor.username
    item.assignee_id = item.assignee_id or actor.user_id
    item.payload = data.model_dump(mode="json")
    session.add(item)
    next_stage, reason = (
        (None, "")
        if item.step in SIDE_STEPS
        else step_effects.apply(session, actor, case, item, data)
    )
    audit.record(
        session,
        actor,
        "task_completed",
        case_id=case.id,
        entity="work_item",
        entity_id=item.id,
        step=item.step,
        next_stage=next_stage,
    )
    if next_stage is None:  # a reminder: the case stays where it is
        return _task_out(item, case, _assignee(session, item))
    workflow.move(session, case, next_stage, actor, reason)
    workflow.enqueue_wake(session, case.id, workflow.item_wait_key(item.id))  # type: ignore[arg-type]
    return _task_out(item, case, _assignee(session, item))
