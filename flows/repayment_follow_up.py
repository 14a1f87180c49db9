"""`repayment-follow-up`: a daily scheduled flow over every debt being repaid (one run, set-based
SQL in batches; never a run per debt). It writes reminder letters, opens work items and
settles paid debts; it returns counts only (no case numbers, no names)."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from fut.clock import today
from fut.services import follow_up


@task(name="find-missed-installments", persist_result=False, cache_policy=NO_CACHE, retries=2)
def find_missed_installments() -> dict[str, int]:
    result = follow_up.follow_up(today())
    return {
        "debts_checked": result.debts_checked,
        "missed": result.missed_payment_items,
        "reminders": result.reminders,
        "reviews": result.review_items,
        "settled": result.settled,
        "court_warnings": result.court_warnings,
    }


@flow(name="repayment-follow-up", persist_result=False)
def repayment_follow_up() -> dict[str, int]:
    counts = find_missed_installments()
    get_run_logger().info("repayment follow-up: %s", counts)
    return counts
