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
from fut.steps.base import ui
from fut.validation import Day, Kronor, Line, Month, PositiveKronor, Text

REPORTER_TYPES = {
    "anonymous": "Anonym",
    "private_person": "Privatperson",
    "authority": "Myndighet",
    "own_staff": "Egen personal",
}
"""Who reported, in Swedish: the choices the pages offer (the API takes any line)."""

CHANNELS = {
    "phone": "Telefon",
    "letter": "Brev",
    "fax": "Fax",
    "visit": "Besök",
    "e_service": "E-tjänst",
    "register_check": "Registerkontroll",
}
"""How the report came in, in Swedish."""

IDENTITY_HINT = "Personnummer eller samordningsnummer, till exempel 19121212-1212"


class PersonIn(BaseModel):
    personnummer: str = Field(
        description="personnummer or samordningsnummer, 10 or 12 digits",
        title="Personnummer",
        json_schema_extra=ui(
            hint=IDENTITY_HINT, missing="Fyll i personnummer eller samordningsnummer."
        ),
    )
    name: Line = Field(
        min_length=1,
        max_length=200,
        title="Namn",
        json_schema_extra=ui(missing="Fyll i personens namn."),
    )
    address: Text = Field(default="", max_length=500, title="Adress")

    @field_validator("personnummer")
    @classmethod
    def _valid(cls, value: str) -> str:
        try:
            return parse_identity_number(value).digits12
        except RuleError as exc:
            raise ValueError(str(exc)) from None


