"""Table models: the system of record. They stay inside fut/ and the API speaks in schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint, false
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString

from fut.db import UTCDateTime, utcnow
from fut.enums import (
    DebtStatus,
    DecisionKind,
    DecisionStatus,
    OutboxKind,
    OutboxStatus,
    WorkStatus,
)
from fut.lifecycle import Stage


def _ts(nullable: bool = False) -> Any:
    return Field(
        default=None if nullable else None, sa_column=Column(UTCDateTime(), nullable=nullable)
    )


class _Row(Protocol):
    id: int | None


def row_id(row: _Row) -> int:
    """The id of a stored row (a table model's id is None only until its first flush)."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


def _text(length: int, **kw: Any) -> Any:
    """A column of an enum's values, stored as text (the enum types the attribute)."""
    return Field(sa_type=AutoString(length=length), **kw)


def _created() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    display_name: str = Field(max_length=200)
    title: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=200)
    units: str = Field(default="", max_length=500, description="comma-separated; empty = all")
    token_hash: str = Field(unique=True, index=True, max_length=64)
    password_hash: str = Field(default="", max_length=200, description="argon2; empty = none")
    failed_logins: int = Field(default=0, description="wrong passwords since the last login")
    locked_until: datetime | None = _ts(nullable=True)
    active: bool = True
    created_at: datetime = _created()


class WebSession(SQLModel, table=True):
    """A browser's login: the cookie holds a random token, only its SHA-256 is stored."""

    __tablename__ = "web_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = _created()
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class UserRole(SQLModel, table=True):
    """One role of a user, a row each, so that a query matches a role exactly."""

    __tablename__ = "user_role"
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    role: str = Field(primary_key=True, max_length=20, index=True)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    identity_number: str = Field(unique=True, index=True, max_length=12)
    identity_kind: str = Field(max_length=20)
    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=500)
    created_at: datetime = _created()


class CaseNumberSequence(SQLModel, table=True):
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class Case(SQLModel, table=True):
    __tablename__ = "fut_case"
    id: int | None = Field(default=None, primary_key=True)
    case_number: str = Field(unique=True, index=True, max_length=20)
    unit: str = Field(index=True, max_length=100)
    stage: Stage = _text(40, index=True)
    priority: str | None = Field(default=None, max_length=10)
    case_type: int | None = None
    person_id: int = Field(foreign_key="person.id", index=True)
    flow_run_id: str | None = Field(default=None, max_length=36)
    flow_generation: int = 0
    created_at: datetime = _created()
    updated_at: datetime = _created()
    closed_at: datetime | None = _ts(nullable=True)


