"""Human steps: listing, claiming and completing work items. Generic: what a step allows,
guards, records and where it leads is in the step's own module (`fut.steps`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, or_, select

from fut import audit, steps
from fut.auth import Actor, actor_of
from fut.db import utcnow
from fut.enums import WorkStatus
from fut.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fut.lifecycle import Role
from fut.models import Case, User, UserRole, WorkItem, row_id
from fut.schemas import InboxFilters, InboxPage, InboxRow, TaskOut
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
    session: Session,
    actor: Actor,
    *,
    mine: bool = False,
    role: str | None = None,
    case_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
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
    if case_id is not None:
        stmt = stmt.where(WorkItem.case_id == case_id)
    stmt = stmt.where(*_in_units(actor)).offset(offset).limit(limit)
    rows = list(session.exec(stmt))
    audit.record(
        session,
        actor,
        "tasks_listed",
        case_id=None,
        entity="work_item",
        count=len(rows),
        mine=mine,
        role=role,
        listed_case_id=case_id,
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


def release(session: Session, actor: Actor, item_id: int) -> TaskOut:
    """Give a claimed item back to the queue: its assignee may, and chef."""
    item, case = _load(session, actor, item_id)
    if item.status != WorkStatus.OPEN:
        raise Conflict(f"task {item.id} is {item.status} already")
    if item.assignee_id is None:
        raise Conflict(f"task {item.id} is not claimed by anyone")
    if item.assignee_id != actor.user_id and Role.CHEF not in actor.roles:
        raise Forbidden("only the assignee or chef may release a task")
    previous = _assignee(session, item)
    item.assignee_id = None
    session.add(item)
    audit.record(
        session,
        actor,
        "task_released",
        case_id=case.id,
        entity="work_item",
        entity_id=item.id,
        previous_assignee=previous,
    )
    return _task_out(item, case, None)


def reassign(session: Session, actor: Actor, item_id: int, username: str) -> TaskOut:
    """Chef gives an open item to someone who may do its step in the case's unit."""
    if Role.CHEF not in actor.roles:
        raise Forbidden("only chef may reassign a task")
    item, case = _load(session, actor, item_id)
    if item.status != WorkStatus.OPEN:
        raise Conflict(f"task {item.id} is {item.status} already")
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.active:
        raise Invalid(f"no active user {username!r}", ("body", "username"))
    target = actor_of(session, user)
    step = steps.human(item.step)
    if not steps.may_do(item.step, target.roles):
        raise Invalid(
            f"{username} has none of the roles of step {item.step}: {', '.join(step.roles)}",
            ("body", "username"),
        )
    if not target.sees_unit(case.unit):
        raise Invalid(f"{username} does not work in unit {case.unit!r}", ("body", "username"))
    for guard in step.guards:
        try:
            guard(session, item, target)
        except DomainError as exc:  # e.g. four-eyes: the proposer may not approve
            raise Invalid(f"{username}: {exc.message}", ("body", "username")) from None
    previous = _assignee(session, item)
    item.assignee_id = user.id
    session.add(item)
    audit.record(
        session,
        actor,
        "task_reassigned",
        case_id=case.id,
        entity="work_item",
        entity_id=item.id,
        previous_assignee=previous,
        assignee=user.username,
    )
    return _task_out(item, case, user.username)


INBOX_PAGE_SIZE = 50


