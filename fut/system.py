"""Starting and stopping the processes of one instance: the Prefect server, the runner
serving the deployments, and the API. Used by `fut up` and by the integration tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from fut import clock
from fut.settings import REPO_ROOT, Settings, get_settings


def child_env(settings: Settings) -> dict[str, str]:
    """The environment every child process gets: one var dir, one Prefect server."""
    prefect_home = settings.var_dir / "prefect"
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "FUT_VAR_DIR": str(settings.var_dir),
            "FUT_API_PORT": str(settings.api_port),
            "FUT_PREFECT_PORT": str(settings.prefect_port),
            "PREFECT_HOME": str(prefect_home),
            "PREFECT_API_URL": settings.prefect_url,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(settings.prefect_port),
            "PREFECT_API_DATABASE_CONNECTION_URL": env.get("PREFECT_API_DATABASE_CONNECTION_URL")
            or f"sqlite+aiosqlite:///{prefect_home / 'prefect.db'}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_RUNNER_POLL_FREQUENCY": env.get("PREFECT_RUNNER_POLL_FREQUENCY", "1"),
            "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
            "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
            # the server asks for a retry after 0.25 s when SQLite was busy
            # (deployments/prefect_server.py): allow more of them than the default 5
            "PREFECT_CLIENT_MAX_RETRIES": env.get("PREFECT_CLIENT_MAX_RETRIES", "10"),
            # the server stores the runs' events in batches of up to 1,000 every 15 s rather
            # than of 20: on SQLite each batch is a write the runs' state changes meet as
            # "busy" (fewer of them, fewer retries; see deployments/prefect_server.py)
            "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE": env.get(
                "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE", "1000"
            ),
            "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL": env.get(
                "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL", "15"
            ),
            "PREFECT_UI_ENABLED": "true",
            "PYTHONPATH": str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    if settings.database_url:
        env["FUT_DATABASE_URL"] = settings.database_url
    if settings.today is not None:  # one clock for every process, however late it starts
        env["FUT_TODAY"] = settings.today.isoformat()
        env["FUT_TODAY_SINCE"] = clock.since().isoformat()
    return env


def answers(url: str, timeout: float = 2) -> bool:
    """Whether `url` answers 200 within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_http(url: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {proc.returncode}")
        if answers(url):
            return
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Instance:
    settings: Settings
    log_dir: Path | None = None
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log_dir = self.log_dir or self.settings.var_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        out = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 (owned by the child)
        proc = subprocess.Popen(
            [sys.executable, *args],
            env=child_env(self.settings),
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        return proc

    @property
    def prefect_health_url(self) -> str:
        return f"{self.settings.prefect_url}/health"

    @property
    def api_health_url(self) -> str:
        return f"http://{self.settings.api_host}:{self.settings.api_port}/health"

    def start_prefect(self, timeout: float = 120) -> None:
        wait_http(self.prefect_health_url, timeout, self.spawn_prefect())

    def spawn_prefect(self) -> subprocess.Popen[bytes]:
        """Start the Prefect server and return at once (`start_prefect` waits for it)."""
        return self._spawn(
            "prefect-server",
            [
                "-m",
                "deployments.prefect_server",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.settings.prefect_port),
                "--analytics-off",
            ],
        )

    def start_runner(self) -> None:
        """What executes flow runs: the warm worker, or Prefect's stock runner."""
        module = "deployments.worker" if self.settings.engine == "worker" else "deployments.serve"
        self._spawn("runner", ["-m", module])

    def start_api(self, timeout: float = 60) -> None:
        wait_http(self.api_health_url, timeout, self.spawn_api())

    def spawn_api(self) -> subprocess.Popen[bytes]:
        """Start the API and return at once (`start_api` waits for it)."""
        return self._spawn(
            "api",
            [
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                self.settings.api_host,
                "--port",
                str(self.settings.api_port),
                "--no-access-log",
            ],
        )

    def stop(self, name: str, timeout: float = 20) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        if name == "runner":
            # the runner alone: it takes no more runs, lets its flow runs' processes reach
            # their wait and then stops (signalling its group would kill them mid-step)
            os.kill(proc.pid, signal.SIGTERM)
        else:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if name == "runner":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # a flow run's process left behind

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            self.stop(name)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch_up(
    var_dir: Path,
    api_port: int,
    prefect_port: int,
    timeout: float = 180,
    databases: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[str], str]:
    """Run `fut up` (what `make up` runs) in its own process group, and wait until it says it
    is running; returns the process and what it printed. On the embedded defaults (SQLite,
    Prefect on SQLite) unless `databases` gives FUT_DATABASE_URL and
    PREFECT_API_DATABASE_CONNECTION_URL."""
    env = {
        **os.environ,
        "FUT_VAR_DIR": str(var_dir),
        "FUT_API_PORT": str(api_port),
        "FUT_PREFECT_PORT": str(prefect_port),
    }
    env.pop("FUT_DATABASE_URL", None)
    env.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
    env.update(databases or {})
    if get_settings().today is not None:
        env["FUT_TODAY_SINCE"] = clock.since().isoformat()
    proc = subprocess.Popen(
        [sys.executable, "-m", "fut.cli", "up"],
        cwd=REPO_ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Stop with Ctrl-C") or time.monotonic() > deadline:
            break
    return proc, "".join(lines)