class HouseholdMemberIn(PersonIn):
    personnummer: str = Field(
        description="personnummer or samordningsnummer, 10 or 12 digits",
        title="Personnummer",
        json_schema_extra=ui(
            missing="Fyll i hushållsmedlemmens personnummer eller samordningsnummer."
        ),
    )
    name: Line = Field(
        min_length=1,
        max_length=200,
        title="Namn",
        json_schema_extra=ui(missing="Fyll i hushållsmedlemmens namn."),
    )
    relation: Line = Field(
        default="",
        max_length=50,
        examples=["sambo", "barn", "inneboende"],
        title="Relation",
        json_schema_extra=ui(hint="Till exempel sambo, barn eller inneboende"),
    )


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

    unit: Line = Field(
        min_length=1,
        max_length=100,
        title="Enhet",
        json_schema_extra=ui(missing="Välj vilken enhet ärendet hör till."),
    )
    person: PersonIn = Field(title="Person")
    household: list[HouseholdMemberIn] = Field(
        default_factory=list,
        max_length=20,
        title="Hushållsmedlemmar",
        json_schema_extra=ui(
            hint="Andra personer i hushållet som anmälan gäller. Tomma rader sparas inte.",
            item="hushållsmedlem",
            widget="fieldsets",
        ),
    )
    reporter_type: Line = Field(
        min_length=1,
        max_length=100,
        examples=list(REPORTER_TYPES),
        title="Anmälare (typ)",
        json_schema_extra=ui(
            options=REPORTER_TYPES, widget="select", missing="Välj vem som anmälde."
        ),
    )
    reporter_name: Line = Field(
        default="",
        max_length=200,
        title="Anmälarens namn",
        json_schema_extra=ui(hint="Lämna tomt om anmälan är anonym"),
    )
    channel: Line = Field(
        min_length=1,
        max_length=100,
        examples=list(CHANNELS),
        title="Hur anmälan kom in",
        json_schema_extra=ui(options=CHANNELS, widget="select"),
    )
    received_by: Line = Field(
        min_length=1,
        max_length=200,
        title="Mottagen av",
        json_schema_extra=ui(missing="Fyll i vem som tog emot anmälan."),
    )
    received_on: Day = Field(
        title="Mottagen den",
        json_schema_extra=ui(
            hint="Datum då anmälan kom in (ankomststämpeln), ÅÅÅÅ-MM-DD",
            missing="Fyll i datum då anmälan kom in.",
        ),
    )
    discovered_by: Text = Field(
        min_length=1,
        max_length=500,
        title="Hur felet upptäcktes",
        json_schema_extra=ui(
            hint="Hur och av vem, till exempel bankutdrag, registerkontroll eller tips",
            widget="textarea",
            missing="Beskriv hur felet upptäcktes.",
        ),
    )
    description: Text = Field(
        min_length=1,
        max_length=20000,
        title="Beskrivning",
        json_schema_extra=ui(
            hint="Vad felet misstänks gälla", missing="Beskriv vad anmälan gäller."
        ),
    )
    period_from: Month = Field(
        description="the first month of the error, YYYY-MM",
        title="Period från (månad)",
        json_schema_extra=ui(
            hint="År och månad, ÅÅÅÅ-MM", missing="Fyll i första månaden som felet gäller."
        ),
    )
    period_to: Month = Field(
        description="the last month of the error, YYYY-MM; at the latest the current month",
        title="Period till (månad)",
        json_schema_extra=ui(
            hint="År och månad, ÅÅÅÅ-MM", missing="Fyll i sista månaden som felet gäller."
        ),
    )
    estimated_amount: Kronor = Field(
        description="kronor",
        title="Uppskattat belopp (kr)",
        json_schema_extra=ui(
            hint="Hela kronor, till exempel 24 000",
            missing="Fyll i ett uppskattat belopp i kronor. Skriv 0 om det inte går att "
            "uppskatta ännu.",
        ),
    )
    measures_taken: Text = Field(
        default="",
        max_length=5000,
        description="what the case worker already did, e.g. corrected the norm calculation",
        title="Vidtagna åtgärder",
        json_schema_extra=ui(
            hint="Vad som redan är gjort, till exempel att normberäkningen är rättad"
        ),
    )
    ongoing: bool = Field(
        default=False,
        description="the error is suspected to be ongoing",
        title="Pågående",
        json_schema_extra=ui(hint="Felet misstänks pågå fortfarande"),
    )
    still_on_assistance: bool = Field(
        default=True,
        description="the client still gets bistånd",
        title="Har fortfarande bistånd",
        json_schema_extra=ui(hint="Personen får fortfarande ekonomiskt bistånd"),
    )
    evidence_at_risk: bool = Field(
        default=False,
        description="evidence gets harder to obtain if the case waits",
        title="Bevis riskerar att gå förlorade",
        json_schema_extra=ui(hint="Bevisningen blir svårare att få fram om ärendet får vänta"),
    )
    attachments: list[Annotated[Line, Field(max_length=500)]] = Field(
        default_factory=list,
        max_length=100,
        title="Bilagor",
        json_schema_extra=ui(
            hint="Namnet på varje handling som kom med anmälan, en per rad, till exempel "
            "”Kontoutdrag maj–augusti 2025”. Tomma rader sparas inte."
        ),
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


class LedgerRowOut(BaseModel):
    on: date
    kind: Literal["decided", "payment", "waiver"]
    text: str = Field(description="what the row is, in Swedish")
    amount: int = Field(description="kronor: the decided debt, a payment or an eftergift")
    balance: int = Field(description="what was left to pay after the row")
    reference: str = ""


class LedgerOut(BaseModel):
    """The debt's account: decided, paid, waived (eftergift) and what is left, with the
    rows in the order they happened."""

    decided: int
    paid: int
    waived: int
    remaining: int
    overpaid: int = Field(description="paid beyond the debt, to be paid back to the client")
    rows: list[LedgerRowOut]


class DebtOut(BaseModel):
    amount: int
    ocr: str | None = Field(description="the OCR reference payments carry (Bankgirot)")
    paid: int
    remaining: int
    status: str
    decided_on: date
    plan: PlanOut | None
    payments: list[PaymentOut]
    waived: int = 0
    ledger: LedgerOut | None = None


class MonthOut(BaseModel):
    month: str
    paid: int
    correct: int
    overpaid: int
    already_corrected: int
    reason: str
    payment_date: date | None
    granted_on: date = Field(
        description="when the month's assistance was granted; decides the law (SFS 2025:400 "
        "övergångsbestämmelse 5 a: granted before 2025-07-01 -> SoL 2001:453 9 kap.)"
    )
    granted_on_assumed: bool = Field(
        description="the grant date was not recorded: it is assumed to be the payment date "
        "(else the month's first day), set when the case was migrated"
    )
    granted_on_note: str | None = Field(
        description="in Swedish, why the grant date is marked antaget; None when it was recorded"
    )
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
