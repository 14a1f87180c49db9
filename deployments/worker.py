"""The warm worker: executes futflow's flow runs from the `futflow` work pool, each in a
process forked from a warm one that has everything imported already.

Prefect's own runner and process worker start a new interpreter for every flow run (and a
case run starts again at every step: it suspends while it waits for a person), which costs
about two seconds before the first line of the flow. Here a fork server
(`multiprocessing`'s "forkserver", preloaded with `deployments.warm_start`) imports Prefect,
futflow and the flows once; each run is a fork of it that starts in milliseconds and runs
the flow with Prefect's own engine, so the run appears in the Prefect UI exactly as before:
named by its case number, tagged, with its states, task runs and logs.

- **Bounded**: at most `FUT_RUN_CONCURRENCY` runs execute at once in one worker; the rest
  stay Scheduled in the work pool's queue (visible in the UI) until a slot frees.
- **Prompt**: the dispatcher on the same machine nudges the worker (UDP on loopback) the
  moment it has resumed or created a run; otherwise it polls every `FUT_WORKER_POLL_SECONDS`.
- **Several workers** may pull from the pool, on one machine or several: Prefect lets only
  one of them move a run to Pending, and only that one runs it.
- **Kind to the API**: the run processes are niced, so on a busy machine the investigators'
  requests come first.
- **SIGTERM** stops taking runs and lets the runs in progress reach their wait (a case run
  suspends within seconds) before stopping, so stopping `make up` strands no run.

Run with `python -m deployments.worker` (the `make up` launcher does). It registers the
deployments of `deployments.definitions` on the pool when it starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
import signal
import socket
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import anyio
import anyio.abc
import httpx
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.objects import FlowRun
from prefect.deployments.runner import RunnerDeployment
from prefect.exceptions import (
    Abort,
    InfrastructureNotAvailable,
    InfrastructureNotFound,
    ObjectAlreadyExists,
    PrefectHTTPStatusError,
)
from prefect.states import Pending
from prefect.utilities.engine import propose_state
from prefect.workers.base import (
    BaseJobConfiguration,
    BaseVariables,
    BaseWorker,
    BaseWorkerResult,
)

from deployments import warm_start
from deployments.definitions import DEFINITIONS, WORK_POOL
from fut.processes import (
    forget_runner,
    parse_process_name,
    process_name,
    record_runner,
    taken_by_message,
)
from fut.processes import this_host as host
from fut.settings import REPO_ROOT, get_settings

DRAIN_SECONDS = 15.0  # below fut.system.Instance.stop's 20 s before it kills the group
SYNC_SECONDS = 30.0  # the worker's heartbeat to Prefect
EXIT_POLL_SECONDS = 0.05
WORKER_TYPE = "futflow-warm"

log = logging.getLogger("futflow.worker")


class WarmResult(BaseWorkerResult):
    """How a run's process ended."""


