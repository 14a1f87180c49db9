"""futflow's deployments, declared once: the warm worker (`deployments/worker.py`) registers
them on the `futflow` work pool, Prefect's stock runner (`deployments/serve.py`) serves them
directly, and `deployments/prefect.yaml` declares the same for `prefect deploy`.

The API's dispatcher finds the case deployment by its name, `fut-case/fut-case`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prefect import Flow
from prefect.schedules import Cron, Schedule

from flows import queue_status as queue
from flows.case_lifecycle import fut_case
from flows.repayment_follow_up import repayment_follow_up

WORK_POOL = "futflow"
TIMEZONE = "Europe/Stockholm"


@dataclass(frozen=True)
class Definition:
    flow: Flow[Any, Any]
    name: str
    description: str
    tags: tuple[str, ...]
    cron: str | None = None

    def schedule(self) -> Schedule | None:
        return Cron(self.cron, timezone=TIMEZONE) if self.cron else None


DEFINITIONS = (
    Definition(fut_case, "fut-case", "One run per FUT case, named by its case number.", ("fut",)),
    Definition(
        repayment_follow_up,
        "daily",
        "Missed installments and six-monthly reviews of every debt.",
        ("fut", "schedule"),
        cron="0 6 * * *",
    ),
    Definition(
        queue.queue_status,
        queue.DEPLOYMENT,
        "Supervisors' queue figures per unit as artifacts (counts only).",
        tuple(queue.TAGS),
        cron=queue.CRON,
    ),
)

# flow name -> flow: what a worker's process runs for a flow run of that flow
FLOWS: dict[str, Flow[Any, Any]] = {d.flow.name: d.flow for d in DEFINITIONS}
