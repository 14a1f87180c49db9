"""The data a document needs, gathered from the case file (and nothing more)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from fut.clock import local_date, today
from fut.documents import Client, Officer, Org, common_context
from fut.models import (
    Case,
    Debt,
    Decision,
    IncomingReport,
    InstallmentPlan,
    OverpaidMonth,
    Person,
    StageHistory,
    User,
    WorkItem,
)
from fut.municipality import get_municipality
from fut.rules.deadlines import add_period
from fut.rules.identity_numbers import parse_identity_number
from fut.steps import ERROR_TYPE_TEXT, ErrorType


def _step(session: Session, case_id: int, step: str) -> WorkItem | None:
    return session.exec(
        select(WorkItem)
        .where(WorkItem.case_id == case_id, WorkItem.step == step, WorkItem.status == "done")
        .order_by(col(WorkItem.id).desc())
    ).first()


def _user(session: Session, username: str | None) -> User | None:
    if not username:
        return None
    return session.exec(select(User).where(User.username == username)).first()


def _officer(session: Session, case: Case) -> Officer:
    """The investigator handling the case: who did the investigation (or the triage)."""
    municipality = get_municipality()
    unit = municipality.unit(case.unit)
    for step in ("investigation", "triage"):
        item = _step(session, case.id, step)  # type: ignore[arg-type]
        user = _user(session, item.completed_by if item else None)
        if user is not None:
            return Officer(
                user.display_name,
                user.title or "FUT-utredare",
                user.phone or unit.phone,
                user.email or unit.email,
            )
    return Officer(unit.name, "FUT-utredare", unit.phone, unit.email)


def _common(session: Session, case: Case) -> dict[str, Any]:
    municipality = get_municipality()
    unit = municipality.unit(case.unit)
    person = session.get(Person, case.person_id)
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
        ),
        case_number=case.case_number,
        today=today(),
        officer=_officer(session, case),
        client=Client(
            person.name,
            parse_identity_number(person.identity_number).formatted,
            [line.strip() for line in person.address.split(",") if line.strip()],
        ),
    )


def _months(session: Session, case_id: int) -> list[OverpaidMonth]:
    return list(
        session.exec(
            select(OverpaidMonth)
            .where(OverpaidMonth.case_id == case_id)
            .order_by(col(OverpaidMonth.month))
        )
    )


def _month_rows(months: list[OverpaidMonth]) -> list[dict[str, Any]]:
    return [
        {
            "month": m.month,
            "paid": m.paid,
            "correct": m.correct,
            "overpaid": m.overpaid,
            "law": m.law,
        }
        for m in months
    ]


def _findings(session: Session, case: Case) -> dict[str, Any]:
    item = _step(session, case.id, "investigation")  # type: ignore[arg-type]
    payload = item.payload if item and item.payload else {}
    months = _months(session, case.id)  # type: ignore[arg-type]
    return {
        "error_type_text": ERROR_TYPE_TEXT[ErrorType(payload.get("error_type", "other"))],
        "summary": payload.get("summary", ""),
        "period_from": months[0].month if months else "",
        "period_to": months[-1].month if months else "",
        "total_overpaid": sum(m.overpaid for m in months),
    }


def _decision(session: Session, case: Case) -> Decision | None:
    return session.exec(
        select(Decision)
        .where(Decision.case_id == case.id, Decision.kind == "recovery")
        .order_by(col(Decision.id).desc())
    ).first()


def _kommunicering(session: Session, case: Case, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "findings": _findings(session, case),
        "months": _month_rows(_months(session, case.id)),  # type: ignore[arg-type]
        "reply_by": extra["reply_by"],
    }


def _communicated(session: Session, case: Case) -> tuple[Any, bool]:
    entry = session.exec(
        select(StageHistory)
        .where(StageHistory.case_id == case.id, StageHistory.to_stage == "client_reply")
        .order_by(col(StageHistory.id).desc())
    ).first()
    reply = _step(session, case.id, "client_reply")  # type: ignore[arg-type]
    replied = bool(reply and reply.payload and reply.payload.get("replied"))
    return (local_date(entry.at) if entry else None), replied


def _beslut_aterkrav(session: Session, case: Case, extra: dict[str, Any]) -> dict[str, Any]:
    months = _months(session, case.id)  # type: ignore[arg-type]
    findings = _findings(session, case)
    decision = _decision(session, case)
    approver = (
        session.get(User, decision.approver_id) if decision and decision.approver_id else None
    )
    communicated_on, replied = _communicated(session, case)
    citations = list(dict.fromkeys(m.law for m in months))
    return {
        "months": _month_rows(months),
        "citations": citations,
        "decision": {
            "total": findings["total_overpaid"],
            "period_from": findings["period_from"],
            "period_to": findings["period_to"],
            "reason": findings["error_type_text"],
            "motivation": decision.motivation if decision else "",
            "decided_on": today(),
            "decided_by": {
                "name": approver.display_name if approver else "",
                "title": approver.title if approver else "",
            },
            "kommunicering_on": communicated_on,
            "client_replied": replied,
        },
    }


def _polisanmalan(session: Session, case: Case, extra: dict[str, Any]) -> dict[str, Any]:
    findings = _findings(session, case)
    intent = session.exec(
        select(Decision)
        .where(Decision.case_id == case.id, Decision.kind == "intent")
        .order_by(col(Decision.id).desc())
    ).first()
    decision = _decision(session, case)
    approver = (
        session.get(User, decision.approver_id) if decision and decision.approver_id else None
    )
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case.id)).first()
    attachments = ["Redovisning av felaktig utbetalning månad för månad"]
    if decision is not None and decision.outcome == "recover":
        attachments.insert(0, "Beslut om återkrav")
    return {
        "report": {
            "period_from": findings["period_from"],
            "period_to": findings["period_to"],
            "amount": findings["total_overpaid"],
            "error_type_text": findings["error_type_text"],
            "summary": findings["summary"],
            "assessment": intent.outcome if intent else "intent",
            "motivation": intent.motivation if intent else "",
        },
        "months": _month_rows(_months(session, case.id)),
        "attachments": [*attachments, *(report.attachments if report else [])],
        "approved_by": {
            "name": approver.display_name if approver else "",
            "title": approver.title if approver else "",
        },
    }


def _avbetalningsplan(session: Session, case: Case, extra: dict[str, Any]) -> dict[str, Any]:
    debt = session.exec(select(Debt).where(Debt.case_id == case.id)).one()
    plan = session.exec(select(InstallmentPlan).where(InstallmentPlan.debt_id == debt.id)).one()
    return {
        "plan": {
            "debt_total": debt.amount,
            "decided_on": debt.decided_on,
            "monthly_amount": plan.monthly_amount,
            "first_due_date": plan.first_due_date,
            "installments": plan.installments,
            "last_due_date": add_period(plan.first_due_date, months=plan.installments - 1),
        },
    }


def _beslut_ingen_atgard(session: Session, case: Case, extra: dict[str, Any]) -> dict[str, Any]:
    triage = _step(session, case.id, "triage")
    report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case.id)).one()
    return {
        "reason": (triage.payload or {}).get("reason", "") if triage else "",
        "report": {"received_on": report.received_on, "summary": report.description},
    }


BUILDERS: dict[str, Callable[[Session, Case, dict[str, Any]], dict[str, Any]]] = {
    "kommunicering": _kommunicering,
    "beslut_aterkrav": _beslut_aterkrav,
    "polisanmalan": _polisanmalan,
    "avbetalningsplan": _avbetalningsplan,
    "beslut_ingen_atgard": _beslut_ingen_atgard,
}


def build_context(session: Session, case: Case, kind: str, **extra: Any) -> dict[str, Any]:
    return {**_common(session, case), **BUILDERS[kind](session, case, extra), **extra}
