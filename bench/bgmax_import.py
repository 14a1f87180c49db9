"""How long finance waits for the bank's file of a large city: a BgMax file of 1,000,000
payments (by default towards 100,000 debts, ten each, and 1 % with no usable reference)
imported into PostgreSQL in one transaction, `fut payments import` as the API does it.

A fresh database (`FUT_BENCH_POSTGRES_URL`, an admin URL; else the test suite's choice: the
server on 127.0.0.1:5432 or an embedded one); the debts, their cases in `repayment` and
their people are written straight into the tables (COPY), then the file is written, then
timed: `payment_imports.import_file` and its commit; then the same file again (it must add
nothing). Run: `python -m bench.bgmax_import [--payments N] [--debts N]`.
Writes bench/results/bgmax_import.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bench.system import fresh_database

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 30


def _seed(debts: int) -> list[str]:
    """`debts` people, cases in repayment and open debts; their OCR references."""
    from fut.clock import now, today
    from fut.db import session_scope
    from fut.rules.ocr import luhn_check_digit
    from fut.services import bulk
    from fut.services.debts import debt_ocr

    moment, day = now(), today()
    numbers = [f"FUT-{day.year}-{n:06d}" for n in range(1, debts + 1)]
    ocrs = [debt_ocr(number) for number in numbers]
    with session_scope() as session:

        def person(n: int) -> tuple[object, ...]:
            serial = f"{800101 + n // 1000:06d}{n % 1000:03d}"
            return (n, "19" + serial + luhn_check_digit(serial), "personnummer", "B", "", moment)

        bulk.insert_rows(
            session,
            "person",
            ("id", "identity_number", "identity_kind", "name", "address", "created_at"),
            (person(n) for n in range(1, debts + 1)),
        )
        bulk.insert_rows(
            session,
            "fut_case",
            (
                "id",
                "case_number",
                "unit",
                "stage",
                "person_id",
                "flow_generation",
                "created_at",
                "updated_at",
            ),
            (
                (n, numbers[n - 1], "sodermalm", "repayment", n, 0, moment, moment)
                for n in range(1, debts + 1)
            ),
        )
        bulk.insert_rows(
            session,
            "debt",
            ("id", "case_id", "amount", "decided_on", "status", "ocr", "created_at"),
            ((n, n, 1_000_000, day, "open", ocrs[n - 1], moment) for n in range(1, debts + 1)),
        )
        for table in ("person", "fut_case", "debt"):
            session.execute(
                sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {debts})")
            )
    return ocrs


def _write_file(path: Path, ocrs: list[str], payments: int) -> int:
    """The BgMax file: deposits of 10,000 payments; every 100th without a reference."""
    from fut.clock import today
    from fut.integrations.bgmax_writer import DepositSpec, Paid, records

    per_deposit = 10_000
    deposits = []
    for serial, start in enumerate(range(0, payments, per_deposit), start=1):
        rows = [
            Paid("" if n % 100 == 99 else ocrs[n % len(ocrs)], 100_00 + (n % 50) * 100)
            for n in range(start, min(start + per_deposit, payments))
        ]
        deposits.append(DepositSpec(today(), serial, rows))
    lines = records(
        deposits, bankgiro="991-2346", written_at=datetime.now(UTC).replace(tzinfo=None)
    )
    with path.open("wb") as out:
        for line in lines:
            out.write(line.encode("latin-1") + b"\r\n")
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=1_000_000)
    parser.add_argument("--debts", type=int, default=100_000)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url, var = stack.enter_context(fresh_database("bgmax"))

        from fut.auth import create_user
        from fut.db import get_engine, session_scope
        from fut.migrate import upgrade
        from fut.models import BankPayment, Payment
        from fut.services import payment_imports

        upgrade(url)
        with session_scope() as session:
            create_user(session, username="ekonomi", roles=["ekonomi"])
        from fut.auth import Actor
        from fut.lifecycle import Role

        started = time.perf_counter()
        ocrs = _seed(args.debts)
        seeding = time.perf_counter() - started
        print(f"seeded {args.debts} debts in {seeding:.1f} s", flush=True)
        with get_engine().connect() as conn:
            conn.execute(sa.text("ANALYZE"))
            conn.commit()

        path = var / "bgmax.txt"
        started = time.perf_counter()
        size = _write_file(path, ocrs, args.payments)
        writing = time.perf_counter() - started
        print(f"wrote {size / 1e6:.0f} MB in {writing:.1f} s", flush=True)

        actor = Actor("ekonomi", None, frozenset({Role.EKONOMI}))
        steps: dict[str, float] = {}
        last = [time.perf_counter()]

        def progress(step: int, steps_total: int, what: str) -> None:
            moment = time.perf_counter()
            if step > 1:
                steps[payment_imports.STEPS[step - 2]] = round(moment - last[0], 2)
            last[0] = moment

        load_before = os.getloadavg()
        started = time.perf_counter()
        data = path.read_bytes()
        with session_scope() as session:
            summary = payment_imports.import_file(
                session, actor, data, filename=path.name, progress=progress
            )
            steps[payment_imports.STEPS[-1]] = round(time.perf_counter() - last[0], 2)
            commit_from = time.perf_counter()
        steps["commit"] = round(time.perf_counter() - commit_from, 2)
        importing = time.perf_counter() - started
        print(f"imported in {importing:.1f} s: {summary.message}", flush=True)

        started = time.perf_counter()
        with session_scope() as session:
            again = payment_imports.import_file(session, actor, data, filename=path.name)
        repeating = time.perf_counter() - started
        assert again.already_imported, again
        with session_scope() as session:
            payments = session.execute(sa.select(sa.func.count()).select_from(Payment)).scalar()
            queued = session.execute(
                sa.select(sa.func.count()).select_from(BankPayment).where(BankPayment.queued)
            ).scalar()
        assert payments == summary.registered and queued == summary.unmatched
        del data

    out = {
        "benchmark": "bgmax_import",
        "what": "a BgMax file imported in one transaction on PostgreSQL "
        "(payment_imports.import_file and its commit): parse, match by OCR, register the "
        "payments with their audit rows and wakes, store the deposits and the queue",
        "load_average_before": load_before,
        "machine": {
            "platform": platform.platform(),
            "uname": " ".join(os.uname()),
            "python": platform.python_version(),
            "nproc": os.cpu_count(),
        },
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "payments": args.payments,
        "debts": args.debts,
        "file_megabytes": round(size / 1e6, 1),
        "seconds_to_seed": round(seeding, 1),
        "seconds_to_write_file": round(writing, 1),
        "seconds_to_import": round(importing, 1),
        "target_seconds": TARGET_SECONDS,
        "seconds_by_step": steps,
        "seconds_same_file_again": round(repeating, 2),
        "registered": summary.registered,
        "unmatched": summary.unmatched,
        "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "summary": summary.message,
        "same_file_again": again.message,
    }
    result = ROOT / "bench" / "results" / "bgmax_import.json"
    result.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0 if importing <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
