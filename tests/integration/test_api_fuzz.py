"""A short schemathesis run over every operation of the API: whatever it sends, the answer
is never a 5xx. In-process (ASGI) against the test system's database, with a bearer token;
derandomized and seeded, so a run sends the same requests every time (bounded to well under
a minute). Found by earlier runs: path ids beyond the database's integer range.

The schema is loaded when the module is (`schemathesis.pytest.from_fixture` fails under
pytest 9: it sets `request.node._nodeid`); each operation is one test item.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from api.main import create_app
from tests.integration.conftest import System, wait_until

MAX_EXAMPLES = 20
"""Per operation and phase; the run stays short on a small machine."""

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20_100,
        "generation": {
            "mode": "all",  # valid and invalid input
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},  # boundaries: lengths, ranges, wrong types
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        "operations": [
            {
                # the report's example is valid: its coverage variants would file some 70
                # cases (each a flow run); the invalid ones are what this run is for
                "include-path": "/api/cases",
                "include-method": "POST",
                "phases": {"coverage": {"generation": {"mode": "negative"}}},
            }
        ],
    }
)

# The app for schemathesis has no background runner of its own: the test system's runs the
# dispatcher and timers against the same database.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(background=False), config=CONFIG
)


@pytest.fixture(scope="module", autouse=True)
def runs_settle_afterwards(system: System) -> Iterator[None]:
    """The run files real cases, each a flow run the runner starts: let them all reach their
    wait before the next module, whose own cases would otherwise queue behind them."""
    yield
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    from fut.settings import get_settings

    busy = FlowRunFilter(
        state=FlowRunFilterState(
            type=FlowRunFilterStateType(
                any_=[StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING]
            )
        )
    )
    with SyncPrefectClient(api=get_settings().prefect_url) as client:
        wait_until(
            lambda: (
                not client.read_flow_runs(
                    flow_filter=FlowFilter(name=FlowFilterName(any_=["fut-case"])),
                    flow_run_filter=busy,
                    limit=1,
                )
            ),
            300,
            "the flow runs of the cases the fuzz run filed to reach their wait",
        )


# schemathesis 4.32 draws from `random` inside its strategies (Hypothesis seeds it for each
# example, so the run stays deterministic); the deprecation is schemathesis's to mend
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error(case: schemathesis.Case, system: System) -> None:
    token = system.tokens["utredare"]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[checks.not_a_server_error]
    )
