"""The `queue-status` flow on a real Prefect server: the runner serves it every 15 minutes,
and a run publishes one table per unit and a summary, with counts and no personal data."""

from __future__ import annotations

import json

from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.exceptions import ObjectNotFound

from fut.settings import get_settings
from tests.integration.conftest import System, wait_until
from tests.integration.test_privacy import SECRETS


def test_queue_status_runs_every_quarter_hour_and_publishes_count_only_artifacts(
    system: System, new_case
):
    case_id = new_case()["id"]
    number = system.case(case_id)["case_number"]
    with SyncPrefectClient(api=get_settings().prefect_url) as client:

        def served():
            try:
                return client.read_deployment_by_name("queue-status/every-15-minutes")
            except ObjectNotFound:
                return None

        deployment = wait_until(served, 90, "the queue-status deployment")
        [schedule] = deployment.schedules
        assert schedule.active and schedule.schedule.cron == "*/15 * * * *"
        assert schedule.schedule.timezone == "Europe/Stockholm"
        assert "queue-status" in deployment.tags and deployment.parameters == {}

        run = client.create_flow_run_from_deployment(deployment.id)
        wait_until(lambda: client.read_flow_run(run.id).state.is_final(), 60, "queue-status run")
        finished = client.read_flow_run(run.id)
        assert finished.state.is_completed(), finished.state
        assert "queue-status" in finished.tags
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
    by_key = {a.key: a for a in artifacts}
    assert {"queue-status-sodermalm", "queue-status-summary"} <= set(by_key)
    assert all(key.startswith("queue-status-") for key in by_key)

    table = by_key["queue-status-sodermalm"]
    assert table.type == "table"
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    triage = next(r for r in rows if r["Tagg"] == "stage:triage")
    assert triage["Steg"] == "Förhandsbedömning" and triage["Öppna"] >= 1
    assert by_key["queue-status-summary"].type == "markdown"
    assert "# Köstatus" in str(by_key["queue-status-summary"].data)

    published = "\n".join(f"{a.key} {a.data!r} {a.description!r}" for a in artifacts)
    leaked = [s for s in [*SECRETS, number] if s.lower() in published.lower()]
    assert leaked == []
