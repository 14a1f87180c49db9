"""What the case file holds, read once per document: the facts every builder draws on.

A fact the case does not have yet is None (or an empty list), never a made-up value, so
that rendering names it as missing (fut.documents.MissingDocumentData).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from sqlmodel import Session, col, select

from fut.clock import local_date, today
from fut.documents import Client, Officer, Org, common_context
from fut.enums import DecisionKind, WorkStatus
from fut.lifecycle import Stage
from fut.models import (
    Case,
    Debt,
    Decision,
    IncomingReport,
    InstallmentPlan,
    OverpaidMonth,
    Payment,
    Person,
    StageHistory,
    User,
    WorkItem,
)
from fut.municipality import Municipality, get_municipality
from fut.rules.applicable_law import (
    LawProvisions,
    RecoveryGround,
    cite_per_month,
    law_short,
    recovery_citation,
)
from fut.rules.court_deadline import court_deadlines
from fut.rules.deadlines import add_period, reply_deadline
from fut.rules.identity_numbers import parse_identity_number
from fut.rules.installments import PlanTerms, remaining
from fut.services.debts import case_debt, debt_plan
from fut.services.decisions import latest_decision
from fut.services.ledger import waived_amount
from fut.steps.investigation import ERROR_TYPE_TEXT, ErrorType

Extra = Mapping[str, Any]


def merge(base: Any, extra: Any) -> Any:
    """``extra`` over ``base``: objects are merged field by field, anything else replaced."""
    if isinstance(base, Mapping) and isinstance(extra, Mapping):
        return {**base, **{k: merge(base.get(k), v) for k, v in extra.items()}}
    return extra


def officer_of(user: User, fallback_phone: str, fallback_email: str) -> Officer:
    return Officer(
        user.display_name,
        user.title or "FUT-utredare",
        user.phone or fallback_phone,
        user.email or fallback_email,
    )


class CaseFile:
    """One case's file as the document builders see it (read lazily, each fact once)."""

    def __init__(self, session: Session, case: Case, *, fallback_officer: str | None = None):
        self.session = session
        self.case = case
        self.case_id: int = case.id  # type: ignore[assignment]
        self.fallback_officer = fallback_officer
        self.today: date = today()

    # --- settings -------------------------------------------------------------------------
    @cached_property
    def municipality(self) -> Municipality:
        return get_municipality()

    @cached_property
    def reply_by(self) -> date:
        """The default last day to answer a letter sent today (the municipality's reply period)."""
        return reply_deadline(self.today, self.municipality.reply_days)

    @cached_property
    def signatories(self) -> list[dict[str, str]]:
        return [s.model_dump() for s in self.municipality.signatories]

    # --- people ---------------------------------------------------------------------------
    def step(self, step: str) -> WorkItem | None:
        """The latest completed work item of a step."""
        return self.session.exec(
            select(WorkItem)
            .where(
                WorkItem.case_id == self.case_id,
                WorkItem.step == step,
                WorkItem.status == WorkStatus.DONE,
            )
            .order_by(col(WorkItem.id).desc())
        ).first()

    def user(self, username: str | None) -> User | None:
        if not username:
            return None
        return self.session.exec(select(User).where(User.username == username)).first()

    def person(self, user_id: int | None) -> dict[str, str] | None:
        """{name, title} of a user (an approver), or None."""
        user = self.session.get(User, user_id) if user_id else None
        return {"name": user.display_name, "title": user.title} if user else None

    def officer(self) -> Officer:
        """The handling officer: who investigated (or triaged) the case; before that the
        person producing the document; else the unit itself."""
        unit = self.municipality.unit(self.case.unit)
        for step in (Stage.INVESTIGATION, Stage.TRIAGE):
            item = self.step(step)
            user = self.user(item.completed_by if item else None)
            if user is not None:
                return officer_of(user, unit.phone, unit.email)
        user = self.user(self.fallback_officer)
        if user is not None:
            return officer_of(user, unit.phone, unit.email)
        return Officer(unit.name, "FUT-utredare", unit.phone, unit.email)

    def common(self) -> dict[str, Any]:
        municipality = self.municipality
        unit = municipality.unit(self.case.unit)
        person = self.session.get(Person, self.case.person_id)
        assert person is not None
        return common_context(
            org=Org(
                municipality.municipality,
                municipality.board,
                unit.name,
                unit.address or municipality.address,
                unit.postal_address or municipality.postal_address,
                unit.phone or municipality.phone,
                unit.email or municipality.email,
                municipality.bankgiro,
                municipality.logo,
                municipality.lagrum.model_dump(),
            ),
            case_number=self.case.case_number,
            today=self.today,
            officer=self.officer(),
            client=Client(
                person.name,
                parse_identity_number(person.identity_number).formatted,
                [line.strip() for line in person.address.split(",") if line.strip()],
            ),
        )

    # --- report and investigation ---------------------------------------------------------
    @cached_property
    def report(self) -> IncomingReport | None:
        return self.session.exec(
            select(IncomingReport).where(IncomingReport.case_id == self.case_id)
        ).first()

    @cached_property
    def investigation(self) -> dict[str, Any] | None:
        """The investigation step's payload, or None before the investigation is done."""
        item = self.step(Stage.INVESTIGATION)
        return item.payload if item and item.payload else None

    @cached_property
    def error_type_text(self) -> str | None:
        if self.investigation is None:
            return None
        return ERROR_TYPE_TEXT[ErrorType(self.investigation.get("error_type", "other"))]

    @cached_property
    def months(self) -> list[OverpaidMonth]:
        return list(
            self.session.exec(
                select(OverpaidMonth)
                .where(OverpaidMonth.case_id == self.case_id)
                .order_by(col(OverpaidMonth.month))
            )
        )

    def month_rows(self) -> list[dict[str, Any]] | None:
        """The months of the investigation as table rows, or None before there are any."""
        if not self.months:
            return None
        return [
            {
                "month": m.month,
                "paid": m.paid,
                "correct": m.correct,
                "overpaid": m.overpaid,
                "law": law_short(m.granted_on),
                "already_corrected": m.already_corrected,
                "reason": m.reason,
                "payment_date": m.payment_date,
                "granted_on": m.granted_on,
                "resources": list(m.resources),
            }
            for m in self.months
        ]

    @property
    def owed_months(self) -> list[OverpaidMonth]:
        """The months with something to recover (the ones a letter cites law for)."""
        return [m for m in self.months if m.overpaid > 0]

    @property
    def ground(self) -> RecoveryGround:
        """The paragraph of the recovery section the investigation relies on."""
        paragraph = self.investigation.get("law_paragraph", 1) if self.investigation else 1
        return (
            RecoveryGround.SHOULD_HAVE_REALISED
            if paragraph == 2
            else RecoveryGround.INCORRECT_INFORMATION
        )

    @cached_property
    def old_sol(self) -> LawProvisions:
        """The former socialtjänstlag (2001:453) as the municipality's settings cite it."""
        return self.municipality.lagrum.old_sol()

    def cite(
        self, rows: Iterable[OverpaidMonth], cite: Callable[[date, LawProvisions], str]
    ) -> list[str]:
        """``cite`` of each month's law (by its grant date, the former law's citations from
        the settings), once per law and naming the months when there are several."""
        return cite_per_month(rows, lambda day: cite(day, self.old_sol))

    def recovery_citations(self, months: list[OverpaidMonth] | None = None) -> list[str] | None:
        """The recovery section of each month's law (by its grant date), or None without months."""
        rows = self.owed_months if months is None else months
        return self.cite(rows, lambda day, old: recovery_citation(day, self.ground, old)) or None

    @property
    def total_overpaid(self) -> int | None:
        return sum(m.overpaid for m in self.months) if self.months else None

    @property
    def months_period(self) -> tuple[str | None, str | None]:
        """First and last investigated month, or (None, None)."""
        return (self.months[0].month, self.months[-1].month) if self.months else (None, None)

    @property
    def period(self) -> tuple[str | None, str | None]:
        """The investigated months, else the period the incoming report named."""
        if self.months:
            return self.months_period
        if self.report is not None:
            return self.report.period_from, self.report.period_to
        return None, None

    def findings(self) -> dict[str, Any]:
        period_from, period_to = self.months_period
        return {
            "error_type_text": self.error_type_text,
            "summary": self.investigation.get("summary") if self.investigation else None,
            "period_from": period_from,
            "period_to": period_to,
            "total_overpaid": self.total_overpaid,
        }

    # --- decisions --------------------------------------------------------------------------
    @cached_property
    def recovery(self) -> Decision | None:
        """The latest recovery decision or proposal."""
        return latest_decision(self.session, self.case_id, DecisionKind.RECOVERY)

    @cached_property
    def approver(self) -> dict[str, str] | None:
        """{name, title} of who approved the recovery decision, or None."""
        return self.person(self.recovery.approver_id if self.recovery else None)

    @cached_property
    def intent(self) -> Decision | None:
        return latest_decision(self.session, self.case_id, DecisionKind.INTENT)

    def entered(self, stage: str) -> date | None:
        """The (Swedish) day the case last entered ``stage``, or None."""
        entry = self.session.exec(
            select(StageHistory)
            .where(StageHistory.case_id == self.case_id, StageHistory.to_stage == stage)
            .order_by(col(StageHistory.id).desc())
        ).first()
        return local_date(entry.at) if entry else None

    # --- debt, plan, payments ---------------------------------------------------------------
    @cached_property
    def debt(self) -> Debt | None:
        return case_debt(self.session, self.case_id)

    @cached_property
    def plan(self) -> InstallmentPlan | None:
        if self.debt is None or self.debt.id is None:
            return None
        return debt_plan(self.session, self.debt.id)

    @cached_property
    def payments(self) -> list[Payment]:
        if self.debt is None:
            return []
        return list(
            self.session.exec(
                select(Payment)
                .where(Payment.debt_id == self.debt.id)
                .order_by(col(Payment.paid_on), col(Payment.id))
            )
        )

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @cached_property
    def waived(self) -> int:
        """Kronor of the debt waived by eftergift (SoL 33:6)."""
        if self.debt is None or self.debt.id is None:
            return 0
        return waived_amount(self.session, self.debt.id)

    def debt_info(self) -> dict[str, Any] | None:
        """{total, paid, waived, remaining, decided_on} of the decided debt, or None."""
        if self.debt is None:
            return None
        return {
            "total": self.debt.amount,
            "paid": self.paid,
            "waived": self.waived,
            "remaining": remaining(self.debt.amount, self.paid, self.waived),
            "decided_on": self.debt.decided_on,
        }

    def plan_terms(self) -> PlanTerms | None:
        if self.plan is None:
            return None
        return PlanTerms(
            self.plan.first_due_date,
            self.plan.monthly_amount,
            self.plan.installments,
            self.plan.paid_before,
        )

    def court_deadlines(self) -> list[dict[str, Any]]:
        """The last day to apply to förvaltningsrätten (SoL 33:5) for each month still unpaid
        whose day has not passed: [{month, deadline}], oldest first (payments counted against
        the oldest months)."""
        return [
            {"month": row.month, "deadline": deadline}
            for row, deadline in court_deadlines(self.months, self.paid, self.today)
        ]

    def due_dates(self) -> list[date]:
        if self.plan is None:
            return []
        return [
            add_period(self.plan.first_due_date, months=i) for i in range(self.plan.installments)
        ]


Builder = Callable[[CaseFile, Extra], dict[str, Any]]


@dataclass(frozen=True)
class KindSpec:
    """How a document kind is built from the case file.

    ``needs``: what the case file cannot provide (the caller gives it).
    ``from_case``: what only the case file may provide (a caller may not set it), dotted for
    a field of an object, e.g. ``invoice.amount``.
    """

    build: Builder
    needs: tuple[str, ...] = ()
    from_case: tuple[str, ...] = ()
