"""Utredning: the investigator establishes what went wrong, month by month; the months
with their law and court deadline are stored, and the court-deadline warning is set."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session, col, delete, select

from fut.errors import Invalid
from fut.lifecycle import Role, Stage
from fut.models import Case, IncomingReport, OverpaidMonth
from fut.rules.applicable_law import RecoveryGround
from fut.rules.assistance_month import month_of, months_between, parse_month
from fut.rules.deadlines import add_period
from fut.rules.errors import RuleError
from fut.rules.overpayment import MonthInput as RuleMonth
from fut.rules.overpayment import Resource, ResourceKind, specify
from fut.steps import court_deadline_warning, sections
from fut.steps.base import Done, HumanStep, Next, Section, StepPayload, ui
from fut.validation import Day, Kronor, Line, Month, Text


class ErrorType(StrEnum):
    undeclared_income = "undeclared_income"
    undeclared_work = "undeclared_work"
    undeclared_assets = "undeclared_assets"
    wrong_household = "wrong_household"
    other_benefit = "other_benefit"
    false_documents = "false_documents"
    other = "other"


RESOURCE_KIND_OF_ERROR = {
    ErrorType.undeclared_income: ResourceKind.OTHER_INCOME,
    ErrorType.undeclared_work: ResourceKind.WORK_INCOME,
    ErrorType.undeclared_assets: ResourceKind.ASSETS,
    ErrorType.wrong_household: ResourceKind.OTHER_INCOME,
    ErrorType.other_benefit: ResourceKind.BENEFIT_FROM_OTHER_AUTHORITY,
    ErrorType.false_documents: ResourceKind.OTHER_INCOME,
    ErrorType.other: ResourceKind.OTHER_INCOME,
}

ERROR_TYPE_TEXT = {
    ErrorType.undeclared_income: "inkomster som inte har redovisats",
    ErrorType.undeclared_work: "arbete som inte har redovisats",
    ErrorType.undeclared_assets: "tillgångar som inte har redovisats",
    ErrorType.wrong_household: "felaktiga uppgifter om hushållets sammansättning",
    ErrorType.other_benefit: "ersättning från en annan myndighet som inte har redovisats",
    ErrorType.false_documents: "falska eller felaktiga handlingar",
    ErrorType.other: "andra felaktiga eller ofullständiga uppgifter",
}

ERROR_TYPE_LABELS = {
    ErrorType.undeclared_income: "Inkomster som inte har redovisats",
    ErrorType.undeclared_work: "Arbete som inte har redovisats",
    ErrorType.undeclared_assets: "Tillgångar som inte har redovisats",
    ErrorType.wrong_household: "Felaktiga uppgifter om hushållet",
    ErrorType.other_benefit: "Ersättning från annan myndighet som inte har redovisats",
    ErrorType.false_documents: "Falska eller felaktiga handlingar",
    ErrorType.other: "Annat fel",
}

RESOURCE_KIND_LABELS = {
    ResourceKind.WORK_INCOME: "Arbetsinkomst",
    ResourceKind.BENEFIT_FROM_OTHER_AUTHORITY: "Ersättning från annan myndighet",
    ResourceKind.ASSETS: "Tillgångar",
    ResourceKind.OTHER_INCOME: "Annan inkomst",
}

LAW_PARAGRAPH_LABELS = {
    1: "33 kap. 1 § första stycket SoL (9 kap. 1 § i den äldre lagen) – felaktiga uppgifter "
    "eller ändrade förhållanden som inte anmälts",
    2: "33 kap. 1 § andra stycket SoL (9 kap. 1 § i den äldre lagen) – fick för mycket och "
    "borde skäligen ha insett det",
}

PREFILLED_MONTHS = 12
"""A report's period of at most this many months starts the form with a row per month."""


class ResourceInput(BaseModel):
    """An undeclared resource of the month, of the client or another household member."""

    kind: ResourceKind = Field(
        title="Slag",
        description="work_income | benefit_from_other_authority | assets | other_income",
        json_schema_extra=ui(options=RESOURCE_KIND_LABELS, widget="select"),
    )
    amount: Kronor = Field(title="Belopp", description="kronor")
    member: Line | None = Field(
        default=None,
        max_length=100,
        title="Hushållsmedlem",
        description="whose it is, e.g. 'sambo' (default the client)",
        json_schema_extra=ui(hint="T.ex. sambo. Tom: klienten själv."),
    )


