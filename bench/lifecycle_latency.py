"""How long an investigator waits: from `POST /api/tasks/{id}/complete` to the next
document existing, over whole lifecycles (three document-producing steps a case:
kommunicering, beslut om återkrav, avbetalningsplan), with `fut up` as `make up` starts it,
on the embedded defaults and on PostgreSQL, for futflow's warm worker and, in the same run,
Prefect's stock runner (`FUT_ENGINE=runner`).

Run: `make bench` (or `python -m bench.lifecycle_latency [--steps 51] [--engines worker,runner]
[--databases sqlite,postgres]`). Writes bench/results/lifecycle_latency.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.system import API, machine, now_text, percentile, report, running

ROOT = Path(__file__).resolve().parents[1]
POLL_SECONDS = 0.02


class Lifecycle:
    """One case driven through its lifecycle through the JSON API, as investigators do.

    Before a timed step the driver waits until the case's run has suspended (an
    investigator reads the case before completing the next step; the steps in between are
    completed as fast as the API answers)."""

    def __init__(self, api: API, prefect_url: str) -> None:
        self.api = api
        self.prefect = httpx.Client(base_url=prefect_url, timeout=30)

    def settle(self, task: dict[str, Any]) -> None:
        """Wait until the case's run has suspended at this task (its wait key)."""
        body = {
            "flow_runs": {"name": {"any_": [task["case_number"]]}},
            "sort": "EXPECTED_START_TIME_DESC",
        }
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            runs = self.prefect.post("/flow_runs/filter", json=body).json()
            state = runs[0]["state"] if runs else None
            if state and state["type"] == "PAUSED":
                key = (state["state_details"].get("pause_key") or "").split("~")[0]
                if key == f"item-{task['id']}":
                    return
            time.sleep(POLL_SECONDS)
        raise TimeoutError(f"the run of {task['case_number']} did not suspend at its task")

    def task(self, case_id: int, step: str, user: str) -> dict[str, Any]:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for t in self.api.call(user, "GET", f"/api/tasks?case_id={case_id}"):
                if t["case_id"] == case_id and t["step"] == step:
                    return t
            time.sleep(POLL_SECONDS)
        raise TimeoutError(f"no {step} task for case {case_id}")

    def complete(self, case_id: int, step: str, payload: dict[str, Any], user: str) -> None:
        task = self.task(case_id, step, user)
        self.api.call(user, "POST", f"/api/tasks/{task['id']}/complete", json=payload)

    def timed(
        self, case_id: int, step: str, payload: dict[str, Any], kind: str, user: str
    ) -> float:
        task = self.task(case_id, step, user)
        self.settle(task)
        start = time.perf_counter()
        self.api.call(user, "POST", f"/api/tasks/{task['id']}/complete", json=payload)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            docs = self.api.call(user, "GET", f"/api/cases/{case_id}")["documents"]
            if any(d["kind"] == kind for d in docs):
                return time.perf_counter() - start
            time.sleep(POLL_SECONDS)
        raise TimeoutError(f"no {kind} for case {case_id}")

    def run(self) -> list[float]:
        """Report → repayment plan; returns the three waits."""
        today = date.today()
        year = today.year - 1
        case = self.api.call("handlaggare", "POST", "/api/cases", json=report())
        cid = case["id"]
        triage = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "B"}
        self.complete(cid, "triage", triage, "utredare")
        months = [
            {
                "month": f"{year}-0{m}",
                "granted_on": f"{year}-0{m - 1}-25",
                "paid": 9000,
                "undeclared_income": 4000,
            }
            for m in (5, 6, 7, 8)
        ]
        investigation = {
            "error_type": "undeclared_income",
            "detected_by": "Bankutdrag",
            "summary": "Bench",
            "months": months,
        }
        waits = [self.timed(cid, "investigation", investigation, "kommunicering", "utredare")]
        self.complete(cid, "client_reply", {"replied": False}, "utredare")
        self.complete(cid, "intent", {"assessment": "none", "motivation": "B"}, "utredare")
        proposal = {"recover": True, "motivation": "Bench"}
        self.complete(cid, "decision_proposal", proposal, "utredare")
        approval = {"approve": True}
        waits.append(
            self.timed(cid, "decision_approval", approval, "beslut_aterkrav", "beslutsfattare")
        )
        plan = {
            "monthly_amount": 4000,
            "first_due_date": (today + timedelta(days=30)).isoformat(),
        }
        waits.append(self.timed(cid, "repayment_plan", plan, "avbetalningsplan", "utredare"))
        return waits


def figures(samples: list[float]) -> dict[str, Any]:
    return {
        "steps": len(samples),
        "median_s": round(statistics.median(samples), 3),
        "p95_s": round(percentile(samples, 95), 3),
        "p90_s": round(percentile(samples, 90), 3),
        "min_s": round(min(samples), 3),
        "max_s": round(max(samples), 3),
        "samples_s": [round(s, 3) for s in samples],
    }


def measure(engine: str, database: str, steps: int) -> dict[str, Any]:
    samples: list[float] = []
    with running(engine, database) as system:
        driver = Lifecycle(system.client(), system.prefect_url)
        while len(samples) < steps:
            samples.extend(driver.run())
    result = figures(samples)
    print(f"{engine:7} {database:9} median {result['median_s']} s, p95 {result['p95_s']} s")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=51)
    parser.add_argument("--engines", default="worker,runner")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/lifecycle_latency.json")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "what": "seconds from POST /api/tasks/{id}/complete to the next document existing "
        "(kommunicering, beslut om återkrav, avbetalningsplan), one case at a time",
        "machine": machine(),
        "date": now_text(),
        "setup": "fut up (what make up runs): API, Prefect 3.8.8 server, and the engine; "
        "sqlite = the embedded defaults, postgres = futflow and Prefect on PostgreSQL 15; "
        "worker = futflow's warm worker (forked runs, nudged by the dispatcher, poll 1 s), "
        "runner = Prefect's stock runner (a new interpreter per run, poll 1 s)",
        "results": {},
    }
    for database in args.databases.split(","):
        for engine in args.engines.split(","):
            results["results"][f"{engine}/{database}"] = measure(engine, database, args.steps)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
