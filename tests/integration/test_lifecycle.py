"""One case at a time through the whole FUT lifecycle, on PostgreSQL and a real Prefect."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from fut.db import utcnow
from tests.clock import SUITE_TODAY
from tests.integration.conftest import System, wait_until
from tests.integration.docx_text import docx_text

INVESTIGATION = {
    "error_type": "undeclared_work",
    "detected_by": "Bankutdrag",
    "summary": "Lön från en städfirma har inte redovisats.",
    # the grant date decides the law: May-July 2025 (July granted on 25 June 2025) under
    # SoL (2001:453) 9 kap., August under SoL (2025:400) 33 kap.
    "months": [
        {"month": "2025-05", "granted_on": "2025-04-25", "paid": 9000, "undeclared_income": 4000},
        {"month": "2025-06", "granted_on": "2025-05-26", "paid": 9000, "undeclared_income": 3000},
        {"month": "2025-07", "granted_on": "2025-06-25", "paid": 9000, "undeclared_income": 5000},
        {"month": "2025-08", "granted_on": "2025-07-25", "paid": 9000, "undeclared_income": 12000},
    ],
}
TOTAL = 4000 + 3000 + 5000 + 9000


def documents_of(system: System, case_id: int, kind: str) -> list[dict[str, Any]]:
    return [d for d in system.case(case_id)["documents"] if d["kind"] == kind]


def document(system: System, case_id: int, kind: str) -> tuple[dict[str, Any], str]:
    doc = wait_until(lambda: documents_of(system, case_id, kind), 90, f"{kind} document")[0]
    response = system.call("utredare", "GET", doc["url"])
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == doc["sha256"]
    return doc, docx_text(response.content)


def investigate(
    system: System, case_id: int, investigation: dict[str, Any] = INVESTIGATION
) -> None:
    system.complete(
        case_id,
        "triage",
        {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Stort belopp"},
    )
    system.complete(case_id, "investigation", investigation)


def decide_recovery(
    system: System, case_id: int, investigation: dict[str, Any] = INVESTIGATION
) -> None:
    """Investigate, let the reply pass unanswered, find no intent, decide to recover:
    the case then waits for its installment plan."""
    investigate(system, case_id, investigation)
    system.complete(case_id, "client_reply", {"replied": False})
    system.complete(case_id, "intent", {"assessment": "none", "motivation": "Misstag"})
    system.complete(case_id, "decision_proposal", {"recover": True, "motivation": "Felaktigt"})
    system.complete(
        case_id,
        "decision_approval",
        {"approve": True},
        user="beslutsfattare",
        role="beslutsfattare",
    )
    system.task(case_id, "repayment_plan")


def test_case_runs_from_report_to_paid_debt_with_police_report(system: System, new_case):
    created = new_case()
    case_id = created["id"]
    assert created["stage"] == "triage"
    assert created["case_number"].startswith(f"FUT-{SUITE_TODAY.year}-")
    run = system.waiting_run(case_id, "triage")
    assert run.name == created["case_number"]

    triage = system.task(case_id, "triage")
    done = system.ok(
        "utredare",
        "POST",
        f"/api/tasks/{triage['id']}/complete",
        json={
            "outcome": "investigate",
            "priority": "high",
            "case_type": 2,
            "reason": "Stort belopp",
        },
    )
    assert (done["status"], done["case_stage"]) == ("done", "investigation")
    system.complete(case_id, "investigation", INVESTIGATION)
    _, letter = document(system, case_id, "kommunicering")
    assert "21 000 kr" in letter
    case = system.stage(case_id, "client_reply")
    reply_task = system.task(case_id, "client_reply")
    assert reply_task["due_at"] is not None
    system.waiting_run(case_id, "client_reply")

    system.complete(case_id, "client_reply", {"replied": True, "summary": "Bestrider inte."})
    system.complete(
        case_id,
        "intent",
        {"assessment": "intent", "motivation": "Har skrivit under att inga inkomster finns."},
    )
    system.complete(
        case_id,
        "decision_proposal",
        {
            "recover": True,
            "motivation": "Felaktigt",
            "reply_assessment": "Klienten bestrider inte beloppet.",
        },
    )
    approval = system.task(
        case_id, "decision_approval", role="beslutsfattare", user="beslutsfattare"
    )
    system.ok(
        "beslutsfattare",
        "POST",
        f"/api/tasks/{approval['id']}/complete",
        json={"approve": True, "comment": ""},
    )

    _, decision = document(system, case_id, "beslut_aterkrav")
    assert f"{TOTAL:,} kr".replace(",", " ") in decision
    assert "9 kap. 1 § första stycket socialtjänstlagen (2001:453)" in decision
    assert "33 kap. 1 § första stycket socialtjänstlagen (2025:400)" in decision
    _, police = document(system, case_id, "polisanmalan")
    assert created["case_number"] in police

    system.complete(
        case_id, "repayment_plan", {"monthly_amount": 7000, "first_due_date": "2026-12-28"}
    )
    _, plan_letter = document(system, case_id, "avbetalningsplan")
    assert "7 000 kr" in plan_letter and "28 december 2026" in plan_letter
    case = system.stage(case_id, "repayment")
    assert case["debt"]["amount"] == TOTAL
    assert len(case["debt"]["plan"]["due_dates"]) == 3
    system.waiting_run(case_id, "repayment")

    system.ok(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        status=201,
        json={"amount": 7000, "paid_on": "2026-12-27", "reference": created["case_number"]},
    )
    system.ok(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        status=201,
        json={"amount": 7000, "paid_on": "2027-01-28"},
    )
    case = system.case(case_id)
    assert case["debt"]["remaining"] == TOTAL - 14000
    system.ok(
        "utredare",
        "POST",
        f"/api/cases/{case_id}/payments",
        status=201,
        json={"amount": 7000, "paid_on": "2027-02-26"},
    )
    case = system.stage(case_id, "closed")
    assert case["debt"]["status"] == "paid"

    kinds = [d["kind"] for d in case["documents"]]
    assert sorted(kinds) == sorted(
        [
            "kommunicering",
            "beslutsunderlag",  # with the proposal, for the decision maker
            "beslut_aterkrav",
            "polisanmalan",
            "avbetalningsplan",
            "skuld_betald",  # when the last payment settles the debt
        ]
    )
    stages = [h["to_stage"] for h in case["history"]]
    assert stages[:4] == ["registered", "triage", "investigation", "communication"]
    assert "police_report" in stages and stages[-1] == "closed"
    run = wait_until(
        lambda: (r := system.prefect_run(case_id)).state.is_completed() and r,
        60,
        "flow run completed",
    )
    assert "stage:closed" in run.tags


def test_triage_closes_case_with_ingen_atgard(system: System, new_case):
    case_id = new_case(estimated_amount=800)["id"]
    system.complete(
        case_id,
        "triage",
        {
            "outcome": "no_action",
            "priority": "low",
            "case_type": 1,
            "reason": "Redan rättat i normen",
        },
    )
    _, text = document(system, case_id, "beslut_ingen_atgard")
    assert "Redan rättat i normen" in text
    case = system.stage(case_id, "closed")
    assert [d["kind"] for d in case["documents"]] == ["beslut_ingen_atgard"]


def test_reply_deadline_passing_continues_to_intent_by_itself(system: System, new_case):
    case_id = new_case()["id"]
    investigate(system, case_id)
    task = system.task(case_id, "client_reply")
    # time passes: the reply date is behind us
    import sqlalchemy as sa

    engine = sa.create_engine(system.db_url)
    with engine.begin() as conn:  # by futflow's clock, not the database's
        conn.execute(
            sa.text("UPDATE timer SET fire_at = :past WHERE work_item_id = :id"),
            {"past": utcnow() - timedelta(minutes=1), "id": task["id"]},
        )
    engine.dispose()
    system.task(case_id, "intent")
    case = system.case(case_id)
    entry = [h for h in case["history"] if h["to_stage"] == "intent"][0]
    assert entry["actor"] == "system" and "Svarstiden" in entry["reason"]
    system.waiting_run(case_id, "intent")


def test_approver_returns_proposal_and_proposer_cannot_approve_own(system: System, new_case):
    case_id = new_case()["id"]
    investigate(system, case_id)
    system.complete(case_id, "client_reply", {"replied": False})
    system.complete(case_id, "intent", {"assessment": "none", "motivation": "Glömde bostadsbidrag"})
    system.complete(
        case_id,
        "decision_proposal",
        {"recover": True, "motivation": "Utan uppsåt"},
        user="dubbelroll",
    )
    task = system.task(case_id, "decision_approval", role="beslutsfattare", user="dubbelroll")
    own = system.call(
        "dubbelroll", "POST", f"/api/tasks/{task['id']}/complete", json={"approve": True}
    )
    assert own.status_code == 403 and "proposer" in own.json()["detail"]
    system.ok(
        "beslutsfattare",
        "POST",
        f"/api/tasks/{task['id']}/complete",
        json={"approve": False, "comment": "Motivera beloppet per månad"},
    )
    system.complete(
        case_id, "decision_proposal", {"recover": False, "motivation": "Beloppet är redan rättat"}
    )
    system.complete(
        case_id, "decision_approval", {"approve": True}, user="dubbelroll", role="beslutsfattare"
    )
    case = system.stage(case_id, "closed")
    assert case["debt"] is None
    # a decision basis with each proposal, no decision letter for "no recovery" here
    assert [d["kind"] for d in case["documents"]] == [
        "kommunicering",
        "beslutsunderlag",
        "beslutsunderlag",
    ]
    returned = [h for h in case["history"] if h["from_stage"] == "decision_approval"]
    assert [h["to_stage"] for h in returned] == ["decision_proposal", "decision"]


def test_altered_document_file_is_not_served(system: System, new_case):
    from fut.settings import get_settings

    case_id = new_case(estimated_amount=500)["id"]
    system.complete(
        case_id,
        "triage",
        {"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "Litet belopp"},
    )
    doc, _ = document(system, case_id, "beslut_ingen_atgard")
    stored = next((get_settings().documents_path).rglob(f"*{doc['sha256'][:12]}.docx"))
    assert not stored.stat().st_mode & 0o222  # read-only in the store
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b"x")
    response = system.call("utredare", "GET", doc["url"])
    assert response.status_code == 409 and "altered" in response.json()["detail"]
