"""Is a process on this machine still alive? Used to tell a case's flow run that is merely
slow from one whose process (or the runner that took it) has died.

A process is named by this host's name and its pid ("host:pid", the form Prefect uses for
`infrastructure_pid`), and recognised by when it started, so a pid the system has handed to
a new process does not pass for the old one. Runners record themselves in
`FUT_VAR_DIR/runners/` when they start (see `deployments/serve.py`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

# the start time read from /proc has a resolution of one clock tick plus the boot time's
# rounding to whole seconds
START_SLACK_SECONDS = 2.0


def this_host() -> str:
    return socket.gethostname()


def process_name(pid: int | None = None) -> str:
    """'host:pid' of this process (or of `pid` on this host)."""
    return f"{this_host()}:{os.getpid() if pid is None else pid}"


def parse_process_name(name: str | None) -> tuple[str, int] | None:
    """('host', pid) from 'host:pid'; None when it is not of that form or the pid is 0
    (nothing on record)."""
    host, sep, pid = (name or "").rpartition(":")
    if not sep or not host or not pid.isdigit() or int(pid) <= 0:
        return None
    return host, int(pid)


def _boot_time() -> float:
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith("btime "):
                return float(line.split()[1])
    raise OSError("no btime in /proc/stat")


def process_started_at(pid: int) -> float | None:
    """When process `pid` on this machine started (seconds since the epoch), or None when
    there is no such live process (a zombie counts as gone). Where /proc cannot be read the
    answer is 0.0 for a process that exists: alive, start unknown."""
    if pid <= 0:
        return None
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return 0.0
    # the command name (field 2) is in parentheses and may itself contain them
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] in ("Z", "X", "x"):
        return None
    ticks = int(fields[19])  # field 22: start time in clock ticks after boot
    return _boot_time() + ticks / os.sysconf("SC_CLK_TCK")


def is_alive(pid: int, started_before: float | None = None) -> bool:
    """Whether process `pid` on this machine is alive and, if `started_before` is given,
    started no later than that (else the pid belongs to a newer process)."""
    started = process_started_at(pid)
    if started is None:
        return False
    return started_before is None or started <= started_before + START_SLACK_SECONDS


TAKEN_BY = "futflow: taken by worker "


def taken_by_message(pid: int | None = None) -> str:
    """The message of the Pending state a worker proposes when it takes a run: it names the
    worker ("host:pid"), so the run's health can be judged on any machine from the run alone
    (see api.run_health)."""
    return TAKEN_BY + process_name(pid)


def taken_by(message: str | None) -> tuple[str, int] | None:
    """('host', pid) of the worker named in a Pending state's message; None for any other
    message (a run taken by Prefect's stock runner, say)."""
    if not (message or "").startswith(TAKEN_BY):
        return None
    return parse_process_name((message or "").removeprefix(TAKEN_BY).strip())


# --- runners ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunnerRecord:
    host: str
    pid: int
    started: float  # wall clock when it recorded itself, before it took any run
    process_started: float | None
    nudge_port: int | None = None  # UDP port on loopback: a datagram makes it poll now


def _runners_dir(var_dir: Path) -> Path:
    return var_dir / "runners"


def record_runner(var_dir: Path, nudge_port: int | None = None) -> Path:
    """Record this process as a runner (call it before it takes any flow run); records of
    runners on this host that are gone are removed. Returns the record's path."""
    directory = _runners_dir(var_dir)
    directory.mkdir(parents=True, exist_ok=True)
    live_runners(var_dir, prune=True)
    record = RunnerRecord(
        this_host(), os.getpid(), time.time(), process_started_at(os.getpid()), nudge_port
    )
    path = directory / f"{record.host}-{record.pid}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record.__dict__))
    tmp.replace(path)
    return path


def forget_runner(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def live_runners(var_dir: Path, *, prune: bool = False) -> list[RunnerRecord] | None:
    """The runners on this host recorded in `var_dir` that are alive now; None when no
    runner has ever recorded itself there (then nothing is known about runners)."""
    directory = _runners_dir(var_dir)
    if not directory.is_dir():
        return None
    host = this_host()
    alive = []
    for path in directory.glob("*.json"):
        try:
            record = RunnerRecord(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            continue
        if record.host != host:
            continue
        if is_alive(record.pid, record.process_started):
            alive.append(record)
        elif prune:
            forget_runner(path)
    return alive


def nudge_runners(var_dir: Path) -> None:
    """Tell the runners on this host that take nudges to look for runs now rather than at
    their next poll (runners elsewhere find them at their next poll)."""
    for runner in live_runners(var_dir) or []:
        if runner.nudge_port:
            with (
                contextlib.suppress(OSError),
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
            ):
                sock.sendto(b"poll", ("127.0.0.1", runner.nudge_port))