def inbox(
    session: Session,
    actor: Actor,
    filters: InboxFilters,
    page: int = 1,
    per_page: int = INBOX_PAGE_SIZE,
) -> InboxPage:
    """One page of the reader's open work items, overdue first, then by due date (none
    last). Two queries, both filtered in SQL: the counts, then the page's rows."""
    if filters.view == "all" and Role.CHEF not in actor.roles:
        raise Forbidden("only chef sees every open task of the units")
    now = utcnow()
    is_overdue = and_(col(WorkItem.due_at).is_not(None), col(WorkItem.due_at) < now)
    where = _inbox_where(actor, filters, is_overdue)
    total, overdue = session.exec(
        select(func.count(), func.count().filter(is_overdue))
        .select_from(WorkItem)
        .join(Case, col(Case.id) == WorkItem.case_id)
        .where(*where)
    ).one()
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    # overdue means due before now, so ascending due dates put the overdue items first
    stmt = (
        select(WorkItem, Case, User.username, User.display_name)
        .join(Case, col(Case.id) == WorkItem.case_id)
        .join(User, col(User.id) == WorkItem.assignee_id, isouter=True)
        .where(*where)
        .order_by(col(WorkItem.due_at).asc().nulls_last(), col(WorkItem.id))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    my_steps = set(_steps_of(actor))
    found = list(session.exec(stmt))
    barred = {
        row_id(item): reason
        for item, _, _, _ in found
        if item.assignee_id is None and item.step in my_steps
        if (reason := _barred(session, item, actor))
    }
    rows = [
        InboxRow(
            id=row_id(item),
            case_id=row_id(case),
            case_number=case.case_number,
            step=item.step,
            title=steps.human(item.step).title,
            due_at=item.due_at,
            overdue=item.due_at is not None and item.due_at < now,
            priority=case.priority,
            unit=case.unit,
            assignee=username,
            assignee_name=display_name,
            mine=item.assignee_id is not None and item.assignee_id == actor.user_id,
            may_claim=item.assignee_id is None
            and item.step in my_steps
            and row_id(item) not in barred,
            barred=barred.get(row_id(item), ""),
        )
        for item, case, username, display_name in found
    ]
    audit.record(
        session,
        actor,
        "tasks_listed",
        case_id=None,
        entity="work_item",
        count=len(rows),
        total=total,
        page=page,
        **filters.model_dump(exclude_defaults=True),
    )
    return InboxPage(
        rows=rows, total=total, overdue=overdue, page=page, pages=pages, per_page=per_page
    )


def _barred(session: Session, item: WorkItem, actor: Actor) -> str:
    """Why the step's guards keep `actor` from an item their role may do (e.g. four-eyes):
    run only for the rows of one page that have guards."""
    for guard in steps.human(item.step).guards:
        try:
            guard(session, item, actor)
        except Forbidden as refused:
            return refused.message
    return ""


def _in_units(actor: Actor) -> list[ColumnElement[bool]]:
    """The units the actor works in, as a SQL condition on the case (none: every unit)."""
    return [col(Case.unit).in_(sorted(actor.units))] if actor.units else []


def _inbox_where(
    actor: Actor, filters: InboxFilters, is_overdue: ColumnElement[bool]
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [col(WorkItem.status) == WorkStatus.OPEN]
    where.extend(_in_units(actor))
    mine = col(WorkItem.assignee_id) == actor.user_id
    claimable = and_(col(WorkItem.assignee_id).is_(None), col(WorkItem.step).in_(_steps_of(actor)))
    if filters.view == "mine":
        where.append(mine)
    elif filters.view == "claimable":
        where.append(claimable)
    elif filters.view == "mine_claimable":
        where.append(or_(mine, claimable))
    if filters.unit:
        where.append(col(Case.unit) == filters.unit)
    if filters.step:
        where.append(col(WorkItem.step) == filters.step)
    if filters.priority == "none":
        where.append(col(Case.priority).is_(None))
    elif filters.priority:
        where.append(col(Case.priority) == filters.priority)
    if filters.overdue:
        where.append(is_overdue)
    return where


def reassign_candidates(
    session: Session, actor: Actor, rows: list[InboxRow]
) -> dict[int, list[tuple[str, str]]]:
    """For chef: per listed item, the active users (username, name) who may do its step in
    its case's unit, its assignee left out. One query; empty for anyone else."""
    if Role.CHEF not in actor.roles or not rows:
        return {}
    people: dict[str, tuple[str, frozenset[str], set[str]]] = {}
    for username, name, units, role in session.exec(
        select(User.username, User.display_name, User.units, UserRole.role)
        .join(UserRole, col(UserRole.user_id) == User.id)
        .where(col(User.active).is_(True))
        .order_by(col(User.display_name), col(User.username))
    ):
        unit_set = frozenset(u for u in units.split(",") if u)
        people.setdefault(username, (name, unit_set, set()))[2].add(role)
    out: dict[int, list[tuple[str, str]]] = {}
    for row in rows:
        roles = {r.value for r in steps.human(row.step).roles}
        out[row.id] = [
            (username, name)
            for username, (name, units, held) in people.items()
            if held & roles and (not units or row.unit in units) and username != row.assignee
        ]
    return out
