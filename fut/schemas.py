"""What the API accepts and returns for cases (table models never leave fut/)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from fut.clock import today
from fut.rules.assistance_month import month_of
from fut.rules.errors import RuleError
from fut.rules.identity_numbers import parse_identity_number
from fut.validation import Day, Kronor, Line, Month, PositiveKronor, Text


class PersonIn(BaseModel):
    personnummer: str = Field(description="personnummer or samordningsnummer, 10 or 12 digits")
    name: Line = Field(min_length=1, max_length=200)
    address: Text = Field(default="", max_length=500)

    @field_validator("personnummer")
    @classmethod
    def _valid(cls, value: str) -> str:
        try:
            return parse_identity_number(value).digits12
        except RuleError as exc:
            raise ValueError(str(exc)) from None


class HouseholdMemberIn(PersonIn):
    relation: Line = Field(default="", max_length=50, examples=["sambo", "barn", "inneboende"])


class ReportCreate(BaseModel):
    """An incoming report (FUT-anmälan) as a case worker files it."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "unit": "sodermalm",
                    "person": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
                    "reporter_type": "authority",
                    "channel": "letter",
                    "received_by": "Hanna Handläggare",
                    "received_on": "2025-09-15",
                    "discovered_by": "Bankutdrag",
                    "description": "Lön ej redovisad",
                    "period_from": "2025-05",
                    "period_to": "2025-08",
                    "estimated_amount": 24000,
                }
            ]
        },
    )

    unit: Line = Field(min_length=1, max_length=100)
    person: PersonIn
    household: list[HouseholdMemberIn] = Field(default_factory=list, max_length=20)
    reporter_type: Line = Field(
        min_length=1,
        max_length=100,
        examples=["anonymous", "private_person", "authority", "own_staff"],
    )
    reporter_name: Line = Field(default="", max_length=200)
    channel: Line = Field(
        min_length=1,
        max_length=100,
        examples=["phone", "letter", "fax", "visit", "e_service", "register_check"],
    )
    received_by: Line = Field(min_length=1, max_length=200)
    received_on: Day
    discovered_by: Text = Field(min_length=1, max_length=500)
    description: Text = Field(min_length=1, max_length=20000)
    period_from: Month = Field(description="the first month of the error, YYYY-MM")
    period_to: Month = Field(
        description="the last month of the error, YYYY-MM; at the latest the current month"
    )
    estimated_amount: Kronor = Field(description="kronor")
    measures_taken: Text = Field(
        default="",
        max_length=5000,
        description="what the case worker already did, e.g. corrected the norm calculation",
    )
    ongoing: bool = Field(default=False, description="the error is suspected to be ongoing")
    still_on_assistance: bool = Field(default=True, description="the client still gets bistånd")
    evidence_at_risk: bool = Field(
        default=False, description="evidence gets harder to obtain if the case waits"
    )
    attachments: list[Annotated[Line, Field(max_length=500)]] = Field(
        default_factory=list, max_length=100
    )

    @field_validator("period_from", "period_to")
    @classmethod
    def _not_in_the_future(cls, value: str, info: ValidationInfo) -> str:
        """A report is about payments made: its months end at the current month (an error
        that still goes on names the current month)."""
        current = month_of(today())
        if value > current:
            raise ValueError(
                f"{info.field_name} {value} is in the future; the current month is {current}"
            )
        return value

    @model_validator(mode="after")
    def _period_in_order(self) -> ReportCreate:
        if self.period_from > self.period_to:
            raise ValueError(f"period_from {self.period_from} is after period_to {self.period_to}")
        return self


class CaseCreated(BaseModel):
    id: int
    case_number: str
    stage: str


class HistoryOut(BaseModel):
    from_stage: str | None
    to_stage: str
    actor: str
    reason: str
    at: datetime


class DocumentOut(BaseModel):
    id: int
    kind: str
    title: str
    template_version: str
    sha256: str
    created_at: datetime
    url: str


class PaymentOut(BaseModel):
    id: int
    amount: int
    paid_on: date
    reference: str


class PlanOut(BaseModel):
    monthly_amount: int
    first_due_date: date
    installments: int
    due_dates: list[date]


class DebtOut(BaseModel):
    amount: int
    paid: int
    remaining: int
    status: str
    decided_on: date
    plan: PlanOut | None
    payments: list[PaymentOut]


class MonthOut(BaseModel):
    month: str
    paid: int
    correct: int
    overpaid: int
    already_corrected: int
    reason: str
    payment_date: date | None
    law: str
    court_deadline: date = Field(description="last day to apply to förvaltningsrätten (33:5)")
    too_old: bool = Field(description="the court deadline has passed")


class CaseOut(BaseModel):
    id: int
    case_number: str
    unit: str
    stage: str
    priority: str | None
    case_type: int | None
    flow_run_id: str | None
    person: dict[str, Any]
    report: dict[str, Any]
    history: list[HistoryOut]
    open_tasks: list[dict[str, Any]]
    notices: list[str]
    months: list[MonthOut]
    documents: list[DocumentOut]
    debt: DebtOut | None


class PaymentIn(BaseModel):
    amount: PositiveKronor = Field(title="Belopp", description="kronor")
    paid_on: Day = Field(title="Betalningsdag")
    reference: Line = Field(
        default="",
        max_length=100,
        title="Referens",
        json_schema_extra={"x-hint": "T.ex. OCR-nummer. Lämnas tom blir det ärendenumret."},
    )


class TaskOut(BaseModel):
    id: int
    case_id: int
    case_number: str
    step: str
    title: str
    status: str
    due_at: datetime | None
    assignee: str | None
    candidate_roles: list[str]
    case_stage: str


class RecoveryRouteIn(BaseModel):
    route: Literal["administrative_court", "damages_in_criminal_case"]


class TaskReassign(BaseModel):
    """Who takes over a work item (`POST /api/tasks/{id}/reassign`, chef only)."""

    username: Line = Field(min_length=1, max_length=64, examples=["utredare2"])


InboxView = Literal["mine_claimable", "mine", "claimable", "all"]
"""Which open work items the inbox lists: mine and those my roles may claim (the default),
only mine, only claimable ones, or (chef) every open item of my units."""

InboxPriority = Literal["high", "normal", "low", "none"]


class InboxFilters(BaseModel):
    view: InboxView = "mine_claimable"
    unit: Line | None = Field(default=None, max_length=100)
    step: Line | None = Field(default=None, max_length=40)
    priority: InboxPriority | None = None
    overdue: bool = False


class InboxRow(BaseModel):
    id: int
    case_id: int
    case_number: str
    step: str
    title: str
    due_at: datetime | None
    overdue: bool
    priority: str | None
    unit: str
    assignee: str | None
    assignee_name: str | None
    mine: bool
    may_claim: bool = Field(description="unclaimed and a step one of the reader's roles may do")
    barred: str = Field(
        default="", description="why the step's own rules keep the reader from it (four-eyes)"
    )


class InboxPage(BaseModel):
    rows: list[InboxRow]
    total: int
    overdue: int = Field(description="how many of `total` are overdue")
    page: int
    pages: int
    per_page: int
