"""A morning's burst: 1,000 reports posted within 60 s to `fut up` (what `make up` runs).

Measured: the API's answer times during the burst (client side and `Server-Timing`), the
time until every case's flow run has suspended at triage, how many runs executed at once
and how many waited their turn in Prefect's work queue, the peak memory of all futflow
processes (the sum of their PSS, which counts the pages forked run processes share once;
RSS summed for reference), and that nothing was lost (a case, a triage task and a run
suspended at triage for every report).

Run: `python -m bench.burst [--reports 1000] [--seconds 60] [--databases postgres,sqlite]`.
Writes bench/results/burst.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from bench.system import Running, machine, now_text, percentile, report, running
from fut.settings import default_run_concurrency

ROOT = Path(__file__).resolve().parents[1]
TIMING = re.compile(r"app;dur=([0-9.]+)")
DEADLINE_SECONDS = 300


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes of one process; zeros when it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in text.splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name] = int(rest.split()[0]) * 1024
    return values.get("Pss", 0), values.get("Rss", 0)


class Sampler(threading.Thread):
    """Samples the memory of `fut up`'s process tree and the runs' states in Prefect."""

    def __init__(self, system: Running) -> None:
        super().__init__(daemon=True)
        self.system = system
        self.stop = threading.Event()
        self.peak_pss = self.peak_rss = 0
        self.max_running = self.max_waiting = 0
        self.http = httpx.Client(base_url=system.prefect_url, timeout=30)

    def count(self, *states: str) -> int:
        """Case runs (flow `fut-case`) in these states: not the schedules' future runs."""
        body = {
            "flows": {"name": {"any_": ["fut-case"]}},
            "flow_runs": {"state": {"type": {"any_": list(states)}}},
        }
        for _ in range(10):  # a server busy with the burst may answer late
            try:
                r = self.http.post("/flow_runs/count", json=body)
                r.raise_for_status()
                return int(r.json())
            except httpx.HTTPError:
                time.sleep(1)
        raise TimeoutError("Prefect's server did not answer the count")

    def run(self) -> None:
        while not self.stop.is_set():
            pss = rss = 0
            for pid in _tree(self.system.process.pid):
                p, r = _memory(pid)
                pss, rss = pss + p, rss + r
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            try:
                self.max_running = max(self.max_running, self.count("RUNNING"))
                self.max_waiting = max(self.max_waiting, self.count("SCHEDULED", "PENDING"))
            except httpx.HTTPError:
                pass
            self.stop.wait(0.5)


def burst(system: Running, reports: int, seconds: float) -> dict[str, Any]:
    api = system.client()
    samples: list[tuple[float, float]] = []  # (client ms, server ms)
    errors: list[str] = []
    lock = threading.Lock()
    sampler = Sampler(system)
    sampler.start()

    def post(i: int, at: float) -> int | None:
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        started = time.perf_counter()
        r = api.http.post(
            "/api/cases",
            json=report(),
            headers={"Authorization": f"Bearer {api.tokens['handlaggare']}"},
        )
        client_ms = (time.perf_counter() - started) * 1000
        match = TIMING.search(r.headers.get("server-timing", ""))
        with lock:
            if r.status_code != 201:
                errors.append(f"{r.status_code} {r.text[:200]}")
                return None
            samples.append((client_ms, float(match.group(1)) if match else client_ms))
        return int(r.json()["id"])

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(post, i, t0 + i * seconds / reports) for i in range(reports)]
        ids = [f.result() for f in futures]
    posted_in = time.monotonic() - t0
    suspended = 0
    while time.monotonic() - t0 < DEADLINE_SECONDS + 60:
        suspended = sampler.count("PAUSED")
        if suspended >= reports:
            break
        time.sleep(1)
    all_suspended_after = time.monotonic() - t0
    sampler.stop.set()
    sampler.join()
    triage = len(api.call("utredare", "GET", "/api/tasks?role=utredare&limit=1000"))
    client = [c for c, _ in samples]
    server = [s for _, s in samples]
    return {
        "reports": reports,
        "posted_within_s": round(posted_in, 1),
        "created": len([i for i in ids if i is not None]),
        "refused": errors[:5],
        "api_ms_p50_client": round(statistics.median(client), 1),
        "api_ms_p95_client": round(percentile(client, 95), 1),
        "api_ms_max_client": round(max(client), 1),
        "api_ms_p95_server": round(percentile(server, 95), 1),
        "runs_suspended_at_triage": suspended,
        "all_suspended_after_s": round(all_suspended_after, 1) if suspended >= reports else None,
        "triage_tasks_open": triage,
        "max_runs_running_at_once": sampler.max_running,
        "max_runs_waiting_in_queue": sampler.max_waiting,
        "peak_memory_pss_mib": round(sampler.peak_pss / 2**20),
        "peak_memory_rss_sum_mib": round(sampler.peak_rss / 2**20),
    }


