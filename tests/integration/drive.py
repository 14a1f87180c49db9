"""Driving running futflow processes over HTTP, as investigators do, while servers die:
a client that retries a request its server could not answer and records every 5xx answer,
one case's whole lifecycle (report to paid debt), PostgreSQL databases for the processes,
and the checks that each step was carried out once and each document made once.

Used by test_kill_at_random.py (`fut up` with children killed) and test_two_machines.py
(two workers and two APIs on one PostgreSQL)."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests import postgres
from tests.clock import SUITE_TODAY

# a request that got no answer: refused (the server is down) or cut off (killed mid-request)
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
CUT_OFF = (
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
)
RETRY_PAUSE = 0.3
POLL_SECONDS = 0.5  # 20 cases polling: the test itself must not load the machine

YEAR = SUITE_TODAY.year - 1
MONTHS = [
    {
        "month": f"{YEAR}-0{m}",
        "granted_on": f"{YEAR}-0{m - 1}-25",
        "paid": 9000,
        "undeclared_income": 4000,
    }
    for m in (5, 6, 7, 8)
]
TOTAL = 4 * 4000

# the path every case takes, and what it leaves behind
STAGES = [
    "registered",
    "triage",
    "investigation",
    "communication",
    "client_reply",
    "intent",
    "decision_proposal",
    "decision_approval",
    "decision",
    "repayment_plan",
    "repayment",
    "closed",
]
DOCUMENT_KINDS = [
    "kommunicering",
    "beslutsunderlag",  # once per proposal; one proposal here
    "beslut_aterkrav",
    "avbetalningsplan",
    "skuld_betald",
]


@dataclass(frozen=True)
class ServerError:
    at: float  # time.monotonic()
    base: str
    method: str
    url: str
    status: int
    body: str


@dataclass
class Http:
    """Requests to one or more API processes, in turn; a request is retried while its
    server is down (refused, cut off, or 5xx while starting), every 5xx answer recorded."""

    bases: list[str]
    tokens: dict[str, str]
    timeout: float = 300
    server_errors: list[ServerError] = field(default_factory=list)
    answered_by: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    _turn: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._clients = {b: httpx.Client(base_url=b, timeout=30) for b in self.bases}

    def _next(self) -> str:
        with self._lock:
            self._turn += 1
            return self.bases[self._turn % len(self.bases)]

    def call(
        self,
        user: str,
        method: str,
        url: str,
        *,
        json: Any = None,
        expect: int = 200,
        took_effect: Callable[[], bool] | None = None,
        retry_conflict: bool = False,
    ) -> Any:
        """The JSON of the answer (status `expect`). A request cut off before its answer is
        sent again only when `took_effect` (asked then) says it did not take effect;
        otherwise (it did) None is returned. `retry_conflict`: a 409 "conflicts with data stored
        meanwhile" is sent again (counted in `conflicts`), as the answer asks."""
        deadline = time.monotonic() + self.timeout
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method} {url}: no answer within {self.timeout:.0f} s")
            base = self._next()
            try:
                response = self._clients[base].request(method, url, headers=headers, json=json)
            except NOT_SENT:
                time.sleep(RETRY_PAUSE)
                continue
            except CUT_OFF:
                time.sleep(RETRY_PAUSE)
                if method != "GET" and took_effect is not None:
                    with contextlib.suppress(Exception):
                        if self._settled(took_effect):
                            return None
                continue
            if response.status_code >= 500:
                with self._lock:
                    self.server_errors.append(
                        ServerError(
                            time.monotonic(),
                            base,
                            method,
                            url,
                            response.status_code,
                            response.text[:300],
                        )
                    )
                time.sleep(RETRY_PAUSE)
                continue
            with self._lock:
                self.answered_by[base] += 1
            if retry_conflict and response.status_code == 409 and "meanwhile" in response.text:
                with self._lock:
                    self.conflicts += 1
                time.sleep(RETRY_PAUSE)
                continue
            assert response.status_code == expect, (
                method,
                url,
                response.status_code,
                response.text,
            )
            return response.json()

    def _settled(self, took_effect: Callable[[], bool]) -> bool:
        """`took_effect()`, asked until it gets an answer (its own requests may fail too)."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                return took_effect()
            except (*NOT_SENT, *CUT_OFF, AssertionError):
                time.sleep(RETRY_PAUSE)
        raise TimeoutError("could not tell whether a request took effect")

    def get(self, user: str, url: str) -> Any:
        return self.call(user, "GET", url)

    def close(self) -> None:
        for client in self._clients.values():
            client.close()


def report(tag: str) -> dict[str, Any]:
    return {
        "unit": "sodermalm",
        "person": {"personnummer": "19121212-1212", "name": "Tolvan Tolvansson"},
        "reporter_type": "authority",
        "channel": "letter",
        "received_by": "Chaos",
        "received_on": SUITE_TODAY.isoformat(),
        "discovered_by": "Bankutdrag",
        "description": tag,  # finds the case when the answer to its POST was lost
        "period_from": f"{YEAR}-05",
        "period_to": f"{YEAR}-08",
        "estimated_amount": TOTAL,
    }


@dataclass
class Lifecycle:
    """One case from report to paid debt, through the JSON API."""

    http: Http
    db_url: str
    tag: str = field(default_factory=lambda: f"chaos-{uuid.uuid4().hex}")
    case_id: int | None = None
    step_timeout: float = 240

    def _case_by_tag(self) -> int | None:
        engine = sa.create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return conn.execute(
                    sa.text("SELECT case_id FROM incomingreport WHERE description = :d"),
                    {"d": self.tag},
                ).scalar()
        finally:
            engine.dispose()

    def _open_tasks(self, user: str) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = self.http.get(user, f"/api/tasks?case_id={self.case_id}")
        return [t for t in tasks if t["case_id"] == self.case_id]

    def task(self, step: str, user: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.step_timeout
        while time.monotonic() < deadline:
            found = next((t for t in self._open_tasks(user) if t["step"] == step), None)
            if found is not None:
                return found
            time.sleep(POLL_SECONDS)
        raise AssertionError(f"case {self.case_id}: no {step} task within {self.step_timeout} s")

    def complete(self, step: str, payload: dict[str, Any], user: str = "utredare") -> None:
        task = self.task(step, user)
        self.http.call(
            user,
            "POST",
            f"/api/tasks/{task['id']}/complete",
            json=payload,
            took_effect=lambda: all(t["id"] != task["id"] for t in self._open_tasks(user)),
        )

    def case(self) -> dict[str, Any]:
        result: dict[str, Any] = self.http.get("utredare", f"/api/cases/{self.case_id}")
        return result

    def run(self) -> None:
        created = self.http.call(
            "handlaggare",
            "POST",
            "/api/cases",
            json=report(self.tag),
            expect=201,
            took_effect=lambda: self._case_by_tag() is not None,
            # reports of one person registered at once (and a year's first reports) clash
            # on the person's or the case number sequence's row: 409, try again
            retry_conflict=True,
        )
        self.case_id = created["id"] if created is not None else self._case_by_tag()
        self.complete(
            "triage", {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "C"}
        )
        self.complete(
            "investigation",
            {
                "error_type": "undeclared_income",
                "detected_by": "Bankutdrag",
                "summary": "Chaos",
                "months": MONTHS,
            },
        )
        self.complete("client_reply", {"replied": False})
        self.complete("intent", {"assessment": "none", "motivation": "Misstag"})
        self.complete("decision_proposal", {"recover": True, "motivation": "Felaktigt"})
        self.complete("decision_approval", {"approve": True}, user="beslutsfattare")
        first_due = (SUITE_TODAY + timedelta(days=30)).isoformat()
        self.complete("repayment_plan", {"monthly_amount": TOTAL, "first_due_date": first_due})
        deadline = time.monotonic() + self.step_timeout
        while self.case()["stage"] != "repayment":
            assert time.monotonic() < deadline, f"case {self.case_id} never reached repayment"
            time.sleep(POLL_SECONDS)
        self.http.call(
            "ekonomi",
            "POST",
            f"/api/cases/{self.case_id}/payments",
            json={"amount": TOTAL, "paid_on": SUITE_TODAY.isoformat()},
            expect=201,
            took_effect=lambda: self.case()["debt"]["remaining"] < TOTAL,
        )
        while self.case()["stage"] != "closed":
            assert time.monotonic() < deadline, f"case {self.case_id} never closed"
            time.sleep(POLL_SECONDS)


def drive(lifecycles: list[Lifecycle]) -> dict[int, BaseException]:
    """Run the lifecycles at once, a thread each; returns what failed, by index."""
    failures: dict[int, BaseException] = {}

    def one(i: int, lifecycle: Lifecycle) -> None:
        try:
            lifecycle.run()
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            failures[i] = exc

    threads = [
        threading.Thread(target=one, args=(i, lc), daemon=True) for i, lc in enumerate(lifecycles)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures


def check_each_step_and_document_once(
    http: Http, lifecycles: list[Lifecycle], documents_dir: Path
) -> None:
    """Each case: every stage of its path in its history once, in order; every document
    kind once, served by the API as stored, and one file per document on disk."""
    for lc in lifecycles:
        case = lc.case()
        stages = [h["to_stage"] for h in case["history"]]
        assert stages == STAGES, (case["case_number"], stages)
        kinds = [d["kind"] for d in case["documents"]]
        assert sorted(kinds) == sorted(DOCUMENT_KINDS), (case["case_number"], kinds)
        files = sorted(p.name for p in (documents_dir / case["case_number"]).glob("*.docx"))
        assert len(files) == len(DOCUMENT_KINDS), (case["case_number"], files)
        for doc in case["documents"]:
            assert any(doc["sha256"][:12] in f and doc["kind"] in f for f in files), doc
            headers = {"Authorization": f"Bearer {http.tokens['utredare']}"}
            for base in http.bases:  # every API serves every document (shared storage)
                served = httpx.get(base + doc["url"], headers=headers, timeout=30)
                assert served.status_code == 200, (base, doc, served.text[:300])


@contextlib.contextmanager
def postgres_databases(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database for futflow and one for Prefect's server (dropped
    afterwards), as the environment of the processes; skips when there is no PostgreSQL
    that can hold Prefect's."""
    try:
        admin = request.getfixturevalue("postgres_admin_url")
    except RuntimeError as exc:
        pytest.skip(f"no PostgreSQL reachable: {exc}")
    if not postgres.serves_prefect(admin):
        pytest.skip("this PostgreSQL lacks pg_trgm, which Prefect's server needs")
    with postgres.instance_databases(admin, "fut_chaos") as databases:
        yield databases


# quick timers, dispatch and repairs: a dead run is judged 3 s after its last state
FAST = {
    "FUT_TODAY": SUITE_TODAY.isoformat(),
    "FUT_TIMER_INTERVAL_SECONDS": "0.5",
    "FUT_DISPATCH_INTERVAL_SECONDS": "0.5",
    "FUT_RECONCILE_INTERVAL_SECONDS": "2",
    "FUT_RUN_GRACE_SECONDS": "3",
    "FUT_RUN_START_TIMEOUT_SECONDS": "60",
}
