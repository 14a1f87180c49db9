"""The kinds the routines use around the main letters: a call to a meeting, a changed plan,
the notice that the debt is paid, the decision maker's basis, the printed incoming report
and the case worker's note that the client has left assistance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fut.clock import local_date
from fut.enums import IntentAssessment, RecoveryOutcome
from fut.lifecycle import Stage
from fut.rules.applicable_law import recovery_citation
from fut.rules.deadlines import add_period
from fut.schemas import CHANNELS, REPORTER_TYPES
from fut.services.document_context.common import CaseFile, Extra, KindSpec

MEETING_BRING = [
    "kontoutdrag för den period utredningen gäller",
    "lönebesked eller andra underlag om inkomster, om du har sådana",
]
"""What a client is asked to bring to a meeting when the caller names nothing else."""


def _named(labels: Mapping[Any, str], value: str) -> str:
    return next((text for key, text in labels.items() if str(key) == value), value)


def kallelse_mote(file: CaseFile, extra: Extra) -> dict[str, Any]:
    return {
        "meeting": {
            "on": None,
            "time": None,
            "place": None,
            "purpose": "utredningen om ekonomiskt bistånd som du har fått",
            "with": None,
        },
        "bring": list(MEETING_BRING),
    }


def andrad_avbetalningsplan(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt, plan = file.debt_info(), file.plan
    given = extra.get("plan")
    given = given if isinstance(given, Mapping) else {}
    first = given.get("first_due_date")
    installments = given.get("installments")
    last = None
    if first is not None and isinstance(installments, int) and installments >= 1:
        try:
            last = add_period(first, months=installments - 1)
        except (TypeError, ValueError):
            last = None
    return {
        "ocr": file.debt.ocr if file.debt is not None else None,
        "reason": None,
        "plan": (
            {
                "debt_total": debt["total"],
                "decided_on": debt["decided_on"],
                "paid": debt["paid"],
                "waived": debt["waived"],
                "remaining": debt["remaining"],
                "previous_monthly": plan.monthly_amount if plan else None,
                "monthly_amount": None,
                "installments": None,
                "first_due_date": None,
                "last_due_date": last,
            }
            if debt is not None
            else None
        ),
        "signatories": file.signatories,
    }


def skuld_betald(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt = file.debt_info()
    return {
        "debt": (
            {
                # after eftergift: what was left to pay of the debt
                "total": debt["total"] - debt["waived"],
                "decided_on": debt["decided_on"],
                "paid": debt["paid"],
                "last_paid_on": file.payments[-1].paid_on if file.payments else None,
            }
            if debt is not None
            else None
        )
    }


def beslutsunderlag(file: CaseFile, extra: Extra) -> dict[str, Any]:
    proposal = file.recovery
    intent = file.intent
    reply = file.step(Stage.CLIENT_REPLY)
    answer = reply.payload if reply and reply.payload else {}
    crime = intent is not None and intent.outcome != IntentAssessment.NONE
    return {
        "findings": file.findings(),
        "months": file.month_rows(),
        # from the grant dates and the settings' texts, not the citation stored per month
        "citations": list(
            dict.fromkeys(
                recovery_citation(m.granted_on, file.ground, file.old_sol) for m in file.months
            )
        )
        or None,
        "communication": {
            "sent_on": file.entered(Stage.CLIENT_REPLY),
            "replied": bool(answer.get("replied")) if reply else None,
            "reply_summary": answer.get("summary") or None,
        },
        "proposal": {
            "recover": proposal.outcome == RecoveryOutcome.RECOVER if proposal else None,
            "motivation": proposal.motivation if proposal else None,
            "assessment": intent.outcome if crime and intent else None,
            "assessment_motivation": intent.motivation if crime and intent else None,
        },
    }


def anmalan_fut(file: CaseFile, extra: Extra) -> dict[str, Any]:
    report = file.report
    if report is None:
        return {"report": None, "attachments": None}
    reporter = _named(REPORTER_TYPES, report.reporter_type)
    if report.reporter_name:
        reporter = f"{reporter} ({report.reporter_name})"
    registrar = file.person(report.registered_by)
    return {
        "report": {
            "received_on": report.received_on,
            "reporter": reporter,
            "channel": _named(CHANNELS, report.channel),
            "received_by": report.received_by,
            "discovered_by": report.discovered_by,
            "period_from": report.period_from,
            "period_to": report.period_to,
            "estimated_amount": report.estimated_amount,
            "ongoing": report.ongoing,
            "still_on_assistance": report.still_on_assistance,
            "evidence_at_risk": report.evidence_at_risk,
            "measures_taken": report.measures_taken or None,
            "description": report.description,
            "registered_by": registrar["name"] if registrar else "–",
            "registered_on": local_date(report.registered_at),
        },
        "attachments": list(report.attachments),
    }


def underrattelse_lamnat_bistand(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt = file.debt_info()
    return {
        "left_on": None,
        "reason": None,
        "new_income": "",
        "notified_by": {"name": None, "unit": None},
        "debt": {
            "total": debt["total"] if debt else None,
            "remaining": debt["remaining"] if debt else None,
        },
    }


KINDS: dict[str, KindSpec] = {
    "kallelse_mote": KindSpec(kallelse_mote, needs=("meeting.on", "meeting.time", "meeting.place")),
    "andrad_avbetalningsplan": KindSpec(
        andrad_avbetalningsplan,
        needs=(
            "reason",
            "plan.monthly_amount",
            "plan.installments",
            "plan.first_due_date",
        ),
        from_case=(
            "plan.debt_total",
            "plan.decided_on",
            "plan.paid",
            "plan.waived",
            "plan.remaining",
            "plan.previous_monthly",
            "plan.last_due_date",
            "signatories",
            "ocr",
        ),
    ),
    "skuld_betald": KindSpec(skuld_betald, from_case=("debt",)),
    "beslutsunderlag": KindSpec(
        beslutsunderlag,
        from_case=("findings", "months", "citations", "communication", "proposal"),
    ),
    "anmalan_fut": KindSpec(anmalan_fut, from_case=("report", "attachments")),
    "underrattelse_lamnat_bistand": KindSpec(
        underrattelse_lamnat_bistand,
        needs=("left_on", "reason", "notified_by"),
        from_case=("debt",),
    ),
}