class WarmWorker(BaseWorker[BaseJobConfiguration, BaseVariables, WarmResult]):
    type = WORKER_TYPE
    job_configuration = BaseJobConfiguration
    job_configuration_variables = BaseVariables
    _description = "futflow: runs each flow run in a process forked from a warm one."
    _display_name = "futflow warm worker"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([warm_start.__name__])
        self._context = context
        self._flow_names: dict[UUID, str] = {}
        self._processes: dict[int, multiprocessing.process.BaseProcess] = {}
        self._run_ids: dict[int, UUID] = {}  # pid -> flow run id
        # called when a run's process ends: a run resumed meanwhile may start now
        self.process_ended: Callable[[], None] = lambda: None

    async def _flow_name(self, flow_run: FlowRun) -> str:
        name = self._flow_names.get(flow_run.flow_id)
        if name is None:
            name = (await self.client.read_flow(flow_run.flow_id)).name
            self._flow_names[flow_run.flow_id] = name
        return name

    async def run(
        self,
        flow_run: FlowRun,
        configuration: BaseJobConfiguration,
        task_status: anyio.abc.TaskStatus[Any] | None = None,
    ) -> WarmResult:
        flow_name = await self._flow_name(flow_run)
        process = self._context.Process(
            target=warm_start.execute,
            args=(str(flow_run.id), flow_name),
            name=f"flow-run-{flow_run.id}",
            daemon=False,
        )
        process.start()
        pid = process.pid or 0
        log.info("flow_run_process_started flow_run_id=%s pid=%s", flow_run.id, pid)
        self._processes[pid] = process
        self._run_ids[pid] = flow_run.id
        # "host:pid", as the run records itself (fut.processes): run health reads it
        if task_status is not None:
            task_status.started(process_name(pid))
        try:
            while process.exitcode is None:
                await anyio.sleep(EXIT_POLL_SECONDS)
        finally:
            self._processes.pop(pid, None)
            self._run_ids.pop(pid, None)
            self.process_ended()
        code = process.exitcode if process.exitcode is not None else 0
        process.close()
        log.info("flow_run_process_ended flow_run_id=%s pid=%s status=%s", flow_run.id, pid, code)
        # a process killed by a signal reports -signal; Prefect expects a positive status
        return WarmResult(status_code=code if code >= 0 else 128 - code, identifier=str(pid))

    async def kill_infrastructure(
        self,
        infrastructure_pid: str,
        configuration: BaseJobConfiguration,
        grace_seconds: int = 30,
    ) -> None:
        """Cancelling a run in the UI: stop its process, if it is one of this worker's."""
        process = parse_process_name(infrastructure_pid)
        if process is None or process[0] != host():
            raise InfrastructureNotAvailable(f"{infrastructure_pid} is not on this machine")
        pid = process[1]
        if pid not in self._processes:
            raise InfrastructureNotFound(f"no run process {pid} in this worker")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while pid in self._processes and time.monotonic() < deadline:
            await anyio.sleep(0.1)
        if pid in self._processes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    async def _submit_scheduled_flow_runs(self, flow_run_response: list[Any]) -> list[FlowRun]:
        """As Prefect's, but a run whose previous process is still ending (a case run that
        suspended and was resumed at once) waits for the next poll: Prefect's limiter
        counts a run once."""
        running = set(self._run_ids.values())
        ready = [r for r in flow_run_response if r.flow_run.id not in running]
        return await super()._submit_scheduled_flow_runs(ready)

    async def _propose_pending_state(self, flow_run: FlowRun) -> bool:
        """As Prefect's, but the Pending state names this worker ("host:pid" in its
        message): run health (api.run_health) then knows which worker took the run, on
        whichever machine and with whatever FUT_VAR_DIR, and that it is alive."""
        run_logger = self.get_flow_run_logger(flow_run)
        try:
            state = await propose_state(
                self.client, Pending(message=taken_by_message()), flow_run_id=flow_run.id
            )
        except Abort as exc:
            run_logger.info(f"Aborted submission of flow run '{flow_run.id}': {exc}")
            return False
        except Exception:
            run_logger.exception(f"Failed to update state of flow run '{flow_run.id}'")
            return False
        if not state.is_pending():
            run_logger.info(
                f"Aborted submission of flow run '{flow_run.id}': Server returned a "
                f"non-pending state {state.type.value!r}"
            )
            return False
        return True

    def in_flight(self) -> int:
        return len(self._submitting_flow_run_ids) + len(self._processes)


def register_deployments() -> None:
    """Create the work pool if there is none, and create or update futflow's deployments on
    it (idempotent: every worker does it when it starts)."""
    with get_client(sync_client=True) as client, contextlib.suppress(ObjectAlreadyExists):
        client.create_work_pool(
            WorkPoolCreate(
                name=WORK_POOL,
                type=WORKER_TYPE,
                base_job_template=WarmWorker.get_default_base_job_template(),
                description="futflow's flow runs; `python -m deployments.worker` runs them",
            )
        )
    for d in DEFINITIONS:
        deployment = RunnerDeployment.from_flow(
            d.flow,
            name=d.name,
            description=d.description,
            tags=list(d.tags),
            schedule=d.schedule(),
            work_pool_name=WORK_POOL,
        )
        deployment._path = str(REPO_ROOT)  # where the entrypoint is, for any worker
        deployment.apply(work_pool_name=WORK_POOL)


