"""`fut up` keeps its children running: a child that exits when it was not asked to is
restarted after a pause that doubles with each death in a row (`Backoff`), and every death
and restart is logged, on the console and in `var/logs/supervisor.log`.

One loop in `fut up`'s main thread calls `Supervisor.check` a few times a second. A check
never waits for a child: it reaps the dead, starts those whose pause is over, and asks a
restarted child's health URL once (a short timeout) until it answers, so the death of one
child is seen while another is still starting. Stopping is the caller's: once it stops
calling `check` nothing is restarted any more; it stops the children as before
(`Instance.stop_all`, the runner drained first), then calls `close`.

Each child's pid is in `var/pids/<name>.pid` while `fut up` runs (and `fut up`'s own in
`var/pids/up.pid`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fut.processes import process_started_at
from fut.system import answers

if TYPE_CHECKING:
    from fut.system import Instance


@dataclass(frozen=True)
class Backoff:
    """How long to wait before restarting a child that died: `first` seconds after one
    death, doubling with each death in a row up to `cap`; a child that stayed up
    `reset_after` seconds starts the count afresh."""

    first: float = 0.5
    factor: float = 2.0
    cap: float = 30.0
    reset_after: float = 60.0

    def delay(self, deaths_in_a_row: int) -> float:
        """The pause before the restart that follows the `deaths_in_a_row`-th death (1 =
        the first)."""
        exponent = max(deaths_in_a_row, 1) - 1
        if exponent > 64:  # far past the cap, and 2.0 ** big overflows
            return self.cap
        return float(min(self.cap, self.first * self.factor**exponent))

    def deaths_in_a_row(self, before: int, up_for: float) -> int:
        """The count after one more death of a child that was up (healthy) `up_for`
        seconds, when `before` deaths in a row preceded it."""
        return 1 if up_for >= self.reset_after else before + 1


@dataclass(frozen=True)
class Child:
    """A process to keep running. `start` launches it and returns at once; `health_url`,
    when given, must answer 200 before the child counts as up again (else it is up once
    started), within `start_timeout` seconds or the child is killed and counts as dead.
    `keeps_group`: when it dies, the rest of its process group is left alone until `close`
    (the runner's flow-run processes finish their step) instead of killed at once (what a
    dead server leaves behind would hold its port)."""

    name: str
    start: Callable[[], subprocess.Popen[bytes]]
    health_url: str | None = None
    start_timeout: float = 120.0
    keeps_group: bool = False


UP, STARTING, WAITING = "up", "starting", "waiting"


@dataclass
class _Watched:
    child: Child
    proc: subprocess.Popen[bytes] | None
    state: str
    since: float  # when it became up, started, or died
    restart_at: float = 0.0
    next_probe: float = 0.0
    deaths_in_a_row: int = 0
    restarts: int = 0


def describe_exit(returncode: int) -> str:
    """'died (signal 9)' for a process killed by a signal, 'exited (code 1)' otherwise."""
    if returncode < 0:
        return f"died (signal {-returncode})"
    return f"exited (code {returncode})"


class Log:
    """One line per event: on the console (prefixed "futflow: ") and, with the time, in a
    file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, line: str) -> None:
        print(f"futflow: {line}", flush=True)
        if self.path is not None:
            stamp = datetime.now().astimezone().isoformat(timespec="milliseconds")
            with self.path.open("a") as out:
                out.write(f"{stamp} {line}\n")