def resume_all(system: Running, count: int, seconds: float) -> dict[str, Any]:
    """Then `count` triages completed within `seconds`: every one resumes its case's run,
    which must execute (and suspend again at the investigation). The runs executing at once
    stay within the bound; the rest wait in the work pool's queue."""
    api = system.client()
    tasks = api.call("utredare", "GET", f"/api/tasks?role=utredare&limit={count}")[:count]
    sampler = Sampler(system)
    sampler.start()
    waiting_before = sampler.count("PAUSED")
    samples: list[float] = []
    lock = threading.Lock()
    payload = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "B"}

    def complete(task: dict[str, Any], at: float) -> None:
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        started = time.perf_counter()
        api.call("utredare", "POST", f"/api/tasks/{task['id']}/complete", json=payload)
        with lock:
            samples.append((time.perf_counter() - started) * 1000)

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        for f in [
            pool.submit(complete, t, t0 + i * seconds / len(tasks)) for i, t in enumerate(tasks)
        ]:
            f.result()
    done = None
    while time.monotonic() - t0 < 1800:
        busy = sampler.count("SCHEDULED", "PENDING", "RUNNING")
        if busy == 0 and sampler.count("PAUSED") >= waiting_before:
            done = time.monotonic() - t0
            break
        time.sleep(1)
    sampler.stop.set()
    sampler.join()
    investigation = api.call("utredare", "GET", "/api/tasks?role=utredare&limit=1000")
    return {
        "triages_completed": len(samples),
        "completed_within_s": round(seconds, 1),
        "api_ms_p95_client": round(percentile(samples, 95), 1),
        "all_runs_suspended_again_after_s": round(done, 1) if done else None,
        "runs_per_second": round(len(samples) / done, 2) if done else None,
        "investigation_tasks_open": sum(1 for t in investigation if t["step"] == "investigation"),
        "max_runs_running_at_once": sampler.max_running,
        "max_runs_waiting_in_queue": sampler.max_waiting,
        "peak_memory_pss_mib": round(sampler.peak_pss / 2**20),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--databases", default="postgres")
    parser.add_argument("--engine", default="worker")
    parser.add_argument("--resume", type=int, default=300, help="triages then completed")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/burst.json")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {
        "what": f"{args.reports} reports posted within {args.seconds:.0f} s to fut up; "
        "every case's run must suspend at triage within 300 s",
        "machine": machine(),
        "date": now_text(),
        "results": {},
    }
    for database in args.databases.split(","):
        with running(args.engine, database) as system:
            figures = burst(system, args.reports, args.seconds)
            if args.resume:
                figures["then_triage"] = resume_all(system, args.resume, args.seconds / 3)
        figures["run_concurrency"] = (
            f"FUT_RUN_CONCURRENCY default: {default_run_concurrency(os.cpu_count())}"
        )
        result["results"][f"{args.engine}/{database}"] = figures
        print(database, json.dumps(figures, indent=2))
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
