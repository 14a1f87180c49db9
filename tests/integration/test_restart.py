"""Stopping the runner while cases wait loses nothing and produces nothing twice."""

from __future__ import annotations

import time

from tests.integration.conftest import System, wait_until
from tests.integration.test_lifecycle import INVESTIGATION


def test_runner_restart_while_case_waits_continues_without_duplicate_documents(
    system: System, new_case
):
    case_id = new_case()["id"]
    system.complete(
        case_id,
        "triage",
        {"outcome": "investigate", "priority": "normal", "case_type": 2, "reason": "Utreds"},
    )
    system.waiting_run(case_id, "investigation")

    system.instance.stop("runner")
    # the step is completed while nothing can run the flow
    system.complete(case_id, "investigation", INVESTIGATION)
    assert system.case(case_id)["stage"] == "communication"
    wait_until(
        lambda: system.prefect_run(case_id).state.is_scheduled(),
        60,
        "flow run resumed and waiting for a runner",
    )

    system.instance.start_runner()
    system.waiting_run(case_id, "client_reply")
    system.instance.stop("runner")
    system.instance.start_runner()
    system.complete(case_id, "client_reply", {"replied": True, "summary": "Svarade muntligt"})
    system.waiting_run(case_id, "intent")

    case = system.case(case_id)
    kinds = [d["kind"] for d in case["documents"]]
    assert kinds == ["kommunicering"]
    assert [h["to_stage"] for h in case["history"]].count("client_reply") == 1


def test_crashed_case_run_is_restarted_where_the_case_stands(system: System, new_case):
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.states import Crashed

    from fut.settings import get_settings

    created = new_case()
    case_id = created["id"]
    first = system.waiting_run(case_id, "triage")
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        client.set_flow_run_state(first.id, Crashed(message="worker lost"), force=True)
    second = wait_until(
        lambda: (r := system.prefect_run(case_id)).id != first.id and r, 60, "a new flow run"
    )
    assert second.name == created["case_number"]
    system.waiting_run(case_id, "triage")
    system.complete(
        case_id,
        "triage",
        {"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "Ingen åtgärd"},
    )
    case = system.stage(case_id, "closed")
    assert [d["kind"] for d in case["documents"]] == ["beslut_ingen_atgard"]


def test_report_filed_while_prefect_is_down_starts_its_run_when_prefect_is_back(
    system: System, new_case
):
    system.instance.stop("runner")
    system.instance.stop("prefect-server")
    try:
        created = new_case()  # the API answers without Prefect
        assert created["stage"] == "triage"
        task = system.task(created["id"], "triage")
        assert system.case(created["id"])["flow_run_id"] is None
        time.sleep(2)  # the dispatcher tries, fails, and keeps the message
    finally:
        system.instance.start_prefect()
        system.instance.start_runner()
    run = system.waiting_run(created["id"], "triage")
    assert run.name == created["case_number"]
    system.ok(
        "utredare",
        "POST",
        f"/api/tasks/{task['id']}/complete",
        json={"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "x"},
    )
    system.stage(created["id"], "closed")
