"""The supervisor of `fut up` (fut.supervisor.Supervisor) with small real processes: what it
does when one dies, how long it waits, and that one starting child does not hold up the
others. `fut up` itself under kill -9 is in test_make_up_supervises.py."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fut.processes import process_started_at
from fut.supervisor import Backoff, Child, Supervisor, group_members
from fut.system import free_port

Proc = subprocess.Popen[bytes]


@pytest.fixture
def spawned() -> Iterator[list[Proc]]:
    """Every process a test starts, killed (with its group) afterwards."""
    procs: list[Proc] = []
    yield procs
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def starter(spawned: list[Proc], *args: str) -> Callable[[], Proc]:
    def start() -> Proc:
        proc = subprocess.Popen(
            [*args],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        spawned.append(proc)
        return proc

    return start


def sleeper(spawned: list[Proc]) -> Callable[[], Proc]:
    return starter(spawned, sys.executable, "-c", "import time; time.sleep(120)")


def http_server(spawned: list[Proc], port: int) -> Callable[[], Proc]:
    return starter(spawned, sys.executable, "-m", "http.server", "-b", "127.0.0.1", str(port))


def run_checks(supervisor: Supervisor, until: Callable[[], bool], timeout: float) -> float:
    """Call `check` every 0.05 s until `until()`; returns the seconds it took."""
    began = time.monotonic()
    while not until():
        assert time.monotonic() - began < timeout, "timed out"
        supervisor.check()
        time.sleep(0.05)
    return time.monotonic() - began


def test_a_child_killed_with_sigkill_is_restarted_after_half_a_second_and_both_are_logged(
    spawned, tmp_path
):
    lines: list[str] = []
    supervisor = Supervisor(
        [Child("sleeper", sleeper(spawned))], log=lines.append, pid_dir=tmp_path
    )
    first = supervisor.children[0].start()
    supervisor.adopt({"sleeper": first})
    assert (tmp_path / "sleeper.pid").read_text().strip() == str(first.pid)
    assert (tmp_path / "up.pid").read_text().strip() == str(os.getpid())

    os.kill(first.pid, signal.SIGKILL)
    took = run_checks(supervisor, lambda: supervisor.restarts("sleeper") == 1, 5)
    took += run_checks(supervisor, lambda: supervisor.state("sleeper") == "up", 5)

    assert 0.4 <= took < 3
    second = spawned[-1]
    assert second.pid != first.pid and second.poll() is None
    assert lines == [
        "sleeper died (signal 9); restarting in 0.5 s (restart 1)",
        f"sleeper restarted (pid {second.pid})",
    ]
    assert (tmp_path / "sleeper.pid").read_text().strip() == str(second.pid)
    supervisor.close()
    assert not list(tmp_path.glob("*.pid"))


def test_a_child_that_keeps_dying_waits_twice_as_long_before_each_restart(spawned):
    lines: list[str] = []
    dies = starter(spawned, sys.executable, "-c", "raise SystemExit(3)")
    supervisor = Supervisor([Child("quitter", dies)], log=lines.append, backoff=Backoff(first=0.1))
    supervisor.adopt({"quitter": dies()})
    run_checks(supervisor, lambda: supervisor.restarts("quitter") == 4, 10)
    deaths = [line for line in lines if "restarting" in line]
    assert deaths == [
        "quitter exited (code 3); restarting in 0.1 s (restart 1)",
        "quitter exited (code 3); restarting in 0.2 s (restart 2)",
        "quitter exited (code 3); restarting in 0.4 s (restart 3)",
        "quitter exited (code 3); restarting in 0.8 s (restart 4)",
    ]


def test_a_restarted_server_is_up_only_once_its_health_url_answers(spawned):
    lines: list[str] = []
    port = free_port()
    start = http_server(spawned, port)
    child = Child("web", start, health_url=f"http://127.0.0.1:{port}/", start_timeout=30)
    supervisor = Supervisor([child], log=lines.append)
    first = start()
    supervisor.adopt({"web": first})
    os.kill(first.pid, signal.SIGKILL)
    run_checks(supervisor, lambda: supervisor.state("web") == "starting", 5)
    run_checks(supervisor, lambda: supervisor.state("web") == "up", 30)
    assert lines[0] == "web died (signal 9); restarting in 0.5 s (restart 1)"
    assert lines[1].startswith("web restarted (pid ")
    assert lines[2].startswith("web is back (answering after ")


def test_a_restarted_server_that_never_answers_is_killed_and_restarted_again(spawned):
    lines: list[str] = []
    start = sleeper(spawned)  # runs, but answers nothing on this port
    child = Child("mute", start, health_url=f"http://127.0.0.1:{free_port()}/", start_timeout=1)
    supervisor = Supervisor([child], log=lines.append)
    first = start()
    supervisor.adopt({"mute": first})
    os.kill(first.pid, signal.SIGKILL)
    run_checks(supervisor, lambda: supervisor.restarts("mute") == 2, 10)
    restarted = spawned[1]
    assert restarted.poll() == -signal.SIGKILL
    assert lines[-1] == "mute did not answer within 1 s; restarting in 1.0 s (restart 2)"


def test_a_death_is_seen_at_once_while_another_child_is_still_starting(spawned):
    lines: list[str] = []
    slow = sleeper(spawned)  # never answers: stays "starting" for its whole timeout
    fast = sleeper(spawned)
    supervisor = Supervisor(
        [
            Child("slow", slow, health_url=f"http://127.0.0.1:{free_port()}/", start_timeout=60),
            Child("fast", fast),
        ],
        log=lines.append,
        backoff=Backoff(first=0.0),
    )
    slow_proc, fast_proc = slow(), fast()
    supervisor.adopt({"slow": slow_proc, "fast": fast_proc})
    os.kill(slow_proc.pid, signal.SIGKILL)
    run_checks(supervisor, lambda: supervisor.state("slow") == "starting", 5)

    os.kill(fast_proc.pid, signal.SIGKILL)
    fast_proc.wait()
    began = time.monotonic()
    supervisor.check()
    assert time.monotonic() - began < 2  # one probe of the slow one at most
    assert supervisor.restarts("fast") == 1
    assert supervisor.state("slow") == "starting"


def test_what_a_dead_server_leaves_in_its_group_is_killed_before_it_restarts(spawned):
    script = "import subprocess, sys, time; subprocess.Popen(['sleep', '120']); time.sleep(120)"
    start = starter(spawned, sys.executable, "-c", script)
    supervisor = Supervisor([Child("server", start)], log=lambda _: None)
    first = start()
    supervisor.adopt({"server": first})
    wait_for(lambda: len(group_members(first.pid)) == 2)
    left = next(pid for pid in group_members(first.pid) if pid != first.pid)
    os.kill(first.pid, signal.SIGKILL)
    run_checks(supervisor, lambda: supervisor.restarts("server") == 1, 5)
    wait_for(lambda: process_started_at(left) is None)


def test_what_a_dead_runner_leaves_in_its_group_runs_on_until_close(spawned):
    script = "import subprocess, sys, time; subprocess.Popen(['sleep', '120']); time.sleep(120)"
    start = starter(spawned, sys.executable, "-c", script)
    supervisor = Supervisor([Child("runner", start, keeps_group=True)], log=lambda _: None)
    first = start()
    supervisor.adopt({"runner": first})
    wait_for(lambda: len(group_members(first.pid)) == 2)
    left = next(pid for pid in group_members(first.pid) if pid != first.pid)
    os.kill(first.pid, signal.SIGKILL)
    run_checks(supervisor, lambda: supervisor.restarts("runner") == 1, 5)
    time.sleep(0.5)
    assert process_started_at(left) is not None  # its flow run finishes its step
    supervisor.close()
    wait_for(lambda: process_started_at(left) is None)


def test_nothing_is_restarted_once_checks_stop(spawned, tmp_path: Path):
    lines: list[str] = []
    start = sleeper(spawned)
    supervisor = Supervisor([Child("sleeper", start)], log=lines.append, pid_dir=tmp_path)
    first = start()
    supervisor.adopt({"sleeper": first})
    os.kill(first.pid, signal.SIGKILL)  # what stopping does, then no more checks
    first.wait()
    supervisor.close()
    time.sleep(1)
    assert len(spawned) == 1 and lines == []
    assert not list(tmp_path.glob("*.pid"))


def wait_for(check: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
