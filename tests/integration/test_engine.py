"""The engine as supervisors see it in Prefect: a new report's run waits at triage without a
process, and runs beyond `FUT_RUN_CONCURRENCY` wait their turn in the work pool's queue."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from tests.integration.conftest import System, wait_until

TRIAGE = {"outcome": "investigate", "priority": "normal", "case_type": 2, "reason": "Utreds"}


def _runs(run_ids: list[UUID]) -> list[Any]:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from fut.settings import get_settings

    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        return client.read_flow_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=run_ids))
        )


@pytest.fixture
def one_run_at_a_time(system: System) -> Iterator[None]:
    """The worker restarted with FUT_RUN_CONCURRENCY=1, and back to the default after."""
    from fut.settings import get_settings

    def restart(concurrency: str | None) -> None:
        system.instance.stop("runner")
        if concurrency is None:
            os.environ.pop("FUT_RUN_CONCURRENCY", None)
        else:
            os.environ["FUT_RUN_CONCURRENCY"] = concurrency
        get_settings.cache_clear()
        system.instance.start_runner()

    restart("1")
    try:
        yield
    finally:
        restart(None)


def test_new_report_run_waits_suspended_at_triage_without_starting_a_process(
    system: System, new_case
):
    created = new_case()
    run = system.waiting_run(created["id"], "triage")
    triage = system.task(created["id"], "triage")
    assert run.name == created["case_number"]
    assert run.state.state_details.pause_key == f"item-{triage['id']}"
    assert run.start_time is None  # no process was started for it
    assert {"stage:triage", "unit:sodermalm"} <= set(run.tags)


def test_runs_beyond_the_concurrency_setting_wait_their_turn_in_the_work_queue(
    system: System, new_case, one_run_at_a_time
):
    cases = [new_case()["id"] for _ in range(5)]
    run_ids = [UUID(str(system.waiting_run(c, "triage").id)) for c in cases]
    for case_id in cases:
        system.complete(case_id, "triage", TRIAGE)
    most_running = most_waiting = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        runs = _runs(run_ids)
        states = [r.state.type.value for r in runs]
        most_running = max(most_running, states.count("RUNNING"))
        most_waiting = max(most_waiting, states.count("SCHEDULED") + states.count("PENDING"))
        if all(r.state.is_paused() and "stage:investigation" in r.tags for r in runs):
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the runs did not all suspend at the investigation: {states}")
    assert most_running == 1
    assert most_waiting >= 2  # visible in Prefect as waiting for the worker
    for case_id in cases:
        wait_until(lambda c=case_id: system.task(c, "investigation"), 30, "investigation task")
