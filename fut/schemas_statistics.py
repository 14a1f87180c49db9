"""What `GET /api/statistics` returns: the year's FUT statistics for a unit or all units.
Counts, amounts, medians and shares only: no names, identity numbers or case numbers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Count(BaseModel):
    """A count under a key (the stored value) with its Swedish label."""

    key: str
    label: str
    count: int


class UnitFigures(BaseModel):
    unit: str
    name: str
    reports: int
    investigations_started: int
    closed: int


class MonthFigures(BaseModel):
    month: str = Field(description="YYYY-MM")
    reports: int
    investigations_started: int
    closed: int


class Reports(BaseModel):
    total: int = Field(description="reports received (received_on) in the year")
    by_reporter_type: list[Count]
    by_channel: list[Count]


class Investigations(BaseModel):
    started: int = Field(description="cases that entered the investigation in the year")
    closed: int = Field(description="cases closed in the year, however")
    closed_no_action: int = Field(description="of them closed at triage with ingen åtgärd")
    closed_after_investigation: int
    decisions: int = Field(description="decisions on återkrav (or none) taken in the year")


class ErrorDetection(BaseModel):
    """One line of the feedback list: an error type and how such errors were found."""

    error_type: str
    error_label: str
    detected_by: str = Field(
        description="how it was found (the investigation's answer, grouped without regard to "
        "case or surrounding spaces); texts given fewer than `min_group` times are counted "
        "together as 'Övrigt'"
    )
    count: int


class Amounts(BaseModel):
    decided: int = Field(description="kronor decided for recovery (debts decided in the year)")
    decided_debts: int
    repaid: int = Field(description="kronor paid in the year on these units' debts")
    waived: int = Field(description="kronor waived in the year (eftergift)")
    outstanding: int = Field(
        description="kronor left at the end of the year (or today) on debts decided by then, "
        "after payments and eftergift"
    )


class PoliceReports(BaseModel):
    total: int = Field(description="police reports made in the year")
    outcomes: list[Count]


class Notifications(BaseModel):
    total: int = Field(
        description="notifications to other authorities (lag 2008:206) written in the year"
    )
    cases: int


class Median(BaseModel):
    cases: int
    median_days: float | None


class Durations(BaseModel):
    report_to_triage: Median
    report_to_decision: Median
    report_to_closing: Median


class StartGuarantee(BaseModel):
    triaged: int = Field(description="reports whose triage was completed in the year")
    within: int = Field(description="of them within three months of the report")
    share: float | None = Field(description="within / triaged, 0 to 1; null when none")


class YearStatistics(BaseModel):
    year: int
    units: list[str] = Field(description="the units counted; empty: every unit")
    generated_at: datetime
    through: str = Field(description="YYYY-MM-DD: the last day counted (today in this year)")
    reports: Reports
    investigations: Investigations
    case_types: list[Count] = Field(
        description="the year's reports by the case type set at triage; 'none': not yet"
    )
    error_types: list[ErrorDetection]
    min_group: int
    amounts: Amounts
    police_reports: PoliceReports
    notifications: Notifications
    durations: Durations
    start_guarantee: StartGuarantee
    per_unit: list[UnitFigures]
    per_month: list[MonthFigures]
    notes: list[str] = Field(description="the definitions, in Swedish")
