"""The runner: serves every deployment of futflow from this process.

Run with `python -m deployments.serve` (the `make up` launcher does). Flow runs are
created by the API's dispatcher (one `fut-case` run per case) and by the schedules here.

The runner records itself in `FUT_VAR_DIR/runners/` so the dispatcher can tell a run it took
and never started (left Pending when the runner died) from one about to start. On SIGTERM
it stops taking runs, lets the runs in progress reach their wait (a case run suspends
within seconds) and only then stops: stopping `make up` strands no run.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from prefect.runner import Runner
from prefect.schedules import Cron

from flows import queue_status as queue
from flows.case_lifecycle import fut_case
from flows.repayment_follow_up import repayment_follow_up
from fut.processes import forget_runner, record_runner
from fut.settings import get_settings

DRAIN_SECONDS = 15.0  # below fut.system.Instance.stop's 20 s before it kills the group

log = logging.getLogger("futflow.runner")


class DrainingRunner(Runner):
    """A Prefect runner whose SIGTERM lets the runs in progress finish their step.

    Prefect's own handler cancels the runs in progress and exits at once, which leaves a
    run it had taken but not started Pending for ever. (Uses the runner's poller and
    process manager, internal to Prefect 3.8.8, which is pinned.)"""

    _draining = False

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        if self._draining:
            return
        if self._loop is None or not self.started:  # has taken no run yet
            raise SystemExit(0)
        self._draining = True
        loop = self._loop
        loop.call_soon_threadsafe(lambda: loop.create_task(self._drain_and_stop()))

    def _in_flight(self) -> bool:
        poller = getattr(self, "_scheduled_run_poller", None)
        submitting: set[object] = getattr(poller, "_submitting_flow_run_ids", set())
        return bool(submitting) or bool(self._process_manager.flow_run_ids())

    async def _drain_and_stop(self) -> None:
        log.info("SIGTERM: taking no more runs; letting the runs in progress reach their wait")
        poller = getattr(self, "_scheduled_run_poller", None)
        if poller is not None:
            poller.stopping = True
        deadline = asyncio.get_running_loop().time() + DRAIN_SECONDS
        while self._in_flight() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)
        if self._in_flight():
            log.warning("runs still in progress after %.0f s are cancelled", DRAIN_SECONDS)
        await self.astop()


def main() -> None:
    runner = DrainingRunner(limit=None)
    runner.add_deployment(
        fut_case.to_deployment(  # type: ignore[arg-type]
            name="fut-case",
            description="One run per FUT case, named by its case number.",
            tags=["fut"],
        )
    )
    runner.add_deployment(
        repayment_follow_up.to_deployment(  # type: ignore[arg-type]
            name="daily",
            description="Missed installments and six-monthly reviews of every debt.",
            schedule=Cron("0 6 * * *", timezone="Europe/Stockholm"),
            tags=["fut", "schedule"],
        )
    )
    runner.add_deployment(
        queue.queue_status.to_deployment(  # type: ignore[arg-type]
            name=queue.DEPLOYMENT,
            description="Supervisors' queue figures per unit as artifacts (counts only).",
            schedule=Cron(queue.CRON, timezone="Europe/Stockholm"),
            tags=queue.TAGS,
        )
    )
    record = record_runner(get_settings().var_dir)
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
    finally:
        forget_runner(record)


if __name__ == "__main__":
    main()