@dataclass
class Supervisor:
    children: list[Child]
    log: Callable[[str], None] = field(default_factory=lambda: Log(None))
    backoff: Backoff = field(default_factory=Backoff)
    pid_dir: Path | None = None
    clock: Callable[[], float] = time.monotonic
    probe_every: float = 0.5
    probe_timeout: float = 1.0
    _watched: dict[str, _Watched] = field(default_factory=dict)
    # (pid, start time) of processes a dead child left behind, killed at `close`
    _left_behind: list[tuple[int, float | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.pid_dir is not None:
            write_pid_file(self.pid_dir / "up.pid", os.getpid())

    def adopt(self, procs: dict[str, subprocess.Popen[bytes]]) -> None:
        """Watch the children in `procs` (name: process), started and healthy; a process
        that is not one of `children` is not watched."""
        for child in self.children:
            if child.name in procs:
                proc = procs[child.name]
                self._watched[child.name] = _Watched(child, proc, UP, self.clock())
                self._write_pid(child.name, proc.pid)

    def restarts(self, name: str) -> int:
        return self._watched[name].restarts

    def state(self, name: str) -> str:
        return self._watched[name].state

    def check(self) -> None:
        """One pass over the children; returns without waiting for any of them (a health
        probe takes at most `probe_timeout`)."""
        for watched in self._watched.values():
            now = self.clock()
            if watched.state == WAITING:
                if now >= watched.restart_at:
                    self._restart(watched, now)
                continue
            assert watched.proc is not None
            returncode = watched.proc.poll()
            if returncode is not None:
                self._died(watched, describe_exit(returncode), now)
            elif watched.state == STARTING:
                self._probe(watched, now)

    def _probe(self, watched: _Watched, now: float) -> None:
        child = watched.child
        if child.health_url is None:
            self._up(watched, now)
        elif now >= watched.next_probe:
            if answers(child.health_url, self.probe_timeout):
                self._up(watched, self.clock())
            elif now - watched.since > child.start_timeout:
                assert watched.proc is not None
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(watched.proc.pid, signal.SIGKILL)
                watched.proc.wait()
                self._died(
                    watched, f"did not answer within {child.start_timeout:.0f} s", self.clock()
                )
            else:
                watched.next_probe = now + self.probe_every

    def _up(self, watched: _Watched, now: float) -> None:
        if watched.child.health_url is not None:
            self.log(f"{watched.child.name} is back (answering after {now - watched.since:.1f} s)")
        watched.state, watched.since = UP, now

    def _died(self, watched: _Watched, how: str, now: float) -> None:
        child = watched.child
        assert watched.proc is not None
        up_for = now - watched.since if watched.state == UP else 0.0
        self._reap_group(child, watched.proc.pid)
        watched.deaths_in_a_row = self.backoff.deaths_in_a_row(watched.deaths_in_a_row, up_for)
        delay = self.backoff.delay(watched.deaths_in_a_row)
        watched.restarts += 1
        watched.state, watched.since, watched.restart_at = WAITING, now, now + delay
        self.log(f"{child.name} {how}; restarting in {delay:.1f} s (restart {watched.restarts})")

    def _reap_group(self, child: Child, pgid: int) -> None:
        """What a dead child left in its process group: killed now, or (`keeps_group`)
        noted to be killed at `close`."""
        if child.keeps_group:
            self._left_behind += [(pid, process_started_at(pid)) for pid in group_members(pgid)]
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)

    def _restart(self, watched: _Watched, now: float) -> None:
        name = watched.child.name
        try:
            watched.proc = watched.child.start()
        except Exception as exc:  # noqa: BLE001 (any failure to start is a death)
            watched.state, watched.since = WAITING, now
            watched.deaths_in_a_row += 1
            delay = self.backoff.delay(watched.deaths_in_a_row)
            watched.restart_at = now + delay
            self.log(f"{name} could not be started ({exc}); trying again in {delay:.1f} s")
            return
        watched.state, watched.since, watched.next_probe = STARTING, now, now
        self._write_pid(name, watched.proc.pid)
        self.log(f"{name} restarted (pid {watched.proc.pid})")
        self._probe(watched, now)

    def close(self) -> None:
        """After the children were stopped: kill what dead children left behind, remove
        the pid files."""
        for pid, started in self._left_behind:
            if started is not None and process_started_at(pid) == started:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self._left_behind.clear()
        if self.pid_dir is not None:
            for name in [*self._watched, "up"]:
                (self.pid_dir / f"{name}.pid").unlink(missing_ok=True)

    def _write_pid(self, name: str, pid: int) -> None:
        if self.pid_dir is not None:
            write_pid_file(self.pid_dir / f"{name}.pid", pid)


def write_pid_file(path: Path, pid: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{pid}\n")
    tmp.replace(path)


def group_members(pgid: int) -> list[int]:
    """The live processes of process group `pgid` on this machine (from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if fields[0] not in ("Z", "X", "x") and int(fields[2]) == pgid:  # field 5: pgrp
            members.append(int(entry.name))
    return members


def instance_children(instance: Instance) -> list[Child]:
    """The children `fut up` starts, in their order: the Prefect server, the runner, the
    API."""

    def start_runner() -> subprocess.Popen[bytes]:
        instance.start_runner()
        return instance.procs["runner"]

    return [
        Child("prefect-server", instance.spawn_prefect, instance.prefect_health_url, 120.0),
        Child("runner", start_runner, keeps_group=True),
        Child("api", instance.spawn_api, instance.api_health_url, 60.0),
    ]


def for_instance(instance: Instance) -> Supervisor:
    """The supervisor of what `fut up` starts: log in `var/logs/supervisor.log`, pid files
    in `var/pids/`."""
    var_dir = instance.settings.var_dir
    return Supervisor(
        instance_children(instance),
        log=Log((instance.log_dir or var_dir / "logs") / "supervisor.log"),
        pid_dir=var_dir / "pids",
    )