class _Nudges(asyncio.DatagramProtocol):
    """A datagram from the dispatcher (it just resumed or created a run): poll now."""

    def __init__(self, wake: asyncio.Event) -> None:
        self.wake = wake

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self.wake.set()


def register_when_reachable(pause: float = 0.5, cap: float = 5.0) -> None:
    """`register_deployments`, again and again while the Prefect server cannot be reached
    or answers 5xx (it is starting, or was restarted after a crash): a worker that starts
    before its server waits for it instead of exiting (and being restarted with a growing
    backoff by `fut up`, long after the server is back)."""
    failures = 0
    while True:
        try:
            register_deployments()
            return
        except (httpx.TransportError, PrefectHTTPStatusError) as exc:
            if isinstance(exc, PrefectHTTPStatusError) and exc.response.status_code < 500:
                raise
            failures += 1
            wait = min(pause * 2 ** (failures - 1), cap)
            log.warning("prefect_unreachable error=%r; registering again in %.1f s", exc, wait)
            time.sleep(wait)


async def serve(stop: asyncio.Event, wake: asyncio.Event) -> None:
    settings = get_settings()
    worker = WarmWorker(
        work_pool_name=WORK_POOL,
        name=f"futflow {process_name()}",
        limit=settings.run_concurrency,
        prefetch_seconds=0,
    )
    worker.process_ended = wake.set
    # start the fork server (and its imports, seconds) now, not at the first run
    await anyio.to_thread.run_sync(multiprocessing.forkserver.ensure_running)
    async with worker:
        log.info(
            "worker %s polling pool %s every %.2f s, at most %d runs at once",
            worker.name,
            WORK_POOL,
            settings.worker_poll_seconds,
            settings.run_concurrency,
        )
        last_sync = time.monotonic()
        failures = 0
        while not stop.is_set():
            try:
                synced = worker._has_successfully_synced
                if not synced or time.monotonic() - last_sync >= SYNC_SECONDS:
                    await worker._sync_and_initialize()  # heartbeat; the pool's template
                    last_sync = time.monotonic()
                await worker.get_and_submit_flow_runs()
                failures = 0
            except Exception as exc:  # Prefect unreachable: keep trying, backing off
                failures += 1
                if failures == 1:
                    log.warning("prefect_unreachable error=%r", exc)
            pause = settings.worker_poll_seconds * (min(2**failures, 50) if failures else 1)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=pause)
            wake.clear()
        log.info("stopping: taking no more runs; letting %d in progress finish", worker.in_flight())
        deadline = time.monotonic() + DRAIN_SECONDS
        while worker.in_flight() and time.monotonic() < deadline:
            await anyio.sleep(0.1)
        if worker.in_flight():
            log.warning("runs still in progress after %.0f s are left to the group", DRAIN_SECONDS)


def main() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    settings = get_settings()
    register_when_reachable()
    nudges = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    nudges.bind(("127.0.0.1", 0))
    record = record_runner(settings.var_dir, nudge_port=nudges.getsockname()[1])

    async def run() -> None:
        stop, wake = asyncio.Event(), asyncio.Event()
        loop = asyncio.get_running_loop()

        def stopping() -> None:
            stop.set()
            wake.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stopping)
        await loop.create_datagram_endpoint(lambda: _Nudges(wake), sock=nudges)
        await serve(stop, wake)

    try:
        asyncio.run(run())
    finally:
        forget_runner(record)


if __name__ == "__main__":
    main()
