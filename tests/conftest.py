"""Test-wide environment: Prefect keeps its files in a temporary home, never ~/.prefect."""

import os
import tempfile

_home = tempfile.mkdtemp(prefix="futflow-prefect-home-")
os.environ.setdefault("PREFECT_HOME", _home)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
