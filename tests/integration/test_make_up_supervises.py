"""`fut up` (what `make up` runs) restarts a child killed with SIGKILL while the others go
on serving, and still stops everything on Ctrl-C. The children are found by the pid files
`fut up` writes (var/pids/<name>.pid) and checked against the process tree."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from fut.processes import process_started_at
from fut.system import free_port, launch_up
from tests.integration.conftest import wait_until

CHILDREN = ("prefect-server", "runner", "api")


@dataclass
class Up:
    """A running `fut up` and what it has printed so far (read by a thread)."""

    proc: subprocess.Popen[str]
    var: Path
    api_port: int
    prefect_port: int
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def console(self) -> str:
        return "\n".join(self.lines)

    def pid(self, name: str) -> int:
        return int((self.var / "pids" / f"{name}.pid").read_text())

    def said(self, text: str, timeout: float = 90) -> str:
        return wait_until(
            lambda: next((line for line in self.lines if text in line), None),
            timeout,
            f"`fut up` to say {text!r}; it said:\n{self.console}",
        )

    def answers(self, url: str) -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    @property
    def api_health(self) -> str:
        return f"http://127.0.0.1:{self.api_port}/health"

    @property
    def prefect_health(self) -> str:
        return f"http://127.0.0.1:{self.prefect_port}/api/health"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(90)


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])  # field 4: ppid


def start_up(tmp_path: Path) -> Up:
    var = tmp_path / "var"
    api_port, prefect_port = free_port(), free_port()
    proc, output = launch_up(var, api_port, prefect_port)
    assert "Stop with Ctrl-C" in output, output
    assert "supervisor.log" in output
    up = Up(proc, var, api_port, prefect_port, output.splitlines())
    for name in CHILDREN:
        assert parent_of(up.pid(name)) == proc.pid, name
    assert up.pid("up") == proc.pid
    return up


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Up]:
    running = start_up(tmp_path_factory.mktemp("supervised"))
    yield running
    running.stop()


def test_api_killed_with_sigkill_is_back_within_seconds(up: Up):
    old = up.pid("api")
    os.kill(old, signal.SIGKILL)
    up.said("api died (signal 9); restarting in 0.5 s")
    killed = time.monotonic()
    wait_until(lambda: up.pid("api") != old and up.answers(up.api_health), 30, "api back")
    back_after = time.monotonic() - killed
    assert back_after < 30
    up.said("api restarted (pid ")
    up.said("api is back")
    assert parent_of(up.pid("api")) == up.proc.pid
    assert "api died" in (up.var / "logs" / "supervisor.log").read_text()
    assert up.answers(up.prefect_health) and up.proc.poll() is None


def test_prefect_server_killed_with_sigkill_is_back_while_the_api_goes_on_answering(up: Up):
    old = up.pid("prefect-server")
    os.kill(old, signal.SIGKILL)
    api_answers: list[bool] = []

    def prefect_back() -> bool:
        api_answers.append(up.answers(up.api_health))
        return up.pid("prefect-server") != old and up.answers(up.prefect_health)

    wait_until(prefect_back, 120, "the Prefect server back")
    assert all(api_answers) and len(api_answers) > 1
    up.said("prefect-server died (signal 9)")
    up.said("prefect-server is back")
    assert parent_of(up.pid("prefect-server")) == up.proc.pid
    assert up.proc.poll() is None


def test_runner_killed_with_sigkill_is_replaced_by_a_new_runner_process(up: Up):
    old = up.pid("runner")
    os.kill(old, signal.SIGKILL)
    up.said("runner died (signal 9)")
    new = wait_until(lambda: (pid := up.pid("runner")) != old and pid, 30, "a new runner")
    up.said(f"runner restarted (pid {new})")
    time.sleep(3)  # and it stays up
    assert process_started_at(new) is not None and parent_of(new) == up.proc.pid
    assert up.answers(up.api_health) and up.proc.poll() is None


def test_ctrl_c_after_a_restart_stops_every_child_and_restarts_none_while_stopping(tmp_path):
    up = start_up(tmp_path)
    try:
        os.kill(up.pid("api"), signal.SIGKILL)
        up.said("api is back", 60)
        pids = {name: up.pid(name) for name in CHILDREN}
        up.proc.send_signal(signal.SIGINT)
        up.said("stopping")
        os.kill(pids["prefect-server"], signal.SIGKILL)  # dies while the others stop
        assert up.proc.wait(90) == 0
    finally:
        up.stop()
    stopping_at = next(i for i, line in enumerate(up.lines) if "stopping" in line)
    assert not [line for line in up.lines[stopping_at:] if "restart" in line], up.console
    assert all(process_started_at(pid) is None for pid in pids.values())
    assert not list((up.var / "pids").glob("*.pid"))
