"""The investigation's letters and the board's decisions: kommunicering, återkrav, police
report, no action, eftergift."""

from __future__ import annotations

from typing import Any

from fut.enums import TriageOutcome
from fut.lifecycle import Stage
from fut.rules.applicable_law import court_action_citation, waiver_citation
from fut.services.decisions import recovery_decided
from fut.services.document_context.common import CaseFile, Extra, KindSpec, merge


def kommunicering(file: CaseFile, extra: Extra) -> dict[str, Any]:
    return {"findings": file.findings(), "months": file.month_rows(), "reply_by": file.reply_by}


def _recovery_decided(file: CaseFile) -> bool:
    return recovery_decided(file.recovery)


def beslut_aterkrav(file: CaseFile, extra: Extra) -> dict[str, Any]:
    findings = file.findings()
    decided = _recovery_decided(file)
    reply = file.step(Stage.CLIENT_REPLY)
    reply_payload = (reply.payload if reply else None) or {}
    replied = bool(reply_payload.get("replied"))
    proposal = file.step(Stage.DECISION_PROPOSAL)
    return {
        "months": file.month_rows(),
        "citations": file.recovery_citations(),
        "court_citations": file.cite(file.owed_months, court_action_citation) or None,
        "decision": {
            "total": findings["total_overpaid"],
            "period_from": findings["period_from"],
            "period_to": findings["period_to"],
            "reason": (
                f"Du har fått för mycket ekonomiskt bistånd på grund av "
                f"{findings['error_type_text']}. Om uppgifterna hade varit kända hade "
                "biståndet beräknats till ett lägre belopp."
                if findings["error_type_text"]
                else None
            ),
            "motivation": file.recovery.motivation if decided and file.recovery else None,
            "decided_on": file.debt.decided_on if decided and file.debt else None,
            "decided_by": file.approver if decided else None,
            "kommunicering_on": file.entered(Stage.CLIENT_REPLY),
            "client_replied": replied,
            "client_reply": (reply_payload.get("summary") or None) if replied else None,
            "reply_assessment": (
                (proposal.payload.get("reply_assessment") or None)
                if replied and decided and proposal and proposal.payload
                else None
            ),
        },
    }


def polisanmalan(file: CaseFile, extra: Extra) -> dict[str, Any]:
    findings = file.findings()
    intent = file.intent
    attachments = ["Redovisning av felaktig utbetalning månad för månad"]
    if _recovery_decided(file):
        attachments.insert(0, "Beslut om återkrav")
    return {
        "report": {
            "period_from": findings["period_from"],
            "period_to": findings["period_to"],
            "amount": findings["total_overpaid"],
            "error_type_text": findings["error_type_text"],
            "summary": findings["summary"],
            "assessment": intent.outcome if intent else None,
            "motivation": intent.motivation if intent else None,
        },
        "months": file.month_rows(),
        "attachments": [*attachments, *(file.report.attachments if file.report else [])],
        "approved_by": file.approver,
    }


def beslut_ingen_atgard(file: CaseFile, extra: Extra) -> dict[str, Any]:
    triage = file.step(Stage.TRIAGE)
    payload = triage.payload if triage and triage.payload else {}
    report = file.report
    return {
        "reason": payload.get("reason")
        if payload.get("outcome") == TriageOutcome.NO_ACTION
        else None,
        "report": (
            {"received_on": report.received_on, "summary": report.description} if report else None
        ),
    }


def beslut_eftergift(file: CaseFile, extra: Extra) -> dict[str, Any]:
    debt = file.debt_info()
    remaining = debt["remaining"] if debt else None
    given = extra.get("waiver")
    given = given if isinstance(given, dict) else {}
    amount = given.get("amount", remaining)
    # 9 kap. 4 § SoL (2001:453) for months granted before 2025-07-01, else 33 kap. 6 §
    citations = file.cite(file.owed_months, waiver_citation)
    return {
        "debt": (
            {"total": debt["total"], "remaining": remaining, "decided_on": debt["decided_on"]}
            if debt
            else None
        ),
        "waiver": merge(
            {
                "whole": amount is not None and amount == remaining,
                "amount": amount,
                "reason": None,
                "motivation": None,
                "decided_on": file.today,
                "decided_by": None,
            },
            given,
        ),
        "citations": citations or None,
    }


KINDS: dict[str, KindSpec] = {
    "kommunicering": KindSpec(kommunicering, from_case=("findings", "months")),
    "beslut_aterkrav": KindSpec(
        beslut_aterkrav, from_case=("decision", "months", "citations", "court_citations")
    ),
    "polisanmalan": KindSpec(polisanmalan, from_case=("report", "months", "approved_by")),
    "beslut_ingen_atgard": KindSpec(beslut_ingen_atgard, from_case=("report",)),
    "beslut_eftergift": KindSpec(
        beslut_eftergift,
        needs=("waiver.reason", "waiver.motivation", "waiver.decided_by"),
        from_case=("debt", "citations"),
    ),
}
