"""How fast the pages answer with a large case file: `/inbox`, `/cases/{id}` and `/queue`
with 10,000 cases in PostgreSQL, server time (the `Server-Timing` header) and time at the client.

The API runs as `fut up` runs it (uvicorn, one process) against a fresh PostgreSQL database
(`FUT_BENCH_POSTGRES_URL`, an admin URL; else the test suite's choice: the server on
127.0.0.1:5432 or an embedded one). Run: `python -m bench.pages_latency [--cases N]`.
Writes bench/results/pages_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from bench.case_data import seed
from bench.system import fresh_database
from fut.system import free_port

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-lösenord-1"
USERS = {
    "handlaggare": ["handlaggare"],
    "utredare": ["utredare"],
    "utredare2": ["utredare"],
    "utredare3": ["utredare"],
    "beslutsfattare": ["beslutsfattare"],
    "ekonomi": ["ekonomi"],
    "chef": ["chef"],
}
REQUESTS = 300
TIMING = re.compile(r"app;dur=([0-9.]+)")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _figures(samples: list[tuple[float, float]]) -> dict[str, float]:
    server = [s for s, _ in samples]
    client = [c for _, c in samples]
    return {
        "requests": len(samples),
        "server_ms_p50": round(statistics.median(server), 1),
        "server_ms_p95": round(_percentile(server, 95), 1),
        "server_ms_max": round(max(server), 1),
        "client_ms_p50": round(statistics.median(client), 1),
        "client_ms_p95": round(_percentile(client, 95), 1),
    }


def _measure(http: httpx.Client, urls: list[str]) -> list[tuple[float, float]]:
    samples = []
    for url in urls:
        started = time.perf_counter()
        response = http.get(url)
        client_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}\n{response.text[:2000]}")
        match = TIMING.search(response.headers.get("server-timing", ""))
        if match is None:
            raise SystemExit(f"GET {url}: no Server-Timing header")
        samples.append((float(match.group(1)), client_ms))
    return samples


def _log_in(base: str, username: str) -> httpx.Client:
    http = httpx.Client(base_url=base, timeout=30)
    response = http.post("/login", data={"username": username, "password": PASSWORD})
    if response.status_code != 303 or "futflow_session" not in http.cookies:
        raise SystemExit(f"login as {username} failed: {response.status_code}")
    return http


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url, var = stack.enter_context(fresh_database("pages"))
        env = dict(os.environ)

        from fut.auth import create_user
        from fut.db import get_engine, session_scope
        from fut.migrate import upgrade
        from fut.passwords import set_password

        upgrade(url)
        user_ids, tokens = {}, {}
        with session_scope() as session:
            for username, roles in USERS.items():
                user, tokens[username] = create_user(session, username=username, roles=roles)
                set_password(session, username, PASSWORD)
                user_ids[username] = user.id
        started = time.perf_counter()
        written = seed(get_engine(), args.cases, user_ids)  # type: ignore[arg-type]
        seeding = time.perf_counter() - started
        print(f"seeded {written} in {seeding:.1f} s", flush=True)

        port = free_port()
        api = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "api.main:app",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        stack.callback(api.wait, 30)
        stack.callback(api.terminate)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the API did not start")
            time.sleep(0.2)

        with session_scope() as session:
            case_ids = list(session.exec(sa.text("SELECT id FROM fut_case")).scalars())  # type: ignore[call-overload]
        rnd = random.Random(1)
        results: dict[str, Any] = {}
        for username in ("utredare", "chef"):
            http = _log_in(base, username)
            _measure(http, ["/inbox"] * 10)  # warm up
            results[f"inbox_{username}"] = _figures(_measure(http, ["/inbox"] * args.requests))
            pages = [f"/cases/{rnd.choice(case_ids)}" for _ in range(args.requests)]
            _measure(http, pages[:10])
            results[f"case_page_{username}"] = _figures(_measure(http, pages))
        http = _log_in(base, "chef")
        _measure(http, ["/queue"] * 5)
        results["queue_chef"] = _figures(_measure(http, ["/queue"] * max(args.requests // 3, 20)))
        # the same reads through the JSON API, in the same run: what the pages add
        api_client = httpx.Client(
            base_url=base, timeout=30, headers={"Authorization": f"Bearer {tokens['utredare']}"}
        )
        _measure(api_client, ["/api/tasks"] * 10)
        results["api_tasks_utredare"] = _figures(_measure(api_client, ["/api/tasks"] * 50))
        api_cases = [f"/api/cases/{rnd.choice(case_ids)}" for _ in range(args.requests)]
        results["api_case_utredare"] = _figures(_measure(api_client, api_cases))
        filtered = ["/inbox?overdue=1", "/inbox?unit=norrmalm", "/inbox?step=investigation"]
        http = _log_in(base, "utredare")
        results["inbox_utredare_filtered"] = _figures(
            _measure(http, [rnd.choice(filtered) for _ in range(args.requests)])
        )

    out = {
        "benchmark": "pages_latency",
        "what": "GET /inbox, /cases/{id} and /queue, logged in, one uvicorn process, PostgreSQL",
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cases": args.cases,
        "rows_written": written,
        "seconds_to_seed": round(seeding, 1),
        "results": results,
    }
    path = ROOT / "bench" / "results" / "pages_latency.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
