"""What the steps show a person before they act (`HumanStep.basis`): read-only sections in
Swedish, built from the case file — the report, the rules' proposal, the investigation, the
months with their law, the client's reply, the intent assessment and the proposal.

A step's module picks the sections it needs; the task page shows them as they come, so a
new step needs no page of its own. (This module is no step: it defines no `STEP`.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from fut.enums import DecisionKind, DecisionStatus, RecoveryOutcome, WorkStatus
from fut.lifecycle import Stage
from fut.models import Case, IncomingReport, OverpaidMonth, User, WorkItem
from fut.rules.court_deadline import row_court_deadline
from fut.rules.installments import remaining
from fut.rules.swedish_format import format_month
from fut.schemas import CHANNELS as CHANNEL
from fut.schemas import REPORTER_TYPES as REPORTER
from fut.services.debts import case_debt, paid_amount
from fut.services.decisions import latest_decision
from fut.services.ledger import waived_amount
from fut.steps.base import Column, Fact, Section

PRIORITY = {"high": "Hög", "normal": "Normal", "low": "Låg"}
CASE_TYPE = {
    1: "Typ 1 – felet uppkom de senaste tre månaderna",
    2: "Typ 2 – äldre än tre månader och pågår inte",
    3: "Typ 3 – äldre än tre månader och misstänks pågå",
}


def _named(labels: Mapping[Any, str], value: Any) -> str:
    """The Swedish name of a stored code (an enum's value), or the code itself."""
    return next((text for key, text in labels.items() if str(key) == str(value)), str(value))


def yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def _case_id(case: Case) -> int:
    assert case.id is not None
    return case.id


def last_done(session: Session, case: Case, step: str) -> WorkItem | None:
    """The latest completed work item of `step` in the case."""
    return session.exec(
        select(WorkItem)
        .where(
            WorkItem.case_id == _case_id(case),
            WorkItem.step == step,
            WorkItem.status == WorkStatus.DONE,
        )
        .order_by(col(WorkItem.id).desc())
    ).first()


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user else "–"


def report(session: Session, case: Case) -> Section:
    """The incoming report as it was filed."""
    found = session.exec(
        select(IncomingReport).where(IncomingReport.case_id == _case_id(case))
    ).first()
    if found is None:
        return Section("Anmälan", empty="Anmälan saknas i akten.")
    reporter = REPORTER.get(found.reporter_type, found.reporter_type)
    if found.reporter_name:
        reporter = f"{reporter} ({found.reporter_name})"
    facts = [
        Fact("Inkom", found.received_on, "date"),
        Fact("Anmälare", reporter),
        Fact("Kanal", CHANNEL.get(found.channel, found.channel)),
        Fact("Mottagen av", found.received_by),
        Fact("Upptäckt genom", found.discovered_by),
        Fact("Period från", found.period_from, "month"),
        Fact("Period till", found.period_to, "month"),
        Fact("Uppskattat belopp", found.estimated_amount, "kr"),
        Fact("Felet misstänks pågå", yes_no(found.ongoing)),
        Fact("Har fortfarande ekonomiskt bistånd", yes_no(found.still_on_assistance)),
        Fact("Risk att bevis går förlorade", yes_no(found.evidence_at_risk)),
    ]
    if found.measures_taken:
        facts.append(Fact("Redan åtgärdat", found.measures_taken, "long"))
    facts.append(Fact("Beskrivning", found.description, "long"))
    return Section("Anmälan", facts=facts)


def triage_proposal(proposal: dict[str, Any]) -> Section:
    """What the rules propose at triage (case type, priority, stop payment) with the reasons."""
    case_type = proposal.get("case_type")
    facts = [
        Fact("Föreslagen ärendetyp", CASE_TYPE.get(case_type or 0, "Inget förslag")),
        Fact("Skäl för ärendetypen", proposal.get("case_type_reason") or "–"),
        Fact("Föreslagen prioritet", PRIORITY.get(proposal.get("priority") or "", "–")),
        Fact("Skäl för prioriteten", "\n".join(proposal.get("priority_reasons") or []), "long"),
    ]
    return Section(
        "Förslag från reglerna", facts=facts, notice=proposal.get("stop_payment_notice") or ""
    )


def triage_decision(session: Session, case: Case) -> Section:
    decision = latest_decision(session, _case_id(case), DecisionKind.TRIAGE)
    if decision is None:
        return Section("Förhandsbedömning", empty="Ingen förhandsbedömning är gjord.")
    facts = [
        Fact("Prioritet", PRIORITY.get(case.priority or "", "–")),
        Fact("Ärendetyp", CASE_TYPE.get(case.case_type or 0, "–")),
        Fact("Bedömd av", _name(session, decision.proposer_id)),
        Fact("Motivering", decision.motivation, "long"),
    ]
    return Section("Förhandsbedömning", facts=facts)


def investigation(session: Session, case: Case) -> Section:
    """What the investigation found (type of error, how it was found, its summary)."""
    from fut.steps.investigation import ERROR_TYPE_LABELS, LAW_PARAGRAPH_LABELS

    item = last_done(session, case, Stage.INVESTIGATION)
    if item is None or not item.payload:
        return Section("Utredningen", empty="Utredningen är inte klar.")
    data = item.payload
    facts = [
        Fact("Typ av fel", _named(ERROR_TYPE_LABELS, data.get("error_type"))),
        Fact("Hur felet upptäcktes", data.get("detected_by", "")),
        Fact(
            "Grund för återkrav",
            _named(LAW_PARAGRAPH_LABELS, data.get("law_paragraph", 1)),
        ),
        Fact("Sammanfattning", data.get("summary", ""), "long"),
    ]
    return Section("Utredningen", facts=facts)


def months(session: Session, case: Case) -> Section:
    """The overpaid months with their law and court deadline, and the totals."""
    rows = list(
        session.exec(
            select(OverpaidMonth)
            .where(OverpaidMonth.case_id == _case_id(case))
            .order_by(col(OverpaidMonth.month))
        )
    )
    columns = [
        Column("Månad", "month"),
        Column("Utbetalt", "kr"),
        Column("Rätt belopp", "kr"),
        Column("Redan rättat", "kr"),
        Column("Felaktigt utbetalt", "kr"),
        Column("Lagrum"),
        Column("Ersättningstalan senast", "date"),
    ]
    table = [
        (m.month, m.paid, m.correct, m.already_corrected, m.overpaid, m.law, row_court_deadline(m))
        for m in rows
    ]
    totals = (
        "Summa",
        sum(m.paid for m in rows),
        sum(m.correct for m in rows),
        sum(m.already_corrected for m in rows),
        sum(m.overpaid for m in rows),
        "",
        "",
    )
    reasons = [f"{format_month(m.month).capitalize()}: {m.reason}" for m in rows if m.reason]
    return Section(
        "Felaktigt utbetalt per månad",
        columns=columns,
        rows=table,
        totals=totals if rows else (),
        items=reasons,
        empty="Inga månader är utredda.",
    )


def total_overpaid(session: Session, case: Case) -> int:
    found = session.exec(select(OverpaidMonth).where(OverpaidMonth.case_id == _case_id(case)))
    return sum(m.overpaid for m in found)


def client_reply(session: Session, case: Case) -> Section:
    """The client's reply to the communication (or that none came)."""
    item = last_done(session, case, Stage.CLIENT_REPLY)
    if item is None or not item.payload:
        return Section("Klientens svar", empty="Inget svar är registrerat.")
    data = item.payload
    if item.completed_by == "system":
        answer = "Nej – svarstiden gick ut utan att svar kom in"
    else:
        answer = yes_no(bool(data.get("replied")))
    facts = [Fact("Klienten har svarat", answer), Fact("Registrerat", item.completed_at, "date")]
    if data.get("summary"):
        facts.append(Fact("Svaret", data["summary"], "long"))
    return Section("Klientens svar", facts=facts)


def intent(session: Session, case: Case) -> Section:
    """The assessment of intent or gross negligence, with its motivation."""
    from fut.steps.intent import ASSESSMENT_LABELS

    decision = latest_decision(session, _case_id(case), DecisionKind.INTENT)
    if decision is None:
        return Section("Bedömning av uppsåt", empty="Uppsåt är inte bedömt.")
    facts = [
        Fact("Bedömning", _named(ASSESSMENT_LABELS, decision.outcome)),
        Fact("Bedömd av", _name(session, decision.proposer_id)),
        Fact("Motivering", decision.motivation, "long"),
    ]
    notice = ""
    if decision.outcome in {"intent", "gross_negligence"}:
        notice = "Efter beslutet upprättas en polisanmälan om misstänkt bidragsbrott."
    return Section("Bedömning av uppsåt", facts=facts, notice=notice)


def proposal(session: Session, case: Case) -> Section:
    """The proposed decision on recovery: outcome, amount, motivation, who proposed it."""
    decision = latest_decision(session, _case_id(case), DecisionKind.RECOVERY)
    if decision is None:
        return Section("Förslag till beslut", empty="Inget förslag till beslut är lämnat.")
    recover = decision.outcome == RecoveryOutcome.RECOVER
    facts = [
        Fact("Förslag", "Återkrav" if recover else "Inget återkrav"),
        Fact("Belopp att återkräva", total_overpaid(session, case) if recover else 0, "kr"),
        Fact("Föreslaget av", _name(session, decision.proposer_id)),
        Fact("Föreslaget", decision.created_at, "date"),
        Fact("Motivering", decision.motivation, "long"),
    ]
    status = {
        DecisionStatus.PROPOSED: "",
        DecisionStatus.RETURNED: "Förslaget har återförvisats till utredaren.",
        DecisionStatus.DECIDED: "Beslut är fattat enligt förslaget.",
    }
    return Section("Förslag till beslut", facts=facts, notice=status.get(decision.status, ""))


def returned(session: Session, case: Case) -> list[Section]:
    """Why the last proposal came back from the decision maker, when it did."""
    decision = latest_decision(session, _case_id(case), DecisionKind.RECOVERY)
    if decision is None or decision.status != DecisionStatus.RETURNED:
        return []
    item = last_done(session, case, Stage.DECISION_APPROVAL)
    comment = (item.payload or {}).get("comment") if item else ""
    facts = [
        Fact("Återförvisat av", _name(session, decision.approver_id)),
        Fact("Kommentar", comment or "Ingen kommentar.", "long"),
    ]
    return [
        Section(
            "Förslaget återförvisades",
            facts=facts,
            notice="Beslutsfattaren har återförvisat det förra förslaget. Lämna ett nytt förslag.",
        )
    ]


def debt(session: Session, case: Case) -> Section:
    """The decided debt: amount, paid, what remains."""
    found = case_debt(session, _case_id(case))
    if found is None or found.id is None:
        return Section("Skulden", empty="Ingen skuld är beslutad.")
    paid = paid_amount(session, found.id)
    waived = waived_amount(session, found.id)
    facts = [
        Fact("Beslutad", found.decided_on, "date"),
        Fact("Skuld", found.amount, "kr"),
        Fact("Betalt", paid, "kr"),
        *([Fact("Efterskänkt", waived, "kr")] if waived else []),
        Fact("Kvar att betala", remaining(found.amount, paid, waived), "kr"),
    ]
    return Section("Skulden", facts=facts)


def decision_basis(session: Session, case: Case) -> list[Section]:
    """Everything a decision on recovery rests on."""
    return [
        proposal(session, case),
        months(session, case),
        investigation(session, case),
        client_reply(session, case),
        intent(session, case),
    ]
