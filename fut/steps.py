"""What a person submits to complete each human step (the API's contract)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fut.lifecycle import Stage
from fut.limits import MAX_KRONOR
from fut.rules.overpayment import ResourceKind
from fut.schemas import valid_month


class StepPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TriagePayload(StepPayload):
    outcome: Literal["investigate", "no_action"]
    priority: Literal["high", "normal", "low"]
    case_type: Literal[1, 2, 3]
    reason: str = Field(min_length=1, max_length=5000)


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


class ResourceInput(BaseModel):
    """An undeclared resource of the month, of the client or another household member."""

    kind: ResourceKind = Field(
        description="work_income | benefit_from_other_authority | assets | other_income"
    )
    amount: int = Field(ge=0, le=MAX_KRONOR, description="kronor")
    member: str | None = Field(
        default=None, max_length=100, description="whose it is, e.g. 'sambo' (default the client)"
    )


class MonthInput(BaseModel):
    month: str = Field(description="YYYY-MM", examples=["2025-06"])
    paid: int = Field(ge=0, le=MAX_KRONOR, description="kronor paid that month")
    undeclared_income: int = Field(
        default=0,
        ge=0,
        le=MAX_KRONOR,
        description="kronor of undeclared income (of the kind the error type "
        "implies); more kinds and members in `resources`",
    )
    resources: list[ResourceInput] = Field(default_factory=list, max_length=20)
    correct_amount: int | None = Field(
        default=None,
        ge=0,
        le=MAX_KRONOR,
        description="the correct assistance, recalculated directly "
        "(e.g. wrong household); replaces the resources",
    )
    already_corrected: int = Field(
        default=0,
        ge=0,
        le=MAX_KRONOR,
        description="kronor already counted in a later norm calculation",
    )
    reason: str = Field(default="", max_length=500, description="why this month was wrong")
    payment_date: date | None = Field(
        default=None,
        description="when it was paid; decides the law and the court deadline "
        "(default the 1st of the month)",
    )

    _month = field_validator("month")(valid_month)


class InvestigationPayload(StepPayload):
    error_type: ErrorType
    detected_by: str = Field(min_length=1, max_length=500)
    summary: str = Field(min_length=1, max_length=20000)
    months: list[MonthInput] = Field(min_length=1, max_length=120)
    law_paragraph: Literal[1, 2] = Field(
        default=1,
        description="33 kap. 1 § SoL: 1 = incorrect information or failure to report, "
        "2 = received too much and should reasonably have realised it",
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


class ClientReplyPayload(StepPayload):
    replied: bool
    summary: str = Field(default="", max_length=20000)


class IntentPayload(StepPayload):
    assessment: Literal["intent", "gross_negligence", "none"]
    motivation: str = Field(min_length=1, max_length=20000)


class DecisionProposalPayload(StepPayload):
    recover: bool
    motivation: str = Field(min_length=1, max_length=20000)


class DecisionApprovalPayload(StepPayload):
    approve: bool
    comment: str = Field(default="", max_length=5000)


class RepaymentPlanPayload(StepPayload):
    monthly_amount: int = Field(gt=0, le=MAX_KRONOR, description="kronor a month")
    first_due_date: date


class CourtDeadlineWarningPayload(StepPayload):
    action: Literal["apply_to_court", "waive", "wait", "paid"] = Field(
        description="what the investigator does about the months nearing the deadline"
    )
    comment: str = Field(default="", max_length=5000)


class FollowUpPayload(StepPayload):
    action: Literal["contacted", "new_plan", "ability_check", "waive", "court", "none"] = Field(
        description="what was done: contacted the client, agreed a new plan, checks payment "
        "ability later, proposes eftergift or ersättningstalan, or nothing needed"
    )
    comment: str = Field(default="", max_length=5000)


PAYLOADS: dict[str, type[StepPayload]] = {
    "court_deadline_warning": CourtDeadlineWarningPayload,
    "missed_payment": FollowUpPayload,
    "repayment_review": FollowUpPayload,
    Stage.TRIAGE: TriagePayload,
    Stage.INVESTIGATION: InvestigationPayload,
    Stage.CLIENT_REPLY: ClientReplyPayload,
    Stage.INTENT: IntentPayload,
    Stage.DECISION_PROPOSAL: DecisionProposalPayload,
    Stage.DECISION_APPROVAL: DecisionApprovalPayload,
    Stage.REPAYMENT_PLAN: RepaymentPlanPayload,
}
