"""The legal rules as the investigator meets them in a case: proposals at triage, amounts
month by month, the court deadline and the single recovery route."""

from __future__ import annotations

from datetime import UTC, date

from fut.clock import end_of_day
from fut.rules.classification import start_guarantee
from tests.integration.conftest import REPORT, System
from tests.integration.test_lifecycle import INVESTIGATION, decide_recovery


def end_of(day: date) -> str:
    """How the API writes a work item due on `day` (its end, Swedish time, in UTC)."""
    return end_of_day(day).astimezone(UTC).isoformat()[:16]


def test_triage_proposes_type_3_and_stop_payment_for_an_ongoing_error(system: System, new_case):
    case_id = new_case(
        period_from="2025-01",
        period_to="2026-11",
        ongoing=True,
        estimated_amount=80000,
        evidence_at_risk=True,
    )["id"]
    task = system.task(case_id, "triage")
    proposal = system.ok("utredare", "GET", f"/api/tasks/{task['id']}")["proposal"]
    assert proposal["case_type"] == 3
    assert proposal["stop_payment"] is True
    assert proposal["priority"] == "high" and proposal["priority_reasons"]
    case = system.case(case_id)
    assert any("stoppa utbetalningen" in n for n in case["notices"])
    received = date.fromisoformat(REPORT["received_on"])  # the 3-month start guarantee
    assert case["open_tasks"][0]["due_at"].startswith(end_of(start_guarantee(received)))


def test_small_error_while_on_assistance_is_proposed_low_priority(system: System, new_case):
    case_id = new_case(estimated_amount=2000, period_from="2026-09", period_to="2026-10")["id"]
    task = system.task(case_id, "triage")
    proposal = system.ok("utredare", "GET", f"/api/tasks/{task['id']}")["proposal"]
    assert proposal["priority"] == "low"
    assert proposal["case_type"] == 1


def test_months_of_household_members_and_corrections_are_counted_per_month(
    system: System, new_case
):
    case_id = new_case()["id"]
    system.complete(
        case_id,
        "triage",
        {"outcome": "investigate", "priority": "normal", "case_type": 2, "reason": "Utreds"},
    )
    system.complete(
        case_id,
        "investigation",
        {
            "error_type": "wrong_household",
            "detected_by": "Hembesök",
            "summary": "Sambo",
            "months": [
                {
                    "month": "2025-06",
                    "granted_on": "2025-05-26",
                    "paid": 12000,
                    "reason": "Sambons lön",
                    "resources": [
                        {"kind": "work_income", "amount": 5000, "member": "sambo"},
                        {"kind": "benefit_from_other_authority", "amount": 1500},
                    ],
                },
                {
                    "month": "2025-07",
                    "granted_on": "2025-07-01",
                    "paid": 12000,
                    "correct_amount": 4000,
                    "already_corrected": 1000,
                    "reason": "Hushållet var två vuxna",
                },
            ],
        },
    )
    months = {m["month"]: m for m in system.case(case_id)["months"]}
    assert (months["2025-06"]["correct"], months["2025-06"]["overpaid"]) == (5500, 6500)
    assert (months["2025-07"]["correct"], months["2025-07"]["overpaid"]) == (4000, 7000)
    assert "2001:453" in months["2025-06"]["law"] and "2025:400" in months["2025-07"]["law"]
    assert months["2025-06"]["court_deadline"] == "2028-06-01"
    assert months["2025-06"]["too_old"] is False


