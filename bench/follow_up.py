"""The daily repayment follow-up at the size of a large city: 100,000 debts being repaid and
1,000,000 payments in PostgreSQL; how long the follow-up takes (the service, as the
`repayment-follow-up` flow runs it) and its peak memory. Target: at most 60 s and 1 GiB.

The data is written in bulk (COPY) into a fresh database (`FUT_BENCH_POSTGRES_URL`, an
admin URL; else the test suite's choice: the server on 127.0.0.1:5432 or an embedded one)
as a steady state the follow-up has run in every day before: every debt has ten payments;
3 % are one installment behind, reminded already unless the installment became missed
today (about 1 in 28 of them: a letter each); a review was last opened 0-184 days ago (about
1 in 185 is due today); 0.2 % have unpaid months whose court deadlines lie within 90 days
(a warning per deadline). The follow-up then runs in a child process, whose wall time, time inside
the service and peak resident memory (ru_maxrss) are measured; a second run the same day
must do nothing.

Run: `python -m bench.follow_up [--debts N]`. Writes bench/results/follow_up.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.system import fresh_database

ROOT = Path(__file__).resolve().parents[1]
UNITS = ["sodermalm", "norrmalm", "kungsholmen"]
PAYMENTS_PER_DEBT = 10


def _latest_on_day(before: date, day: int) -> date:
    """The latest date on or before `before` with day number `day` (days 1-28 exist always)."""
    candidate = before.replace(day=day) if before.day >= day else None
    if candidate is None:
        previous = before.replace(day=1) - timedelta(days=1)
        candidate = previous.replace(day=day)
    return candidate


def seed(url: str, debts: int, today: date) -> dict[str, int]:
    """Write the steady state with COPY; returns the number of rows per table."""
    from bench.case_data import identity_number
    from fut.rules.deadlines import add_period

    now = datetime.now(UTC)
    grace_day = today - timedelta(days=7)
    counts: dict[str, int] = {}
    engine = sa.create_engine(url)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()

        def copy(table: str, columns: str, rows: Any) -> None:
            n = 0
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as out:  # type: ignore[attr-defined]
                for row in rows:
                    out.write_row(row)
                    n += 1
            counts[table] = n

        def plan_of(i: int) -> tuple[int, int, int, date]:
            monthly = 1000 + (i % 11) * 100
            installments = PAYMENTS_PER_DEBT + 3 + i % 10
            amount = monthly * installments - (i % 7) * 37
            latest = _latest_on_day(grace_day, 1 + i % 28)
            return monthly, installments, amount, add_period(latest, months=-9)

        def behind(i: int) -> bool:
            return (i * 7919) % 100 < 3

        def warned(i: int) -> bool:
            return (i * 104729) % 500 == 7

        copy(
            "person",
            "id, identity_number, identity_kind, name, address, created_at",
            (
                (i, identity_number(i), "personnummer", f"Person {i}", f"Gatan {i % 90 + 1}", now)
                for i in range(1, debts + 1)
            ),
        )
        copy(
            "fut_case",
            "id, case_number, unit, stage, person_id, flow_generation, created_at, updated_at",
            (
                (i, f"FUT-B-{i:06d}", UNITS[i % 3], "repayment", i, 0, now, now)
                for i in range(1, debts + 1)
            ),
        )
        copy(
            "debt",
            "id, case_id, amount, decided_on, status, created_at",
            (
                (i, i, plan_of(i)[2], plan_of(i)[3] - timedelta(days=30), "open", now)
                for i in range(1, debts + 1)
            ),
        )
        copy(
            "installmentplan",
            "id, debt_id, monthly_amount, first_due_date, installments, created_by, "
            "created_at, paid_before",
            (
                (i, i, m, first, n, "ekonomi", datetime.combine(first, datetime.min.time(), UTC), 0)
                for i in range(1, debts + 1)
                for m, n, _, first in [plan_of(i)]
            ),
        )

        def payments() -> Any:
            pid = 0
            for i in range(1, debts + 1):
                monthly, _, _, first = plan_of(i)
                amount = monthly * 9 // 10 if behind(i) else monthly
                for k in range(PAYMENTS_PER_DEBT):
                    pid += 1
                    paid_on = add_period(first, months=k) - timedelta(days=2)
                    yield (pid, i, amount, paid_on, f"OCR{i:08d}", "ekonomi", now)

        copy(
            "payment",
            "id, debt_id, amount, paid_on, reference, registered_by, registered_at",
            payments(),
        )

        def months() -> Any:
            mid = 0
            for i in range(1, debts + 1):
                amount = plan_of(i)[2]
                if warned(i):  # the oldest month unpaid, its deadline within 90 days
                    start = add_period(today, months=-36) + timedelta(days=5 + i % 80)
                    parts = [amount - 200, 100, 100]
                else:
                    start = add_period(today, months=-24) + timedelta(days=i % 300)
                    parts = [amount // 3, amount // 3, amount - 2 * (amount // 3)]
                for k, part in enumerate(parts):
                    mid += 1
                    paid = add_period(start, months=k)
                    law = "33 kap. 1 § socialtjänstlagen (2025:400)"
                    yield (
                        mid,
                        i,
                        paid.strftime("%Y-%m"),
                        part + 5000,
                        0,
                        5000,
                        part,
                        0,
                        "",
                        paid,
                        paid - timedelta(days=3),
                        False,
                        "[]",
                        law,
                    )

        copy(
            "overpaidmonth",
            "id, case_id, month, paid, undeclared_income, correct, overpaid, already_corrected, "
            "reason, payment_date, granted_on, granted_on_assumed, resources, law",
            months(),
        )

        def work_items() -> Any:
            wid = 0
            for i in range(1, debts + 1):
                wid += 1
                opened = now - timedelta(days=i % 185)
                yield (wid, i, "repayment_review", "done", None, opened, opened, "utredare")
                if behind(i) and _latest_on_day(grace_day, 1 + i % 28) < grace_day:
                    wid += 1
                    yield (wid, i, "missed_payment", "open", now, now, None, None)

        copy(
            "workitem",
            "id, case_id, step, status, due_at, created_at, completed_at, completed_by",
            work_items(),
        )

        def reminders() -> Any:
            rid = 0
            for i in range(1, debts + 1):
                latest = _latest_on_day(grace_day, 1 + i % 28)
                if behind(i) and latest < grace_day:
                    rid += 1
                    yield (rid, i, latest, latest + timedelta(days=7), now)

        copy(
            "installment_reminder",
            "id, debt_id, due_on, reminded_on, created_at",
            reminders(),
        )
        for table in counts:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return counts


def run_once() -> None:
    """In the child: one follow-up run, as the flow runs it; prints its figures as JSON."""
    from fut.clock import today
    from fut.services import follow_up

    started = time.perf_counter()
    if os.environ.get("FUT_BENCH_PROFILE"):
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            result = follow_up.follow_up(today())
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    else:
        result = follow_up.follow_up(today())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_kib": peak, "result": result.__dict__}))


def _child(env: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.follow_up", "--child"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall_seconds"] = time.perf_counter() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--debts", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_once()
        return 0
    load = os.getloadavg()  # the machine is shared: how busy it was
    with ExitStack() as stack:
        url, var = stack.enter_context(fresh_database("follow-up"))
        env = dict(os.environ)

        from fut.clock import today
        from fut.migrate import upgrade

        upgrade(url)
        started = time.perf_counter()
        counts = seed(url, args.debts, today())
        seeding = time.perf_counter() - started
        print(f"seeded {counts} in {seeding:.1f} s", flush=True)

        first = _child(env)
        print(f"first run: {first}", flush=True)
        second = _child(env)
        print(f"second run, same day: {second}", flush=True)

    peak_mib = first["peak_kib"] / 1024
    out = {
        "benchmark": "follow_up",
        "what": "the daily repayment follow-up (fut.services.follow_up.follow_up, as the "
        "repayment-follow-up flow runs it) over every debt being repaid, PostgreSQL",
        "machine": {
            "nproc": os.cpu_count(),
            "uname": " ".join(platform.uname()[:3] + (platform.uname().machine,)),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in load],
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": counts,
        "seconds_to_seed": round(seeding, 1),
        "target": {"seconds": 60, "peak_mib": 1024},
        "first_run": {
            "seconds_in_service": round(first["seconds"], 2),
            "seconds_with_process_start": round(first["wall_seconds"], 2),
            "peak_rss_mib": round(peak_mib, 1),
            "did": first["result"],
        },
        "second_run_same_day": {
            "seconds_in_service": round(second["seconds"], 2),
            "peak_rss_mib": round(second["peak_kib"] / 1024, 1),
            "did": second["result"],
        },
        "within_target": first["seconds"] <= 60 and peak_mib <= 1024,
    }
    path = ROOT / "bench" / "results" / "follow_up.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
