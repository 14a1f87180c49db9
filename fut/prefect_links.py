"""Addresses in the Prefect UI (3.8.8) that supervisors use, and the keys of the queue-status
artifacts. Plain strings: nothing here talks to Prefect.

The runs list (`/runs`) reads its filter from the query string (the UI's
`useWorkspaceFlowRunsFilterFromRoute`): `tag` (repeatable; a run must carry every tag given),
`state` (repeatable state names, e.g. `Suspended`), `flow` / `deployment` (ids) and a date
range on the runs' start time: `type=span&seconds=-N` is "the last N seconds" (also
`type=range&startDate=…&endDate=…`). Without a range the UI shows only the past seven days,
which hides a case that has waited for months.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlencode

from fut.settings import get_settings

RUNS_WINDOW_DAYS = 3 * 366
"""How far back the runs links look: a case run starts when the report is registered and may
wait for years (an installment plan), so three years, as long as a court deadline runs."""
RUNS_WINDOW_TEXT = "de senaste tre åren"

WAITING_STATES = ("Suspended", "Paused")
"""A case run waiting for a person or a payment is Suspended (Paused when paused by hand)."""

ARTIFACT_PREFIX = "queue-status"
SUMMARY_KEY = f"{ARTIFACT_PREFIX}-summary"


def slug(text: str) -> str:
    """Prefect's artifact-key alphabet: lowercase letters, digits and dashes ("Söder Malm" ->
    "soder-malm")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "enhet"


def unit_artifact_key(unit: str) -> str:
    return f"{ARTIFACT_PREFIX}-{slug(unit)}"


def ui_root() -> str:
    return get_settings().prefect_ui


def runs(*tags: str, states: tuple[str, ...] = WAITING_STATES, days: int = RUNS_WINDOW_DAYS) -> str:
    """The runs list filtered by every one of `tags` and by state, over the last `days`."""
    query = [("tag", t) for t in tags] + [("state", s) for s in states]
    query += [("type", "span"), ("seconds", str(-days * 86400))]
    return f"{ui_root()}/runs?{urlencode(query)}"


def waiting_in_unit(unit: str) -> str:
    return runs(f"unit:{unit}")


def waiting_at_stage(unit: str, stage: str) -> str:
    return runs(f"unit:{unit}", f"stage:{stage}")


def artifact(key: str) -> str:
    return f"{ui_root()}/artifacts/key/{quote(key)}"


def artifacts() -> str:
    return f"{ui_root()}/artifacts"
