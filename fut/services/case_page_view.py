"""What the case page (/cases/{id}) shows: the case, the person, the months, the debt, the
documents, one timeline of everything that happened, and for a chef the audit trail.

Read in a bounded number of queries whatever the size of the case (no query per row): the
case, its person, report, history, work items, months, documents, debt (four), fired timers,
the names of the people involved and, for a chef, the latest audit events. Access is the
API's: `load_case` answers NotFound for a case outside the actor's units; every view is
audited (`case_read`), and so is every look at the full personnummer
(`personnummer_revealed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlmodel import Session, col, select

from fut import audit, steps
from fut.auth import Actor
from fut.clock import today
from fut.db import utcnow
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import Role
from fut.models import (
    AuditEvent,
    IncomingReport,
    Person,
    StageHistory,
    Timer,
    User,
    WorkItem,
    row_id,
)
from fut.municipality import get_municipality
from fut.rules.court_deadline import WARNING_DAYS_BEFORE
from fut.rules.identity_numbers import parse_identity_number
from fut.rules.swedish_format import format_month
from fut.schemas import LedgerOut, PlanOut
from fut.services import workflow
from fut.services.case_view import (
    case_months,
    debt_rows,
    masked_personnummer,
    month_out,
    notices,
    plan_out,
)
from fut.services.cases import history, load_case
from fut.services.documents import case_documents
from fut.services.ledger import ledger_of

AUDIT_LIMIT = 200
"""The audit trail on the page: the latest events of the case, newest first."""

SAFE_DETAIL = frozenset({"from_stage", "to_stage", "step", "next_stage", "kind", "amount", "route"})
"""What of an audit event's detail the page shows: codes and amounts, never personal data."""

SYSTEM_NAME = "Systemet"

SAME_TRANSACTION = timedelta(seconds=30)
"""A work item's completion and the move it causes are stamped within one transaction."""

DeadlineState = Literal["passed", "near", ""]
EventKind = Literal["stage", "task", "document", "payment", "timer"]


@dataclass(frozen=True)
class MonthRow:
    month: str
    paid: int
    correct: int
    overpaid: int
    already_corrected: int
    reason: str
    payment_date: date | None
    granted_on: date
    granted_on_assumed: bool
    law: str
    court_deadline: date
    deadline_state: DeadlineState
    """"passed": the court deadline is behind us; "near": it falls within 90 days."""


@dataclass(frozen=True)
class MonthTotals:
    paid: int
    correct: int
    overpaid: int
    already_corrected: int


@dataclass(frozen=True)
class TaskRow:
    id: int
    step: str
    title: str
    due_at: datetime | None
    assignee: str | None
    overdue: bool


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    title: str
    created_at: datetime
    created_by: str
    template_version: str
    sha256: str


@dataclass(frozen=True)
class PaymentRow:
    id: int
    amount: int
    paid_on: date
    reference: str
    registered_by: str
    registered_at: datetime


@dataclass(frozen=True)
class DebtView:
    amount: int
    paid: int
    remaining: int
    status: str
    decided_on: date
    recovery_route: str | None
    plan: PlanOut | None
    payments: list[PaymentRow]
    ledger: LedgerOut

    @property
    def is_open(self) -> bool:
        return self.status == DebtStatus.OPEN


@dataclass(frozen=True)
class Event:
    """One line of the timeline; which fields are set depends on `kind`."""

    at: datetime
    kind: EventKind
    actor: str
    from_stage: str | None = None
    to_stage: str | None = None
    reason: str = ""
    title: str = ""
    """The step's title (a task; a stage change a completed task made) or the document's."""
    document_id: int | None = None
    amount: int | None = None
    paid_on: date | None = None
    deadline: bool = False
    """A timer: the due date of a work item passed (else a reminder the step's timer opens)."""
    already_done: bool = False
    """A deadline timer whose work item had been completed before it fired."""


_EVENT_ORDER: dict[str, int] = {"timer": 0, "payment": 1, "task": 2, "stage": 3, "document": 4}
"""Events of the same instant in the order they happen (a timer completes a task, which
moves the stage, which produces a document)."""


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    username: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class CasePage:
    id: int
    case_number: str
    unit: str
    unit_name: str
    stage: str
    priority: str | None
    case_type: int | None
    created_at: datetime
    closed_at: datetime | None
    person_name: str
    identity_kind: str
    personnummer: str
    """Masked (`YYYYMMDD-****`) unless `revealed`."""
    revealed: bool
    report: dict[str, Any]
    notices: list[str]
    months: list[MonthRow]
    totals: MonthTotals | None
    open_tasks: list[TaskRow]
    documents: list[DocumentRow]
    debt: DebtView | None
    timeline: list[Event]
    """Newest first."""
    audit: list[AuditRow] | None
    """The latest audit events, newest first; None unless the reader is a chef."""