def test_court_deadline_near_opens_a_warning_and_old_months_are_flagged(system: System, new_case):
    case_id = new_case(period_from="2023-10", period_to="2023-12")["id"]
    system.complete(
        case_id,
        "triage",
        {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Gammalt"},
    )
    system.complete(
        case_id,
        "investigation",
        {
            **INVESTIGATION,
            "months": [
                {
                    "month": "2023-10",
                    "granted_on": "2023-09-25",
                    "paid": 9000,
                    "undeclared_income": 2000,
                    "payment_date": "2023-09-28",
                },
                {
                    "month": "2023-12",
                    "granted_on": "2023-12-10",
                    "paid": 9000,
                    "undeclared_income": 2000,
                    "payment_date": "2023-12-15",
                },
            ],
        },
    )
    warning = system.task(case_id, "court_deadline_warning")
    # due the last day the still-suable month can be taken to court (three years on)
    assert warning["due_at"].startswith(end_of(date(2023 + 3, 12, 15)))
    case = system.case(case_id)
    months = {m["month"]: m for m in case["months"]}
    assert months["2023-10"]["too_old"] is True and months["2023-12"]["too_old"] is False
    assert any("2023-10" in n for n in case["notices"])
    stage = case["stage"]
    system.ok(
        "utredare",
        "POST",
        f"/api/tasks/{warning['id']}/complete",
        json={"action": "apply_to_court", "comment": "Ansökan skrivs"},
    )
    assert system.case(case_id)["stage"] == stage


def test_claim_taken_as_damages_cannot_also_go_to_the_administrative_court(
    system: System, new_case
):
    case_id = new_case()["id"]
    response = system.call(
        "utredare",
        "POST",
        f"/api/cases/{case_id}/recovery-route",
        json={"route": "damages_in_criminal_case"},
    )
    assert response.status_code == 409 and "debt" in response.json()["detail"]
    decide_recovery(system, case_id)
    plan = system.task(case_id, "repayment_plan")
    too_long = system.call(
        "utredare",
        "POST",
        f"/api/tasks/{plan['id']}/complete",
        json={"monthly_amount": 50, "first_due_date": "2026-12-28"},
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "monthly_amount"]
    system.ok(
        "utredare",
        "POST",
        f"/api/cases/{case_id}/recovery-route",
        json={"route": "damages_in_criminal_case"},
    )
    second = system.call(
        "utredare",
        "POST",
        f"/api/cases/{case_id}/recovery-route",
        json={"route": "administrative_court"},
    )
    assert second.status_code == 409 and "twice" in second.json()["detail"]
    bad = system.call(
        "utredare", "POST", f"/api/cases/{case_id}/recovery-route", json={"route": "set_off"}
    )
    assert bad.status_code == 422


def test_court_application_claims_only_months_within_three_years(system: System, new_case):
    from tests.integration.docx_text import docx_text

    case_id = new_case(period_from="2023-09", period_to="2024-01")["id"]
    decide_recovery(
        system,
        case_id,
        {
            **INVESTIGATION,
            "months": [
                {
                    "month": "2023-10",
                    "granted_on": "2023-09-25",
                    "paid": 9000,
                    "undeclared_income": 2000,
                    "payment_date": "2023-09-28",
                },
                {
                    "month": "2024-01",
                    "granted_on": "2023-12-20",
                    "paid": 9000,
                    "undeclared_income": 3000,
                    "payment_date": "2023-12-28",
                },
            ],
        },
    )
    system.ok(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        status=201,
        json={"amount": 2500, "paid_on": "2026-11-20"},
    )
    doc = system.ok(
        "utredare",
        "POST",
        f"/api/cases/{case_id}/documents",
        status=201,
        json={
            "kind": "ansokan_ersattningstalan",
            "court": "Förvaltningsrätten i Stockholm",
            "claim": {
                "ability_to_pay": "Har arbete sedan oktober 2026.",
                "talan_decided_on": "2026-11-24",
                "talan_decided_by": "Socialnämndens individutskott",
            },
        },
    )
    text = docx_text(system.call("utredare", "GET", doc["url"]).content)
    assert "januari 2024 |" in text and "oktober 2023 |" not in text  # table rows
    # 2 000 kr of October is time-barred and the 2 500 kr paid go to it first: 3 000 - 500
    assert "2 500 kr" in text and "Det som yrkas är därför 2 500 kr" in text
