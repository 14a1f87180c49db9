"""How long an investigator waits: from `POST /api/tasks/{id}/complete` to the next
document existing, over 20 document-producing steps, on the embedded defaults (SQLite,
Prefect server on SQLite, runner, API as `make up` starts them).

Run: `make bench` (or `python -m bench.lifecycle_latency`). Writes bench/results/.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from fut.cli import demo_tokens
from fut.system import free_port, launch_up

ROOT = Path(__file__).resolve().parents[1]
CASES = 10  # two document-producing steps each: kommunicering, beslut om återkrav

REPORT = {
    "unit": "sodermalm",
    "person": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
    "reporter_type": "authority",
    "channel": "letter",
    "received_by": "Bench",
    "received_on": "2026-11-02",
    "discovered_by": "Bankutdrag",
    "description": "Bench",
    "period_from": "2025-05",
    "period_to": "2025-08",
    "estimated_amount": 24000,
}
MONTHS = [{"month": f"2025-0{m}", "paid": 9000, "undeclared_income": 4000} for m in (5, 6, 7, 8)]


class Client:
    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.tokens = tokens

    def call(self, user: str, method: str, url: str, **kw: Any) -> Any:
        r = self.http.request(
            method, url, headers={"Authorization": f"Bearer {self.tokens[user]}"}, **kw
        )
        r.raise_for_status()
        return r.json()

    def task(self, case_id: int, step: str, role: str, user: str) -> dict[str, Any]:
        while True:
            for t in self.call(user, "GET", f"/api/tasks?role={role}"):
                if t["case_id"] == case_id and t["step"] == step:
                    return t
            time.sleep(0.05)

    def timed(
        self,
        case_id: int,
        step: str,
        payload: dict[str, Any],
        kind: str,
        role: str = "utredare",
        user: str = "utredare",
    ) -> float:
        task = self.task(case_id, step, role, user)
        start = time.perf_counter()
        self.call(user, "POST", f"/api/tasks/{task['id']}/complete", json=payload)
        while True:
            docs = self.call(user, "GET", f"/api/cases/{case_id}")["documents"]
            if any(d["kind"] == kind for d in docs):
                return time.perf_counter() - start
            time.sleep(0.02)

    def complete(
        self,
        case_id: int,
        step: str,
        payload: dict[str, Any],
        role: str = "utredare",
        user: str = "utredare",
    ) -> None:
        task = self.task(case_id, step, role, user)
        self.call(user, "POST", f"/api/tasks/{task['id']}/complete", json=payload)


def main() -> int:
    var = Path(tempfile.mkdtemp(prefix="futflow-bench-"))
    api_port = free_port()
    up, output = launch_up(var, api_port, free_port())
    if "Stop with Ctrl-C" not in output:
        raise SystemExit(f"fut up did not start:\n{output}")
    samples: list[float] = []
    try:
        tokens = demo_tokens(var)
        client = Client(f"http://127.0.0.1:{api_port}", tokens)
        for _ in range(CASES):
            case = client.call("handlaggare", "POST", "/api/cases", json=REPORT)
            cid = case["id"]
            client.complete(
                cid,
                "triage",
                {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Bench"},
            )
            samples.append(
                client.timed(
                    cid,
                    "investigation",
                    {
                        "error_type": "undeclared_income",
                        "detected_by": "Bankutdrag",
                        "summary": "Bench",
                        "months": MONTHS,
                    },
                    "kommunicering",
                )
            )
            client.complete(cid, "client_reply", {"replied": True})
            client.complete(cid, "intent", {"assessment": "none", "motivation": "Bench"})
            client.complete(cid, "decision_proposal", {"recover": True, "motivation": "Bench"})
            samples.append(
                client.timed(
                    cid,
                    "decision_approval",
                    {"approve": True},
                    "beslut_aterkrav",
                    role="beslutsfattare",
                    user="beslutsfattare",
                )
            )
    finally:
        up.terminate()
        up.wait(60)
    result = {
        "what": "seconds from POST /api/tasks/{id}/complete to the next document existing",
        "steps": len(samples),
        "median_s": round(statistics.median(samples), 3),
        "p90_s": round(sorted(samples)[int(len(samples) * 0.9) - 1], 3),
        "min_s": round(min(samples), 3),
        "max_s": round(max(samples), 3),
        "samples_s": [round(s, 3) for s in samples],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "setup": "make up defaults: SQLite, Prefect 3.8.8 server on SQLite, runner poll 1 s",
    }
    out = ROOT / "bench" / "results" / "lifecycle_latency.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
