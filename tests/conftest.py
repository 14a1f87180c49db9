"""Test-wide environment: Prefect keeps its files in a temporary home, never ~/.prefect;
PostgreSQL for the tests that need it comes from ``postgres_admin_url`` (tests/postgres.py)."""

import os
import tempfile
from collections.abc import Iterator

import pytest

from tests.clock import SuiteClock, restart_clock

_home = tempfile.mkdtemp(prefix="futflow-prefect-home-")
os.environ.setdefault("PREFECT_HOME", _home)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL superuser URL: FUT_TEST_POSTGRES_ADMIN_URL, the server on 127.0.0.1:5432,
    or an embedded one (pgserver) for the session; see tests/postgres.py."""
    from tests import postgres

    with postgres.admin_url() as url:
        yield url


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[SuiteClock]:
    """The one clock (fut.clock) set to a fixed day, ``tests.clock.SUITE_TODAY``, the way
    FUT_TODAY sets it (time runs); ``clock.set(day)`` moves it, ``clock.today`` says it.
    Tests write dates relative to ``clock.today``; the machine's clock is back afterwards."""
    suite_clock = SuiteClock(monkeypatch)
    suite_clock.set(suite_clock.today)
    yield suite_clock
    monkeypatch.undo()
    restart_clock()