class MonthInput(BaseModel):
    month: Month = Field(title="Månad", description="YYYY-MM", examples=["2025-06"])
    paid: Kronor = Field(title="Utbetalt bistånd", description="kronor paid that month")
    undeclared_income: Kronor = Field(
        default=0,
        title="Inkomst som inte redovisats",
        description="kronor of undeclared income (of the kind the error type "
        "implies); more kinds and members in `resources`",
        json_schema_extra=ui(hint="Av det slag som typen av fel anger."),
    )
    resources: list[ResourceInput] = Field(
        default_factory=list,
        max_length=20,
        title="Fler resurser och hushållsmedlemmar",
        json_schema_extra=ui(
            item="resurs",
            hint="Andra slag av inkomster eller tillgångar, också andra i hushållet.",
        ),
    )
    correct_amount: Kronor | None = Field(
        default=None,
        title="Rätt bistånd",
        description="the correct assistance, recalculated directly "
        "(e.g. wrong household); replaces the resources",
        json_schema_extra=ui(
            hint="Bara när rätt bistånd har räknats om direkt, t.ex. vid fel hushåll. "
            "Ersätter inkomster och resurser."
        ),
    )
    already_corrected: Kronor = Field(
        default=0,
        title="Redan rättat i normberäkning",
        description="kronor already counted in a later norm calculation",
    )
    reason: Line = Field(
        default="",
        max_length=500,
        title="Varför månaden blev fel",
        description="why this month was wrong",
    )
    granted_on: Day = Field(
        title="Beviljat den",
        description="the day the month's assistance was granted (the grant decision); decides "
        "the law: before 2025-07-01 SoL (2001:453) 9 kap., from then SoL (2025:400) 33 kap.",
        examples=["2025-06-25"],
        json_schema_extra=ui(
            hint="Dagen för beslutet om bistånd för månaden. Avgör vilken lag som gäller: "
            "beviljat före 1 juli 2025 – 9 kap. SoL (2001:453), annars 33 kap. SoL (2025:400)."
        ),
    )
    payment_date: Day | None = Field(
        default=None,
        title="Utbetalningsdag",
        description="when it was paid; the three-year court deadline runs from it "
        "(default the 1st of the month)",
        json_schema_extra=ui(
            hint="Treårsfristen för talan räknas härifrån. Tom: den 1:a i månaden."
        ),
    )

    def resources_of(self, error_type: ErrorType) -> list[Resource]:
        """The month's resources; `undeclared_income` first, of the error type's kind."""
        resources = [Resource(r.kind, r.amount, r.member) for r in self.resources]
        if self.undeclared_income:
            kind = RESOURCE_KIND_OF_ERROR[error_type]
            resources.insert(0, Resource(kind, self.undeclared_income))
        return resources


class InvestigationPayload(StepPayload):
    error_type: ErrorType = Field(
        title="Typ av fel", json_schema_extra=ui(options=ERROR_TYPE_LABELS, widget="select")
    )
    detected_by: Text = Field(
        min_length=1,
        max_length=500,
        title="Hur felet upptäcktes",
        json_schema_extra=ui(hint="T.ex. bankutdrag, registerkontroll eller tips."),
    )
    summary: Text = Field(
        min_length=1,
        max_length=20000,
        title="Sammanfattning av utredningen",
        json_schema_extra=ui(widget="textarea"),
    )
    months: list[MonthInput] = Field(
        min_length=1,
        max_length=120,
        title="Månader med felaktig utbetalning",
        json_schema_extra=ui(item="månad"),
    )
    law_paragraph: Literal[1, 2] = Field(
        default=1,
        title="Grund för återkrav",
        description="33 kap. 1 § SoL (9 kap. 1 § of SoL 2001:453): 1 = incorrect information "
        "or failure to report, "
        "2 = received too much and should reasonably have realised it",
        json_schema_extra=ui(options=LAW_PARAGRAPH_LABELS),
    )

    @field_validator("months")
    @classmethod
    def _distinct(cls, months: list[MonthInput]) -> list[MonthInput]:
        seen: set[str] = set()
        for row in months:
            if row.month in seen:
                raise ValueError(f"month {row.month} is given twice")
            seen.add(row.month)
        return months


def complete(done: Done, data: InvestigationPayload) -> Next:
    ground = (
        RecoveryGround.INCORRECT_INFORMATION
        if data.law_paragraph == 1
        else RecoveryGround.SHOULD_HAVE_REALISED
    )
    resources = {m.month: m.resources_of(data.error_type) for m in data.months}
    rule_months = [
        RuleMonth(
            month=m.month,
            paid=m.paid,
            resources=tuple(resources[m.month]),
            correct_amount=m.correct_amount,
            already_corrected=m.already_corrected,
            reason=m.reason,
            payment_date=m.payment_date,
            granted_on=m.granted_on,
        )
        for m in data.months
    ]
    try:
        spec = specify(rule_months, ground=ground)
    except RuleError as exc:
        raise Invalid(str(exc), ("body", "months")) from None
    session = done.session
    session.exec(delete(OverpaidMonth).where(col(OverpaidMonth.case_id) == done.case_id))
    stored = [
        OverpaidMonth(
            case_id=done.case_id,
            month=row.month,
            paid=row.paid,
            correct=row.correct,
            undeclared_income=sum(r.amount for r in resources[row.month]),
            overpaid=row.overpaid,
            already_corrected=row.already_corrected,
            reason=row.reason,
            payment_date=row.payment_date,
            granted_on=row.granted_on,
            granted_on_assumed=False,
            resources=[
                {"kind": r.kind.value, "amount": r.amount, "member": r.member}
                for r in resources[row.month]
            ],
            law=row.citation,
        )
        for row in spec.rows
    ]
    session.add_all(stored)
    court_deadline_warning.schedule(session, done.case_id, stored)
    return Next(Stage.COMMUNICATION, "Utredningen klar; resultatet kommuniceras")


def basis(session: Session, case: Case) -> list[Section]:
    return [sections.report(session, case), sections.triage_decision(session, case)]


def prefill(session: Session, case: Case) -> dict[str, Any]:
    """A row for each month of the report's period, when it is short enough."""
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case.id)).first()
    if report is None:
        return {}
    try:
        first, last = parse_month(report.period_from), parse_month(report.period_to)
    except RuleError:
        return {}
    count = months_between(first, last) + 1
    if not 0 < count <= PREFILLED_MONTHS:
        return {}
    return {"months": [{"month": month_of(add_period(first, months=i))} for i in range(count)]}


STEP = HumanStep(
    name=Stage.INVESTIGATION,
    title="Utredning",
    roles=(Role.UTREDARE,),
    payload=InvestigationPayload,
    complete=complete,
    basis=basis,
    prefill=prefill,
)
