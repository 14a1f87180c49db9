"""Prefect tasks: thin, retryable wrappers over fut services. They take and return ids and
codes only and persist no results. An error is logged in full to the futflow log; what
reaches Prefect names only its type, the case id and the stage, since a message could
quote personal data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE

from fut.services import automation

log = logging.getLogger("futflow.tasks")
T = TypeVar("T")

_OPTIONS = {
    "persist_result": False,
    "cache_policy": NO_CACHE,
    "retries": 2,
    "retry_delay_seconds": [2, 10],
}


class CaseStepFailed(RuntimeError):
    """A step of a case failed; the details are in the futflow log, not in Prefect."""


def _guarded(case_id: int, stage: str, step: Callable[[], T]) -> T:
    try:
        return step()
    except Exception as exc:
        log.exception("case_step_failed case_id=%s stage=%s", case_id, stage)
        raise CaseStepFailed(
            f"{type(exc).__name__} in case {case_id} at {stage}; details in the futflow log"
        ) from None


@task(name="carry-out-stage", task_run_name="{stage}", **_OPTIONS)  # type: ignore[call-overload]
def carry_out_stage(case_id: int, stage: str) -> str:
    """Produce the stage's documents and move the case on; returns the new stage."""
    return _guarded(case_id, stage, lambda: automation.run_automatic_stage(case_id, stage))


@task(name="settle-repayment", **_OPTIONS)  # type: ignore[call-overload]
def settle_repayment(case_id: int) -> bool:
    """Produce the plan letter once, and close the case when its debt is paid."""
    return _guarded(case_id, "repayment", lambda: automation.settle_repayment(case_id))
