"""`queue-status`: every quarter of an hour, the supervisors' queue figures as artifacts in the
Prefect UI — one table per unit (key `queue-status-<unit>`) and a markdown summary (key
`queue-status-summary`).

The artifacts hold counts only: no case numbers, no names of clients or staff. Anyone who
opens the Prefect UI sees every unit and every earlier version of an artifact, so what is
tied to a case or a person stays on the page `/queue`, behind the login and the audit log.
The flow reads as the system (all units) and is not audited: it reads no case data.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from fut import prefect_links
from fut.clock import local_zone, now
from fut.db import session_scope
from fut.lifecycle import STAGE_NAMES
from fut.rules.swedish_format import format_date
from fut.services import queue_status as qs

FLOW = "queue-status"
DEPLOYMENT = "every-15-minutes"
CRON = "*/15 * * * *"
TAGS = ["fut", "schedule", "queue-status"]


def _when(status: qs.QueueStatus) -> str:
    local = status.now.astimezone(local_zone())
    return f"{format_date(local.date())} kl. {local:%H.%M}"


def unit_table(unit: qs.UnitStatus) -> list[dict[str, Any]]:
    """One row per stage with cases, then the unit's total: counts and days only."""
    rows: list[dict[str, Any]] = [
        {
            "Steg": STAGE_NAMES[s.stage],
            "Tagg": f"stage:{s.stage.value}",
            "Öppna": s.open,
            "Försenade": s.overdue,
            "Äldst i steget (dagar)": s.oldest_days,
        }
        for s in unit.stages
    ]
    rows.append(
        {
            "Steg": "Totalt",
            "Tagg": f"unit:{unit.unit}",
            "Öppna": unit.open,
            "Försenade": unit.overdue,
            "Äldst i steget (dagar)": unit.oldest_days or 0,
        }
    )
    return rows


def unit_description(unit: qs.UnitStatus, status: qs.QueueStatus) -> str:
    cases = "ärende" if unit.deadline_cases == 1 else "ärenden"
    return (
        f"**{unit.name}**, {_when(status)}. Öppna ärenden: {unit.open}, varav försenade: "
        f"{unit.overdue}. Startgarantin har passerat: {unit.guarantee_passed}, passerar inom "
        f"{qs.GUARANTEE_WARNING_DAYS} dagar: {unit.guarantee_soon}. Månader med treårsfrist "
        f"inom {qs.COURT_DEADLINE_WARNING_DAYS} dagar: {unit.deadline_months} "
        f"(i {unit.deadline_cases} {cases})."
    )


def summary_markdown(status: qs.QueueStatus) -> str:
    """Three narrow tables (they must fit the Prefect UI's artifact page) and two notes."""
    g, d = qs.GUARANTEE_WARNING_DAYS, qs.COURT_DEADLINE_WARNING_DAYS
    lines = [
        f"# Köstatus {_when(status)}",
        "",
        "## Öppna ärenden",
        "",
        "| Enhet | Öppna | Försenade | Äldst i steget (dagar) |",
        "|---|--:|--:|--:|",
        *(f"| `{u.unit}` | {u.open} | {u.overdue} | {u.oldest_days or 0} |" for u in status.units),
        "",
        "## Startgaranti och treårsfrist",
        "",
        f"| Enhet | Startgaranti passerad | Passerar inom {g} dagar | Treårsfrist inom {d} dagar |",
        "|---|--:|--:|--:|",
        *(
            f"| `{u.unit}` | {u.guarantee_passed} | {u.guarantee_soon} | {u.deadline_months} |"
            for u in status.units
        ),
        "",
        "## Uppgifter",
        "",
        "| Enhet | Tagna | Tagna, försenade | Ej tagna | Ej tagna, försenade |",
        "|---|--:|--:|--:|--:|",
        *(
            f"| `{u.unit}` | {u.claimed} | {u.claimed_overdue} | {u.unclaimed} "
            f"| {u.unclaimed_overdue} |"
            for u in status.units
        ),
    ]
    people = len(status.load)
    lines += [
        "",
        f"Treårsfrist: antal månader vars frist för ersättningstalan går ut inom {d} dagar.",
        "",
        f"De tagna uppgifterna är fördelade på {people} "
        f"{'person' if people == 1 else 'personer'}. Namn, ärendenummer och listorna över "
        "ärenden finns på sidan Köstatus i futflow.",
        "",
        "Ett ärende är försenat när det har en öppen uppgift vars sista dag har passerat. "
        "Äldst i steget: dagar sedan det ärende som har väntat längst kom till sitt nuvarande "
        "steg.",
    ]
    return "\n".join(lines)


@task(name="compute-queue-status", persist_result=False, cache_policy=NO_CACHE, retries=2)
def compute_queue_status() -> qs.QueueStatus:
    with session_scope() as session:
        return qs.queue_status(session, None, now())


@flow(name=FLOW, persist_result=False, log_prints=False)
def queue_status() -> dict[str, int]:
    """Publish the queue figures of every unit; returns the number of open cases per unit."""
    status = compute_queue_status()
    for unit in status.units:
        create_table_artifact(
            key=prefect_links.unit_artifact_key(unit.unit),
            table=unit_table(unit),
            description=unit_description(unit, status),
        )
    create_markdown_artifact(
        key=prefect_links.SUMMARY_KEY,
        markdown=summary_markdown(status),
        description="Köstatus för alla enheter: antal, inga personuppgifter.",
    )
    counts = {unit.unit: unit.open for unit in status.units}
    get_run_logger().info("queue status published: %s", counts)
    return counts