class CaseMember(SQLModel, table=True):
    """A household member named in the case (the client is Case.person_id)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    relation: str = Field(default="", max_length=50)


class IncomingReport(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", unique=True)
    reporter_type: str = Field(max_length=100)
    reporter_name: str = Field(default="", max_length=200)
    channel: str = Field(max_length=100)
    received_by: str = Field(max_length=200)
    received_on: date
    discovered_by: str = Field(max_length=500)
    description: str
    period_from: str = Field(max_length=7)
    period_to: str = Field(max_length=7)
    estimated_amount: int
    measures_taken: str = ""
    ongoing: bool = False
    still_on_assistance: bool = True
    evidence_at_risk: bool = False
    attachments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    registered_by: int = Field(foreign_key="app_user.id")
    registered_at: datetime = _created()


class StageHistory(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    from_stage: Stage | None = _text(40, default=None, nullable=True)
    to_stage: Stage = _text(40)
    actor: str = Field(max_length=64, description="username, or 'system'")
    reason: str = ""
    at: datetime = _created()


class WorkItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    step: str = Field(index=True, max_length=40)
    assignee_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    status: WorkStatus = _text(10, default=WorkStatus.OPEN, index=True)
    due_at: datetime | None = _ts(nullable=True)
    created_at: datetime = _created()
    completed_at: datetime | None = _ts(nullable=True)
    completed_by: str | None = Field(default=None, max_length=64)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class Decision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    work_item_id: int = Field(foreign_key="workitem.id", unique=True)
    kind: DecisionKind = _text(40)
    outcome: str = Field(max_length=40, description="the kind's outcome enum")
    status: DecisionStatus = _text(
        10, default=DecisionStatus.DECIDED, sa_column_kwargs={"server_default": "decided"}
    )
    proposer_id: int | None = Field(default=None, foreign_key="app_user.id")
    approver_id: int | None = Field(default=None, foreign_key="app_user.id")
    motivation: str = ""
    created_at: datetime = _created()


class OverpaidMonth(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("case_id", "month"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    month: str = Field(max_length=7)
    paid: int
    undeclared_income: int
    correct: int
    overpaid: int
    already_corrected: int = 0
    reason: str = ""
    payment_date: date | None = None
    granted_on: date = Field(
        description="when the month's assistance was granted; decides the law (SFS 2025:400 "
        "övergångsbestämmelse 5 a)"
    )
    granted_on_assumed: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="granted_on was not recorded but set by migration 0004 to the payment "
        "date (else the month's first day)",
    )
    resources: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    law: str = Field(max_length=200)


class Document(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("case_id", "idempotency_key"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    kind: str = Field(max_length=60)
    title: str = Field(max_length=200)
    template_version: str = Field(max_length=100)
    sha256: str = Field(max_length=64)
    path: str = Field(max_length=500, description="relative to the documents directory")
    idempotency_key: str = Field(max_length=120)
    created_by: str = Field(max_length=64)
    created_at: datetime = _created()


class Debt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", unique=True)
    amount: int
    decided_on: date
    status: DebtStatus = _text(10, default=DebtStatus.OPEN)
    recovery_route: str | None = Field(
        default=None, max_length=40, description="administrative_court | damages_in_criminal_case"
    )
    ocr: str | None = Field(
        default=None,
        max_length=25,
        unique=True,
        description="the OCR reference payments carry (fut.rules.ocr); set when decided",
    )
    created_at: datetime = _created()


class InstallmentPlan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    debt_id: int = Field(foreign_key="debt.id", unique=True)
    monthly_amount: int
    first_due_date: date
    installments: int
    paid_before: int = Field(
        default=0,
        sa_column_kwargs={"server_default": "0"},
        description="kronor paid before this plan started (a changed plan counts from it)",
    )
    created_by: str = Field(max_length=64)
    created_at: datetime = _created()


class Payment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    debt_id: int = Field(foreign_key="debt.id", index=True)
    amount: int
    paid_on: date
    reference: str = Field(max_length=100)
    registered_by: str = Field(max_length=64)
    registered_at: datetime = _created()


class DebtWaiver(SQLModel, table=True):
    """Eftergift (SoL 33:6, 2001:453 9:4): part or all of a debt the board will not claim."""

    __tablename__ = "debt_waiver"
    id: int | None = Field(default=None, primary_key=True)
    debt_id: int = Field(foreign_key="debt.id", index=True)
    amount: int
    waived_on: date
    decision_id: int = Field(foreign_key="decision.id", unique=True)
    created_by: str = Field(max_length=64)
    created_at: datetime = _created()


class InstallmentReminder(SQLModel, table=True):
    """A missed installment the daily follow-up has acted on (letter and work item): one
    row per installment, so that it is never reminded about twice."""

    __tablename__ = "installment_reminder"
    __table_args__ = (UniqueConstraint("debt_id", "due_on"),)
    id: int | None = Field(default=None, primary_key=True)
    debt_id: int = Field(foreign_key="debt.id", index=True)
    due_on: date
    reminded_on: date
    document_id: int | None = Field(default=None, foreign_key="document.id")
    work_item_id: int | None = Field(default=None, foreign_key="workitem.id")
    created_at: datetime = _created()


class PaymentImport(SQLModel, table=True):
    """A bank's file of incoming payments, read once (fut.services.payment_imports)."""

    __tablename__ = "payment_import"
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, max_length=64)
    file_format: str = Field(max_length=10, description="bgmax | csv")
    filename: str = Field(default="", max_length=200)
    payments: int = Field(description="payments (parts) in the file")
    registered: int = Field(description="registered on a debt at import")
    unmatched: int = Field(description="put in the queue for a person")
    skipped: int = Field(description="already read from an earlier file")
    total_ore: int = Field(sa_type=BigInteger)
    imported_by: str = Field(max_length=64)
    imported_at: datetime = _created()


class BankIdentity(SQLModel, table=True):
    """What a bank has sent already, by the bank's own identity of it: a BgMax deposit
    (receiving bankgiro, payment date, deposit serial), a CSV row. Read once only."""

    __tablename__ = "bank_identity"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=120)
    import_id: int = Field(foreign_key="payment_import.id", index=True)


class BankPayment(SQLModel, table=True):
    """An amount of a bank's file that found no debt by itself: it waits in the queue until
    ekonomi registers it on a debt (payment_id) or returns it to the payer."""

    __tablename__ = "bank_payment"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="payment_import.id", index=True)
    line: int = Field(description="its line in the file")
    paid_on: date
    amount_ore: int = Field(
        sa_type=BigInteger, description="negative for a deduction or a minus reference"
    )
    reference: str = Field(default="", max_length=100)
    payer: str = Field(default="", max_length=200)
    information: str = Field(default="", max_length=500)
    reason: str = Field(max_length=40, description="why it went to the queue")
    queued: bool = Field(default=True, index=True, description="waits for a person")
    debt_id: int | None = Field(default=None, foreign_key="debt.id")
    payment_id: int | None = Field(default=None, foreign_key="payment.id")
    returned: bool = False
    resolved_by: str = Field(default="", max_length=64)
    resolved_at: datetime | None = _ts(nullable=True)


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _created()
    actor: str = Field(index=True, max_length=64)
    action: str = Field(max_length=60)
    case_id: int | None = Field(default=None, index=True)
    entity: str = Field(default="case", max_length=40)
    entity_id: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Outbox(SQLModel, table=True):
    """A message for Prefect, committed with the change that caused it."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    kind: OutboxKind = _text(10)
    wait_key: str | None = Field(default=None, max_length=80)
    status: OutboxStatus = _text(10, default=OutboxStatus.PENDING, index=True)
    attempts: int = 0
    next_attempt_at: datetime = _created()
    last_error: str = ""
    created_at: datetime = _created()
    delivered_at: datetime | None = _ts(nullable=True)


class Timer(SQLModel, table=True):
    """A deadline that continues the case by itself when it passes."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fut_case.id", index=True)
    kind: str = Field(
        max_length=40,
        description="'deadline': the work item's step passes by itself; else the name of "
        "the step the timer opens",
    )
    work_item_id: int | None = Field(default=None, foreign_key="workitem.id")
    fire_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    fired_at: datetime | None = _ts(nullable=True)
