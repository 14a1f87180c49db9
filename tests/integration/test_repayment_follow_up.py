"""The daily follow-up flow finds missed installments and six-monthly reviews."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from prefect.client.orchestration import SyncPrefectClient

from fut.db import utcnow
from fut.settings import get_settings
from tests.integration.conftest import System, wait_until
from tests.integration.test_lifecycle import decide_recovery


def case_in_repayment(system: System, new_case, first_due_date: str) -> int:
    case_id = new_case()["id"]
    decide_recovery(system, case_id)
    system.complete(
        case_id,
        "repayment_plan",
        {
            "monthly_amount": 300,
            "first_due_date": first_due_date,
            # 70 months: past the court deadlines of the months in 2025
            "past_court_deadline_reason": "Klienten klarar inte mer än 300 kr i månaden.",
        },
    )
    system.stage(case_id, "repayment")
    return case_id


def run_follow_up() -> None:
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        deployment = client.read_deployment_by_name("repayment-follow-up/daily")
        assert deployment.schedules, "the follow-up runs on a schedule"
        run = client.create_flow_run_from_deployment(deployment.id)
        wait_until(lambda: client.read_flow_run(run.id).state.is_final(), 90, "follow-up run")
        assert client.read_flow_run(run.id).state.is_completed()


def test_missed_installment_opens_a_contact_task_and_old_plan_a_review(system: System, new_case):
    late = case_in_repayment(system, new_case, "2026-09-28")
    on_time = case_in_repayment(system, new_case, "2026-10-28")
    system.ok(
        "ekonomi",
        "POST",
        f"/api/cases/{on_time}/payments",
        status=201,
        json={"amount": 300, "paid_on": "2026-10-27"},
    )
    system.ok(
        "ekonomi",
        "POST",
        f"/api/cases/{on_time}/payments",
        status=201,
        json={"amount": 300, "paid_on": "2026-11-25"},
    )
    engine = sa.create_engine(system.db_url)
    with engine.begin() as conn:  # the plan was agreed seven months ago (futflow's clock)
        conn.execute(
            sa.text(
                "UPDATE installmentplan SET created_at = :agreed "
                "WHERE debt_id = (SELECT id FROM debt WHERE case_id = :c)"
            ),
            {"agreed": utcnow() - timedelta(days=7 * 31), "c": on_time},
        )
    engine.dispose()

    def open_tasks() -> list[dict[str, Any]]:
        return [
            t
            for case_id in (late, on_time)
            for t in system.ok("utredare", "GET", f"/api/tasks?role=utredare&case_id={case_id}")
        ]

    run_follow_up()
    tasks = open_tasks()
    steps = {(t["case_id"], t["step"]) for t in tasks}
    assert (late, "missed_payment") in steps
    assert (on_time, "missed_payment") not in steps
    assert (on_time, "repayment_review") in steps

    run_follow_up()  # a second run opens nothing twice
    again = open_tasks()
    assert [t["step"] for t in again if t["case_id"] == late].count("missed_payment") == 1
