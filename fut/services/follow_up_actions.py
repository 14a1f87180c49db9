"""What the daily follow-up does for one debt, in one transaction of its own: a failure on
one case (say, a letter missing a fact) leaves the other cases' follow-up done.

Everything is keyed so that doing it again does nothing: the reminder rows are unique per
installment, the letter's idempotency key names the debt and the installment, a warning is
opened once per deadline, a review only when none is open.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from fut.auth import SYSTEM
from fut.db import session_scope
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import Stage
from fut.models import Case, Debt, InstallmentReminder, WorkItem, row_id
from fut.municipality import FollowUpSettings
from fut.rules.deadlines import deadline
from fut.rules.installments import contact_by
from fut.services import automation, documents, workflow
from fut.services.debts import payment_count
from fut.steps import court_deadline_warning
from fut.steps.missed_payment import NAME as MISSED
from fut.steps.repayment_review import NAME as REVIEW

if TYPE_CHECKING:
    from fut.services.follow_up import Todo

log = logging.getLogger("futflow.follow_up")

REMINDER = "avbrutna_avbetalningar"
REVIEW_DAYS = 30


def _open_item(session: Session, case_id: int, step: str) -> WorkItem | None:
    return session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case_id, WorkItem.step == step, WorkItem.status == WorkStatus.OPEN
        )
    ).first()


def _still_repaying(session: Session, case_id: int, debt_id: int) -> Case | None:
    """The case, locked, while it still waits in repayment with its debt open."""
    case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).one()
    debt = session.get(Debt, debt_id)
    if case.stage != Stage.REPAYMENT or debt is None or debt.status != DebtStatus.OPEN:
        return None
    return case


def remind(
    session: Session,
    case: Case,
    debt_id: int,
    missed: tuple[date, ...],
    today: date,
    settings: FollowUpSettings,
) -> tuple[int, int]:
    """The reminder letter and the work item for the installments `missed` (not reminded
    about before); returns (reminders, work items opened)."""
    case_id = row_id(case)
    fresh = [
        due
        for due in missed
        if session.exec(
            select(InstallmentReminder.id).where(
                InstallmentReminder.debt_id == debt_id, InstallmentReminder.due_on == due
            )
        ).first()
        is None
    ]
    if not fresh:
        return 0, 0
    reply_by = contact_by(today, settings.contact_days)
    letter = documents.produce(
        session,
        case,
        REMINDER,
        f"reminder-{debt_id}-{fresh[-1].isoformat()}",
        SYSTEM,
        contact_by=reply_by,
    )
    item = _open_item(session, case_id, MISSED)
    opened = 0
    if item is None:
        item = workflow.open_item(session, case_id, MISSED, SYSTEM, due_on=reply_by)
        opened = 1
    for due in fresh:
        session.add(
            InstallmentReminder(
                debt_id=debt_id,
                due_on=due,
                reminded_on=today,
                document_id=letter.id,
                work_item_id=item.id,
            )
        )
    return len(fresh), opened


def carry_out(todo: Todo, today: date, settings: FollowUpSettings) -> dict[str, int]:
    """Do what `todo` says for its debt, in a transaction of its own (a reminder letter, or
    settling); returns what was done, counted."""
    state = todo.state
    if todo.settle:
        return {"settled": int(_settle(state.case_id, state.debt_id))}
    done: dict[str, int] = {}
    with session_scope() as session:
        case = _still_repaying(session, state.case_id, state.debt_id)
        if case is None:
            return done
        if todo.remind:
            reminders, opened = remind(session, case, state.debt_id, todo.remind, today, settings)
            done["reminders"], done["missed_items"] = reminders, opened
        _add(done, _open_items(session, todo, today))
    return done


def carry_out_items(todos: list[Todo], today: date) -> dict[str, int]:
    """The reviews and court deadline warnings of a batch's debts that need no letter: work
    items only, in one transaction for the batch."""
    done: dict[str, int] = {}
    if not todos:
        return done
    with session_scope() as session:
        repaying = set(
            session.exec(
                select(Case.id)
                .join(Debt, col(Debt.case_id) == Case.id)
                .where(
                    col(Case.id).in_([t.state.case_id for t in todos]),
                    Case.stage == Stage.REPAYMENT,
                    Debt.status == DebtStatus.OPEN,
                )
                .with_for_update(of=Case)
            )
        )
        for todo in todos:
            if todo.state.case_id in repaying:
                _add(done, _open_items(session, todo, today))
    return done


def _open_items(session: Session, todo: Todo, today: date) -> dict[str, int]:
    case_id = todo.state.case_id
    done: dict[str, int] = {}
    if todo.review and not todo.state.open_review and _open_item(session, case_id, REVIEW) is None:
        due_on = deadline(today, days=REVIEW_DAYS)
        workflow.open_item(session, case_id, REVIEW, SYSTEM, due_on=due_on)
        done["reviews"] = 1
    if todo.warnings and not court_deadline_warning.court_applied(session, case_id):
        for last_day, due_on in todo.warnings:
            if court_deadline_warning.warn(session, case_id, last_day, due_on=due_on):
                done["warnings"] = done.get("warnings", 0) + 1
    return done


def _add(total: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        total[key] = total.get(key, 0) + value


def _settle(case_id: int, debt_id: int) -> bool:
    """A debt paid (or waived) in full whose case still waits: the case's own path settles
    it (final notice, closed), and its flow run, if it waits, is woken to finish."""
    if not automation.settle_repayment(case_id):
        return False
    with session_scope() as session:
        key = workflow.repayment_wait_key(debt_id, payment_count(session, debt_id))
        workflow.enqueue_wake(session, case_id, key)
    log.info("follow_up_settled", extra={"case_id": case_id})
    return True
