"""Letters about paying the debt back: the plan, the invoice basis, offers and reminders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fut.rules.assistance_month import month_of
from fut.rules.deadlines import add_period
from fut.rules.installments import missed_installments, to_pay
from fut.services.document_context.common import CaseFile, Extra, KindSpec

SUGGESTED_MIN_MONTHLY = 200
"""Kronor a month suggested while the client is still on assistance (voluntary)."""
SUGGESTED_MAX_MONTHLY = 300
REQUESTED_DOCUMENTS = [
    "lönebesked eller beslut om andra ersättningar för de senaste tre månaderna",
    "hyresavi eller annat underlag för boendekostnaden",
    "kontoutdrag för de senaste tre månaderna",
]


def missed_months(
    due_dates: Sequence[date], monthly_amount: int, total: int, paid: int, today: date
) -> list[str]:
    """The months ("YYYY-MM") of the plan's due dates that have passed (the due day itself
    still counts as in time) while everything paid so far does not cover the installments
    due by then. Payments are counted towards the earliest installments first."""
    missed = []
    for number, due in enumerate(due_dates, start=1):
        if due >= today:
            break
        if paid < min(monthly_amount * number, total):
            missed.append(month_of(due))
    return missed


def _debt(file: CaseFile, *fields: str) -> dict[str, Any] | None:
    debt = file.debt_info()
    return {name: debt[name] for name in fields} if debt else None


def _ocr(file: CaseFile) -> str | None:
    """The debt's OCR reference (fut.rules.ocr), the reference the client pays with."""
    return file.debt.ocr if file.debt is not None else None


def avbetalningsplan(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt, plan = file.debt, file.plan
    return {
        "plan": (
            {
                "debt_total": debt.amount,
                "decided_on": debt.decided_on,
                "monthly_amount": plan.monthly_amount,
                "first_due_date": plan.first_due_date,
                "installments": plan.installments,
                "last_due_date": add_period(plan.first_due_date, months=plan.installments - 1),
            }
            if debt is not None and plan is not None
            else None
        ),
        "signatories": file.signatories,
        "court_deadlines": file.court_deadlines(),
        "ocr": _ocr(file),
    }


def fakturaunderlag(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt, plan = file.debt_info(), file.plan
    invoice: dict[str, Any] | None = None
    if debt is not None:
        invoice = {
            "kind": "plan" if plan else "total",
            "amount": debt["remaining"],
            "decided_on": debt["decided_on"],
            "accounting": None,
            "monthly_amount": plan.monthly_amount if plan else None,
            "first_due_date": plan.first_due_date if plan else None,
            "installments": plan.installments if plan else None,
        }
        if plan is not None:
            # a total invoice needs a due date from the caller: left out, it is named as missing
            invoice["due_date"] = None
    return {
        "ocr": _ocr(file),
        "finance_unit": None,
        "invoice": invoice,
        "court_deadlines": file.court_deadlines(),
        "citations": file.recovery_citations(),
    }


def skuld_under_bistand(file: CaseFile, extra: Extra) -> dict[str, Any]:
    return {
        "debt": _debt(file, "total", "remaining", "decided_on"),
        "suggested_min": SUGGESTED_MIN_MONTHLY,
        "suggested_max": SUGGESTED_MAX_MONTHLY,
        "reply_by": file.reply_by,
        "court_deadlines": file.court_deadlines(),
    }


def erbjudande_avbetalningsplan(file: CaseFile, extra: Extra) -> dict[str, Any]:
    return {
        "debt": _debt(file, "total", "decided_on"),
        "min_monthly": SUGGESTED_MIN_MONTHLY,
        "reply_by": file.reply_by,
        "ocr": _ocr(file),
    }


def avbrutna_avbetalningar(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt, plan, terms = file.debt_info(), file.plan, file.plan_terms()
    missed = None
    if debt is not None and terms is not None:
        # every installment whose due day has passed (the day itself is still in time)
        due = missed_installments(
            terms, to_pay(debt["total"], debt["waived"]), debt["paid"], file.today, 1
        )
        missed = [month_of(day) for day in due]
    return {
        "debt": _debt(file, "total", "paid", "waived", "remaining"),
        "monthly_amount": plan.monthly_amount if plan else None,
        "missed_months": missed or None,
        "contact_by": file.reply_by,
    }


def kommunicering_betalningsformaga(file: CaseFile, extra: Extra) -> dict[str, Any]:
    return {
        "debt": _debt(file, "total", "remaining", "decided_on"),
        "requested_documents": list(REQUESTED_DOCUMENTS),
        "reply_by": file.reply_by,
    }


KINDS: dict[str, KindSpec] = {
    "avbetalningsplan": KindSpec(
        avbetalningsplan, from_case=("plan", "signatories", "court_deadlines", "ocr")
    ),
    "fakturaunderlag": KindSpec(
        fakturaunderlag,
        needs=("finance_unit", "invoice.accounting"),
        from_case=(
            "ocr",
            "citations",
            "invoice.kind",
            "invoice.amount",
            "invoice.decided_on",
            "invoice.monthly_amount",
            "invoice.first_due_date",
            "invoice.installments",
            "court_deadlines",
        ),
    ),
    "skuld_under_bistand": KindSpec(skuld_under_bistand, from_case=("debt", "court_deadlines")),
    "erbjudande_avbetalningsplan": KindSpec(erbjudande_avbetalningsplan, from_case=("debt", "ocr")),
    "avbrutna_avbetalningar": KindSpec(
        avbrutna_avbetalningar, from_case=("debt", "monthly_amount", "missed_months")
    ),
    "kommunicering_betalningsformaga": KindSpec(
        kommunicering_betalningsformaga, from_case=("debt",)
    ),
}
