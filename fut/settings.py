"""The one typed settings object. The environment is read here and nowhere else."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


def default_run_concurrency(cores: int | None) -> int:
    """Two runs per core: a run spends much of its time waiting for Prefect's server."""
    return 2 * max(1, cores or 1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FUT_", extra="ignore")

    var_dir: Path = Field(default=Path("./var"), description="Where an instance keeps its data")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in the var directory"
    )
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    prefect_port: int = 4200
    prefect_api_url: str | None = Field(
        default=None, description="default: the instance's own Prefect server"
    )
    prefect_ui_url: str | None = Field(
        default=None,
        description="the Prefect UI the pages link to; default: FUT_PREFECT_API_URL without "
        "its /api, else the instance's own server",
    )
    documents_dir: Path | None = None
    templates_dir: Path = REPO_ROOT / "templates"
    municipality_file: Path = REPO_ROOT / "deployments" / "municipality.toml"
    timezone: str = "Europe/Stockholm"
    cookie_secure: bool = Field(
        default=False,
        description="the login cookie is Secure also over http (TLS ended by a proxy in front)",
    )
    today: date | None = Field(
        default=None, description="pretend the local date is this day (demos); see fut.clock"
    )
    today_since: datetime | None = Field(
        default=None,
        description="the machine instant at which it was `today` (default: the process's "
        "start); set for the processes an instance starts, so they share one clock",
    )
    dispatch_interval_seconds: float = Field(
        default=0.25,
        gt=0,
        description="how often the dispatcher looks for messages due again (a commit that "
        "queues one runs it at once)",
    )
    timer_interval_seconds: float = Field(default=10.0, gt=0)
    reconcile_interval_seconds: float = Field(default=300.0, gt=0)
    run_grace_seconds: float = Field(
        default=30.0, ge=0, description="a case run younger than this is never judged dead"
    )
    run_start_timeout_seconds: float = Field(
        default=300.0, gt=0, description="a case run still Pending after this is dead"
    )
    run_concurrency: int = Field(
        default_factory=lambda: default_run_concurrency(os.cpu_count()),
        ge=1,
        description="flow runs one worker executes at once; the rest wait in Prefect's "
        "work queue (default: twice the number of cores)",
    )
    worker_poll_seconds: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="how often the worker asks Prefect for runs (besides when the dispatcher "
        "on its machine nudges it, and when one of its runs ends)",
    )
    engine: Literal["worker", "runner"] = Field(
        default="worker",
        description="what executes flow runs: futflow's warm worker on the `futflow` work "
        "pool, or Prefect's stock runner (`deployments/serve.py`, for comparison)",
    )

    @field_validator("var_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("today_since")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.var_dir / 'futflow.db'}"

    @property
    def documents_path(self) -> Path:
        return (self.documents_dir or self.var_dir / "documents").resolve()

    @property
    def prefect_url(self) -> str:
        return self.prefect_api_url or f"http://127.0.0.1:{self.prefect_port}/api"

    @property
    def prefect_ui(self) -> str:
        """The Prefect UI's root, without a trailing slash."""
        if self.prefect_ui_url:
            return self.prefect_ui_url.rstrip("/")
        if self.prefect_api_url:
            return self.prefect_api_url.rstrip("/").removesuffix("/api")
        return f"http://127.0.0.1:{self.prefect_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
