"""Taking the claim to förvaltningsrätten (SoL 33 kap. 4-5 §§ / 9 kap. 3 §): the request
for documents and the application itself."""

from __future__ import annotations

from typing import Any

from fut.clock import today
from fut.rules.applicable_law import court_action_citation, law_short
from fut.rules.court_deadline import cost_date, row_court_deadline
from fut.rules.swedish_format import format_date, format_month
from fut.services.document_context.common import CaseFile, Extra, KindSpec


def _period_text(file: CaseFile) -> str:
    first, last = file.months_period
    if first is None or last is None:
        return ""
    if first == last:
        return format_month(first)
    return f"{format_month(first)}–{format_month(last)}"


def begaran_handlingar_ersattningstalan(file: CaseFile, extra: Extra) -> dict[str, Any]:
    period = _period_text(file)
    return {
        "recipient": None,
        "documents": (
            [
                f"ansökningar om ekonomiskt bistånd för {period}",
                "beslut om bistånd och beräkningar för samma månader",
                "utbetalningsunderlag med utbetalningsdag för varje utbetalning",
                "beslut om återkrav med bevis om att beslutet har delgetts",
            ]
            if file.months
            else None
        ),
        "needed_by": file.reply_by,
        "limitation_date": (
            min(row_court_deadline(m) for m in file.months) if file.months else None
        ),
    }


def ansokan_ersattningstalan(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt = file.debt_info()
    # only payments still within the three years of 33:5 can be claimed in court; what the
    # person has paid is counted against the oldest (time-barred) months first
    owed = [m for m in file.months if m.overpaid > 0]
    months = sorted(
        (m for m in owed if row_court_deadline(m) >= today()),
        key=lambda m: cost_date(m.month, m.payment_date),
    )
    barred = sum(m.overpaid for m in owed if row_court_deadline(m) < today())
    # the law of each month goes by its grant date; the three years by its payment
    citations = (file.recovery_citations(months) or []) + file.cite(months, court_action_citation)
    claim = None
    attachments = None
    if debt is not None:
        paid_on_claim = min(max(0, debt["paid"] - barred), sum(m.overpaid for m in months))
        claim = {
            "amount": sum(m.overpaid for m in months) - paid_on_claim,
            "decided_on": debt["decided_on"],
            "paid": paid_on_claim,
            "circumstances": file.investigation.get("summary") if file.investigation else None,
            "ability_to_pay": None,
            "talan_decided_on": None,
            "talan_decided_by": None,
        }
        attachments = [
            f"Beslut om återkrav den {format_date(debt['decided_on'])} "
            "med redovisning av felaktig utbetalning",
            "Bevis om delgivning av beslutet",
            f"Utbetalningsunderlag {_period_text(file)}",
        ]
    return {
        "court": None,
        "citations": citations or None,
        "claim": claim,
        "payments": [
            {
                "month": m.month,
                "paid_on": cost_date(m.month, m.payment_date),
                "amount": m.overpaid,
                "law": law_short(m.granted_on),
            }
            for m in months
        ]
        or None,
        "attachments": attachments,
    }


KINDS: dict[str, KindSpec] = {
    "begaran_handlingar_ersattningstalan": KindSpec(
        begaran_handlingar_ersattningstalan,
        needs=("recipient",),
        from_case=("limitation_date",),
    ),
    "ansokan_ersattningstalan": KindSpec(
        ansokan_ersattningstalan,
        needs=("court", "claim.ability_to_pay", "claim.talan_decided_on", "claim.talan_decided_by"),
        from_case=("payments", "citations", "claim.amount", "claim.paid", "claim.decided_on"),
    ),
}
