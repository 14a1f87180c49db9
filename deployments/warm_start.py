"""What the warm worker's fork server loads once, and what each forked run process does.

Importing this module imports Prefect's engine, futflow's services and every flow, and
warms what a run would otherwise load on first use (Prefect's task engine, the database
dialects, the step registry, the Swedish holidays of this year and the next); the fork
server (`deployments/worker.py`) does it once, before it forks any run, and every run
inherits it. Nothing here may start a thread or open a connection or a file that stays
open: a fork copies only the forking thread, and the runs would share the parent's sockets.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from datetime import date
from typing import cast
from uuid import UUID

import prefect.flow_engine  # noqa: F401  (the engine, loaded before any fork)
from prefect._internal.control_listener import configure_from_env
from prefect.context import SettingsContext, get_settings_context
from prefect.engine import handle_engine_signals
from prefect.flow_engine import flow_run_logger, load_flow, load_flow_run, run_flow
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings

from deployments.definitions import FLOWS
from fut import steps
from fut.rules.deadlines import closed_days

NICENESS = 5  # run processes yield the CPU to the API's requests

# modules a run imports lazily on its first task, state or query (read off a run's
# sys.modules); a module missing from an installation is skipped
LAZY_MODULES = (
    "prefect.task_engine",
    "prefect.concurrency._sync",
    "prefect.concurrency._asyncio",
    "prefect.concurrency.services",
    "prefect.utilities.visualization",
    "prefect._internal.states",
    "anyio._backends._asyncio",
    "anyio.streams.tls",
    "anyio.streams.memory",
    "rich._emoji_codes",
    "encodings.idna",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.sqlite.aiosqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "dateutil.easter",
)


def _warm() -> None:
    for name in LAZY_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    steps.human_steps()  # imports every step module
    this_year = date.today().year
    for year in (this_year - 1, this_year, this_year + 1):
        closed_days(year)


_warm()


def execute(flow_run_id: str, flow_name: str) -> None:
    """Run one flow run with Prefect's engine, as `python -m prefect.engine` does, but with
    the flow already imported. Exits the process (status 0 also when the run suspended)."""
    os.nice(NICENESS)
    os.environ["PREFECT__FLOW_RUN_ID"] = flow_run_id
    run_id = UUID(flow_run_id)
    configure_from_env()
    # no flow-run heartbeats: their thread sleeps in whole seconds and holds the process
    # up to a second after the run suspended; futflow tells a dead run by its process
    # (api.run_health), which is sooner than a missed heartbeat
    settings = get_current_settings().copy_with_update(
        updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    )
    with (
        SettingsContext(profile=get_settings_context().profile, settings=settings),
        handle_engine_signals(run_id),
    ):
        flow_run = load_flow_run(flow_run_id=run_id)
        flow = FLOWS.get(flow_name)
        if flow is None:  # a flow this version does not declare: load it as Prefect would
            flow = load_flow(flow_run)
        logger = cast(logging.Logger, flow_run_logger(flow_run=flow_run))  # as prefect.engine
        run_flow(flow, flow_run=flow_run, error_logger=logger)
    sys.stdout.flush()