def _deadline_state(deadline: date, day: date) -> DeadlineState:
    if deadline < day:
        return "passed"
    if deadline <= day + timedelta(days=WARNING_DAYS_BEFORE):
        return "near"
    return ""


def _names(session: Session, usernames: set[str]) -> dict[str, str]:
    """Display names of the people involved, in one query; "system" is the system."""
    wanted = usernames - {"system"}
    rows = (
        session.exec(
            select(User.username, User.display_name).where(col(User.username).in_(wanted))
        ).all()
        if wanted
        else []
    )
    names = {username: display for username, display in rows}
    names["system"] = SYSTEM_NAME
    return names


def case_page(session: Session, actor: Actor, case_id: int, *, reveal: bool = False) -> CasePage:
    """The case page's content for `actor` (NotFound outside their units); audited."""
    case = load_case(session, actor, case_id)
    person = session.get(Person, case.person_id)
    assert person is not None
    audit.record(session, actor, "case_read", case_id=case_id, view="page")
    if reveal:
        audit.record(
            session,
            actor,
            "personnummer_revealed",
            case_id=case_id,
            entity="person",
            entity_id=person.id,
        )
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case_id)).first()
    stages = history(session, case_id)
    items = list(
        session.exec(
            select(WorkItem, User.username)
            .join(User, col(User.id) == WorkItem.assignee_id, isouter=True)
            .where(WorkItem.case_id == case_id)
            .order_by(col(WorkItem.id))
        )
    )
    months = case_months(session, case_id)
    documents = case_documents(session, case_id)
    debt = debt_rows(session, case_id)
    timers = list(
        session.exec(
            select(Timer)
            .where(Timer.case_id == case_id, col(Timer.fired_at).is_not(None))
            .order_by(col(Timer.fired_at))
        )
    )
    trail = (
        list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.case_id == case_id)
                .order_by(col(AuditEvent.id).desc())
                .limit(AUDIT_LIMIT)
            )
        )
        if Role.CHEF in actor.roles
        else None
    )

    people = {h.actor for h in stages} | {d.created_by for d in documents}
    people |= {i.completed_by for i, _ in items if i.completed_by}
    people |= {name for _, name in items if name}
    if debt is not None:
        people |= {p.registered_by for p in debt.payments}
    if trail is not None:
        people |= {e.actor for e in trail}
    names = _names(session, people)

    def name(username: str | None) -> str:
        return names.get(username, username) if username else ""

    day = today()
    month_rows = []
    for m in months:
        out = month_out(m)
        month_rows.append(
            MonthRow(
                month=out.month,
                paid=out.paid,
                correct=out.correct,
                overpaid=out.overpaid,
                already_corrected=out.already_corrected,
                reason=out.reason,
                payment_date=out.payment_date,
                granted_on=out.granted_on,
                granted_on_assumed=out.granted_on_assumed,
                law=out.law,
                court_deadline=out.court_deadline,
                deadline_state=_deadline_state(out.court_deadline, day),
            )
        )
    totals = (
        MonthTotals(
            paid=sum(m.paid for m in months),
            correct=sum(m.correct for m in months),
            overpaid=sum(m.overpaid for m in months),
            already_corrected=sum(m.already_corrected for m in months),
        )
        if months
        else None
    )

    now = utcnow()
    titles = {i.id: _step_title(i.step) for i, _ in items}
    open_tasks = [
        TaskRow(
            id=row_id(i),
            step=i.step,
            title=titles[i.id],
            due_at=i.due_at,
            assignee=name(assignee) or None,
            overdue=i.due_at is not None and i.due_at < now,
        )
        for i, assignee in items
        if i.status == WorkStatus.OPEN
    ]
    document_rows = [
        DocumentRow(
            id=row_id(d),
            kind=d.kind,
            title=d.title,
            created_at=d.created_at,
            created_by=name(d.created_by),
            template_version=d.template_version,
            sha256=d.sha256,
        )
        for d in documents
    ]
    debt_view = None
    if debt is not None:
        ledger = ledger_of(debt.debt, debt.payments, debt.waivers)
        debt_view = DebtView(
            amount=debt.debt.amount,
            paid=ledger.paid,
            remaining=ledger.remaining,
            ledger=ledger,
            status=debt.debt.status,
            decided_on=debt.debt.decided_on,
            recovery_route=debt.debt.recovery_route,
            plan=plan_out(debt.plan) if debt.plan is not None else None,
            payments=[
                PaymentRow(
                    id=row_id(p),
                    amount=p.amount,
                    paid_on=p.paid_on,
                    reference=p.reference,
                    registered_by=name(p.registered_by),
                    registered_at=p.registered_at,
                )
                for p in debt.payments
            ],
        )

    # a completed step of the lifecycle moves the case in the same transaction: the move,
    # with who did it and why, stands for both; other tasks (reminders) have lines of their own
    moved_by_task = _moves_of_tasks(stages, [i for i, _ in items])
    events: list[Event] = [
        Event(
            at=h.at,
            kind="stage",
            actor=name(h.actor),
            from_stage=h.from_stage,
            to_stage=h.to_stage,
            reason=h.reason,
            title=titles[moved_by_task[h.id]] if h.id in moved_by_task else "",
        )
        for h in stages
    ]
    events += [
        Event(at=i.completed_at, kind="task", actor=name(i.completed_by), title=titles[i.id])
        for i, _ in items
        if i.status == WorkStatus.DONE
        and i.completed_at is not None
        and i.id not in moved_by_task.values()
    ]
    events += [
        Event(at=d.created_at, kind="document", actor=d.created_by, title=d.title, document_id=d.id)
        for d in document_rows
    ]
    if debt_view is not None:
        events += [
            Event(
                at=p.registered_at,
                kind="payment",
                actor=p.registered_by,
                amount=p.amount,
                paid_on=p.paid_on,
            )
            for p in debt_view.payments
        ]
    done_at = {i.id: i.completed_at for i, _ in items if i.completed_at is not None}
    for t in timers:
        assert t.fired_at is not None
        deadline = t.kind == workflow.DEADLINE
        step_title = titles.get(t.work_item_id, "") if deadline else _step_title(t.kind)
        finished = done_at.get(t.work_item_id) if deadline else None
        events.append(
            Event(
                at=t.fired_at,
                kind="timer",
                actor=SYSTEM_NAME,
                title=step_title,
                deadline=deadline,
                already_done=finished is not None and finished < t.fired_at,
            )
        )
    events.sort(key=lambda e: (e.at, _EVENT_ORDER[e.kind]), reverse=True)

    audit_rows = None
    document_titles = {d.id: d.title for d in document_rows}
    if trail is not None:
        audit_rows = [
            AuditRow(
                at=e.at,
                actor=name(e.actor),
                username=e.actor,
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                detail=_safe_detail(e, document_titles),
            )
            for e in trail
        ]

    return CasePage(
        id=case_id,
        case_number=case.case_number,
        unit=case.unit,
        unit_name=get_municipality().unit(case.unit).name,
        stage=case.stage,
        priority=case.priority,
        case_type=case.case_type,
        created_at=case.created_at,
        closed_at=case.closed_at,
        person_name=person.name,
        identity_kind=person.identity_kind,
        personnummer=(
            parse_identity_number(person.identity_number).formatted
            if reveal
            else masked_personnummer(person)
        ),
        revealed=reveal,
        report=(
            report.model_dump(mode="json", exclude={"id", "case_id", "registered_by"})
            if report
            else {}
        ),
        notices=notices(session, case, months, format_month),
        months=month_rows,
        totals=totals,
        open_tasks=open_tasks,
        documents=document_rows,
        debt=debt_view,
        timeline=events,
        audit=audit_rows,
    )


def _safe_detail(event: AuditEvent, document_titles: dict[int, str]) -> dict[str, Any]:
    """The codes and amounts of an event's detail, and the title of the document it read."""
    out = {k: v for k, v in event.detail.items() if k in SAFE_DETAIL and v is not None}
    if event.entity == "document" and event.entity_id in document_titles:
        out["document"] = document_titles[event.entity_id]
    return out


def _moves_of_tasks(stages: list[StageHistory], items: list[WorkItem]) -> dict[int, int]:
    """{history id: work item id} for each stage change that completing an item made: the
    first move out of the item's stage at or after its completion (same transaction)."""
    out: dict[int, int] = {}
    for item in items:
        if item.completed_at is None or item.id is None:
            continue
        for h in stages:
            if (
                h.id is not None
                and h.id not in out
                and h.from_stage == item.step
                and item.completed_at <= h.at <= item.completed_at + SAME_TRANSACTION
            ):
                out[h.id] = item.id
                break
    return out


def _step_title(step: str) -> str:
    return steps.human(step).title if steps.is_human(step) else step
