"""Prefect's stock runner serving every deployment of futflow from this process: the
alternative to the warm worker (`deployments/worker.py`), kept to compare against
(`FUT_ENGINE=runner`; `make bench` measures both). It starts a new interpreter per flow run.

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

from deployments.definitions import DEFINITIONS
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
    settings = get_settings()
    runner = DrainingRunner(limit=settings.run_concurrency)
    for d in DEFINITIONS:
        runner.add_deployment(
            d.flow.to_deployment(  # type: ignore[arg-type]
                name=d.name, description=d.description, tags=list(d.tags), schedule=d.schedule()
            )
        )
    record = record_runner(settings.var_dir)
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass
    finally:
        forget_runner(record)


if __name__ == "__main__":
    main()
