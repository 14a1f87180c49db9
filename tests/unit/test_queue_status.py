"""The pieces of the queue status that need no database: the cut-off dates the queries compare
with, the Prefect UI addresses, the artifact keys and contents, and the deployment as both
`deployments/definitions.py` and `deployments/prefect.yaml` declare it."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from deployments.definitions import DEFINITIONS, WORK_POOL
from flows import queue_status as flow
from fut import prefect_links
from fut.lifecycle import Stage
from fut.rules.classification import start_guarantee
from fut.rules.court_deadline import court_deadline
from fut.services.queue_status import (
    DeadlineMonth,
    GuaranteeCase,
    PersonLoad,
    QueueStatus,
    StageCount,
    UnitStatus,
    latest_start,
)
from fut.settings import REPO_ROOT, Settings


@pytest.mark.parametrize("rule", [start_guarantee, court_deadline])
def test_latest_start_is_exactly_the_last_day_the_rule_keeps_within_the_limit(rule):
    # month ends (31 January + 3 months), leap days, Easter and Christmas moved to a vardag
    for limit in [date(2026, 11, 27) + timedelta(days=n) for n in range(0, 800, 3)] + [
        date(2027, 4, 30),
        date(2027, 2, 28),
        date(2028, 2, 29),
        date(2026, 12, 24),
        date(2027, 1, 1),
    ]:
        cut = latest_start(rule, limit)
        assert rule(cut) <= limit < rule(cut + timedelta(days=1)), limit
        # every earlier day is kept, every later day is not (the rules never go backwards)
        for day in (cut - timedelta(days=d) for d in range(0, 40)):
            assert rule(day) <= limit
        for day in (cut + timedelta(days=d) for d in range(1, 40)):
            assert rule(day) > limit


def test_artifact_keys_follow_prefects_alphabet():
    assert prefect_links.unit_artifact_key("sodermalm") == "queue-status-sodermalm"
    assert prefect_links.unit_artifact_key("Söder Malm / Öst") == "queue-status-soder-malm-ost"
    assert prefect_links.unit_artifact_key("ÅÄÖ") == "queue-status-aao"
    assert prefect_links.unit_artifact_key("!!!") == "queue-status-enhet"
    assert prefect_links.SUMMARY_KEY == "queue-status-summary"


def test_runs_links_filter_by_every_tag_by_state_and_over_three_years(monkeypatch):
    monkeypatch.setattr(prefect_links, "ui_root", lambda: "http://127.0.0.1:4200")
    url = prefect_links.waiting_at_stage("sodermalm", "client_reply")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("127.0.0.1:4200", "/runs")
    assert parse_qs(parts.query) == {
        "tag": ["unit:sodermalm", "stage:client_reply"],
        "state": ["Suspended", "Paused"],
        "type": ["span"],
        "seconds": [str(-3 * 366 * 86400)],
    }
    assert "tag=unit%3Asodermalm&tag=stage%3Aclient_reply&state=Suspended" in url
    assert prefect_links.artifact("queue-status-sodermalm") == (
        "http://127.0.0.1:4200/artifacts/key/queue-status-sodermalm"
    )


def test_the_prefect_ui_is_the_setting_else_the_api_without_api_else_the_own_server():
    own = Settings(prefect_port=4311, prefect_api_url=None, prefect_ui_url=None)
    assert own.prefect_ui == "http://127.0.0.1:4311"
    api = Settings(prefect_api_url="https://prefect.example/api/", prefect_ui_url=None)
    assert api.prefect_ui == "https://prefect.example"
    ui = Settings(prefect_api_url="https://x/api", prefect_ui_url="https://ui.example/")
    assert ui.prefect_ui == "https://ui.example"


DAY = date(2026, 11, 27)
"""The day of the fixed figures below (no clock is read)."""


def _status() -> QueueStatus:
    unit = UnitStatus(
        unit="sodermalm",
        name="Enheten för felaktiga utbetalningar, Södermalm",
        stages=(
            StageCount(Stage.TRIAGE, 4, 1, 95, date(2026, 8, 24)),
            StageCount(Stage.CLIENT_REPLY, 2, 0, 10, date(2026, 11, 17)),
        ),
        claimed=3,
        claimed_overdue=1,
        unclaimed=3,
        guarantee_passed=1,
        guarantee_soon=2,
        deadline_months=2,
        deadline_cases=1,
    )
    return QueueStatus(
        now=datetime(2026, 11, 27, 13, 5, tzinfo=UTC),
        today=DAY,
        units=(unit,),
        load=(PersonLoad(7, "Ulf Utredare", 3, 1),),
        guarantees=(
            GuaranteeCase(
                1,
                f"FUT-{DAY.year}-00001",
                "sodermalm",
                Stage.TRIAGE,
                date(2026, 8, 20),
                date(2026, 11, 20),
                -7,
            ),
        ),
        deadlines=(
            DeadlineMonth(
                2, f"FUT-{DAY.year}-00002", "sodermalm", "2023-12", 4000, date(2026, 12, 21), 24
            ),
        ),
    )


def test_the_artifacts_hold_counts_and_no_case_number_or_name():
    status = _status()
    [unit] = status.units
    table = flow.unit_table(unit)
    assert table == [
        {
            "Steg": "Förhandsbedömning",
            "Tagg": "stage:triage",
            "Öppna": 4,
            "Försenade": 1,
            "Äldst i steget (dagar)": 95,
        },
        {
            "Steg": "Väntar på klientens svar",
            "Tagg": "stage:client_reply",
            "Öppna": 2,
            "Försenade": 0,
            "Äldst i steget (dagar)": 10,
        },
        {
            "Steg": "Totalt",
            "Tagg": "unit:sodermalm",
            "Öppna": 6,
            "Försenade": 1,
            "Äldst i steget (dagar)": 95,
        },
    ]
    description = flow.unit_description(unit, status)
    summary = flow.summary_markdown(status)
    assert "27 november 2026 kl. 14.05" in summary  # Swedish time
    assert "| `sodermalm` | 6 | 1 | 95 |" in summary
    assert "| `sodermalm` | 1 | 2 | 2 |" in summary  # guarantee passed, soon; deadline months
    assert "| `sodermalm` | 3 | 1 | 3 | 0 |" in summary  # claimed, overdue; unclaimed, overdue
    assert "Öppna ärenden: 6, varav försenade: 1." in description
    assert "Månader med treårsfrist inom 90 dagar: 2 (i 1 ärende)." in description
    everything = repr(table) + description + summary
    for private in (f"FUT-{DAY.year}-00001", f"FUT-{DAY.year}-00002", "Ulf", "Utredare"):
        assert private not in everything


def test_prefect_yaml_declares_every_deployment_as_the_worker_registers_it():
    declared = yaml.safe_load((REPO_ROOT / "deployments" / "prefect.yaml").read_text())
    by_name = {d["name"]: d for d in declared["deployments"]}
    assert set(by_name) == {d.name for d in DEFINITIONS}
    for definition in DEFINITIONS:
        entry = by_name[definition.name]
        path, name = entry["entrypoint"].split(":")
        tree = ast.parse(Path(REPO_ROOT / path).read_text())
        assert name in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert entry["tags"] == list(definition.tags)
        expected = [{"cron": definition.cron, "timezone": "Europe/Stockholm"}]
        assert entry.get("schedules") == (expected if definition.cron else None)
        assert entry["work_pool"]["name"] == WORK_POOL
    queue = by_name[flow.DEPLOYMENT]
    assert queue["entrypoint"] == "flows/queue_status.py:queue_status"
    assert flow.CRON == "*/15 * * * *"
    assert flow.queue_status.name == flow.FLOW == "queue-status"
