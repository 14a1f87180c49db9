"""No personnummer, name or free text about a person reaches Prefect."""

from __future__ import annotations

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

from fut.settings import get_settings
from tests.clock import SUITE_TODAY
from tests.integration.conftest import REPORT, System, wait_until
from tests.integration.test_lifecycle import INVESTIGATION, investigate

SECRETS = [
    "121212-1212",
    "191212121212",
    "1212121212",
    "Tolvan",
    "Testgatan",
    "städfirma",
    "Bestrider",
    "Glömde",
    REPORT["description"],
    INVESTIGATION["summary"],
]


def test_prefect_holds_only_ids_codes_and_case_numbers(system: System, new_case):
    case_id = new_case()["id"]
    investigate(system, case_id)
    system.waiting_run(case_id, "client_reply")
    seen: list[str] = []
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        runs = client.read_flow_runs()
        assert runs
        for run in runs:
            seen += [run.name, *run.tags, repr(run.parameters), repr(run.state)]
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id]))
            )
            seen += [log.message for log in logs]
        seen += [t.name for t in client.read_task_runs()]
        for deployment in client.read_deployments():
            seen += [deployment.name, repr(deployment.parameters)]
    blob = "\n".join(seen)
    assert f"FUT-{SUITE_TODAY.year}-" in blob  # we looked at the right things
    leaked = [s for s in SECRETS if s.lower() in blob.lower()]
    assert leaked == []


def test_reads_and_writes_of_case_data_are_audited_with_the_actor(system: System, new_case):
    import sqlalchemy as sa

    case_id = new_case()["id"]
    task = system.task(case_id, "triage")
    system.ok("utredare2", "GET", f"/api/tasks/{task['id']}")
    system.ok("chef", "GET", f"/api/cases/{case_id}")
    system.ok(
        "utredare",
        "POST",
        f"/api/tasks/{task['id']}/complete",
        json={"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "x"},
    )
    doc = wait_until(lambda: system.case(case_id)["documents"], 90, "closing decision")[0]
    system.call("ekonomi", "GET", doc["url"])
    engine = sa.create_engine(system.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT actor, action FROM auditevent WHERE case_id = :c"), {"c": case_id}
        ).all()
    engine.dispose()
    events = {(actor, action) for actor, action in rows}
    assert {
        ("handlaggare", "case_registered"),
        ("utredare2", "task_read"),
        ("chef", "case_read"),
        ("utredare", "task_completed"),
        ("system", "document_produced"),
        ("ekonomi", "document_read"),
    } <= events
