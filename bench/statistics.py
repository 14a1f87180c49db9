"""How fast the yearly FUT statistics answer for a large city: `GET /api/statistics` (and
the Excel workbook) for a year of 20,000 cases in PostgreSQL, as a chef who sees every unit.

The cases are written straight into the tables by `case_data.py` (every stage, three units,
all kinds of reporters and channels, investigations with their error types, police reports,
notifications, debts and payments), all received in the previous calendar year. The API is
called in process (FastAPI's TestClient, no background jobs) against a fresh database
(`FUT_BENCH_POSTGRES_URL`, an admin URL; else the test suite's choice: the server on
127.0.0.1:5432 or an embedded one). Target: at most 2 s.
Run: `python -m bench.statistics [--cases N] [--requests N]`. Writes
bench/results/statistics.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.case_data import seed
from bench.system import fresh_database

ROOT = Path(__file__).resolve().parents[1]
USERS = {
    "handlaggare": ["handlaggare"],
    "utredare": ["utredare"],
    "utredare2": ["utredare"],
    "chef": ["chef"],
}
TARGET_SECONDS = 2.0


def _timed(call: Any, times: int) -> list[float]:
    out = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def _figures(seconds: list[float]) -> dict[str, float]:
    return {
        "requests": len(seconds),
        "seconds_median": round(statistics.median(seconds), 3),
        "seconds_max": round(max(seconds), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url, var = stack.enter_context(fresh_database("statistics"))

        from fastapi.testclient import TestClient

        from api.main import create_app
        from fut.auth import create_user
        from fut.clock import today
        from fut.db import get_engine, session_scope
        from fut.migrate import upgrade

        upgrade(url)
        user_ids, tokens = {}, {}
        with session_scope() as session:
            for username, roles in USERS.items():
                user, tokens[username] = create_user(session, username=username, roles=roles)
                user_ids[username] = user.id
        year = today().year - 1
        started = time.perf_counter()
        written = seed(get_engine(), args.cases, user_ids, year=year)  # type: ignore[arg-type]
        seeding = time.perf_counter() - started
        print(f"seeded {written} in {seeding:.1f} s", flush=True)

        client = stack.enter_context(
            TestClient(
                create_app(background=False),
                headers={"Authorization": f"Bearer {tokens['chef']}"},
            )
        )

        def get(path: str, **params: Any) -> Any:
            response = client.get(path, params={"year": year, **params})
            if response.status_code != 200:
                raise SystemExit(f"GET {path}: {response.status_code}\n{response.text[:2000]}")
            return response

        figures = get("/api/statistics").json()
        if figures["reports"]["total"] != args.cases:
            raise SystemExit(f"expected {args.cases} reports, got {figures['reports']['total']}")
        results = {
            "api_statistics_all_units": _figures(
                _timed(lambda: get("/api/statistics"), args.requests)
            ),
            "api_statistics_one_unit": _figures(
                _timed(lambda: get("/api/statistics", unit="sodermalm"), args.requests)
            ),
            "api_statistics_xlsx": _figures(
                _timed(lambda: get("/api/statistics.xlsx"), max(args.requests // 4, 3))
            ),
        }
        get_engine().dispose()

    worst = max(r["seconds_max"] for r in results.values())
    out = {
        "benchmark": "statistics",
        "what": "GET /api/statistics and /api/statistics.xlsx for a year of cases, as chef "
        "(every unit), in process, PostgreSQL",
        "machine": {
            "nproc": os.cpu_count(),
            "uname": " ".join(platform.uname()).strip(),
            "python": platform.python_version(),
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cases": args.cases,
        "year_of_cases": "the previous calendar year",
        "rows_written": written,
        "seconds_to_seed": round(seeding, 1),
        "target_seconds": TARGET_SECONDS,
        "within_target": worst <= TARGET_SECONDS,
        "figures_sample": {
            "reports": figures["reports"]["total"],
            "investigations_started": figures["investigations"]["started"],
            "police_reports": figures["police_reports"]["total"],
            "median_days_to_decision": figures["durations"]["report_to_decision"]["median_days"],
        },
        "results": results,
    }
    path = ROOT / "bench" / "results" / "statistics.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2))
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
