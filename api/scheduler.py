"""APScheduler inside the API service: the outbox dispatcher and the database timers."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from api.dispatcher import deliver_pending, reconcile
from fut.services.timers import fire_due_timers
from fut.settings import get_settings

log = logging.getLogger("futflow.scheduler")

NAP_SECONDS = 0.05


class SleepingScheduler(BackgroundScheduler):
    """APScheduler's background scheduler, waiting for its next job in short sleeps instead
    of a timed condition wait (APScheduler 3's `BlockingScheduler._main_loop`, otherwise the
    same). A timed wait hangs for good where the machine's clock is faked (libfaketime:
    `faketime -f +49d make test`), so timers and repairs never ran there; a sleep does not."""

    def _main_loop(self) -> None:
        wait_seconds: float | None = 0.0
        while self.state != STATE_STOPPED:
            until = time.monotonic() + min(wait_seconds or 0.0, 3600.0)
            if wait_seconds is None:  # no job at all: wait for a wake-up
                until = time.monotonic() + 3600.0
            while not self._event.is_set() and time.monotonic() < until:
                time.sleep(NAP_SECONDS)
            self._event.clear()
            wait_seconds = self._process_jobs()


def _dispatch() -> None:
    # drain: keep going while messages settle, so one kick delivers a burst at once
    while deliver_pending() > 0:
        pass


def _reconcile() -> None:
    try:
        if reconcile() > 0:
            _dispatch()
    except Exception as exc:  # Prefect unreachable: next time
        log.warning("reconcile_failed error=%s", type(exc).__name__)


def _timers() -> None:
    if fire_due_timers() > 0:
        _dispatch()


class Background:
    def __init__(self) -> None:
        settings = get_settings()
        self.scheduler = SleepingScheduler(timezone=UTC)
        for job, every in (
            (_dispatch, settings.dispatch_interval_seconds),
            (_timers, settings.timer_interval_seconds),
            (_reconcile, settings.reconcile_interval_seconds),
        ):
            self.scheduler.add_job(
                job,
                "interval",
                id=job.__name__.lstrip("_"),
                seconds=every,
                max_instances=1,
                coalesce=True,
            )

    def start(self) -> None:
        self.scheduler.start()
        now = datetime.now(UTC)
        self.scheduler.modify_job("reconcile", next_run_time=now)
        # once more when a run left Pending or Running just before a restart is old enough
        # to be judged (api.run_health), rather than a whole interval later
        self.scheduler.add_job(
            _reconcile,
            "date",
            id="reconcile-after-restart",
            run_date=now + timedelta(seconds=get_settings().run_grace_seconds + 1),
        )

    def stop(self) -> None:
        self.scheduler.shutdown(wait=True)

    def kick(self) -> None:
        """Run the dispatcher now (after a commit that queued a message)."""
        if self.scheduler.running:
            self.scheduler.modify_job("dispatch", next_run_time=datetime.now(UTC))
