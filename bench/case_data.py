"""A case file of a given size for benchmarks: cases in every stage, over three units,
with their reports (from every kind of reporter and channel), history (some with a police
report), open and done work items (the investigation's error type and how it was found),
months, documents (some notifications to other authorities and police investigations'
aftermath), debts, payments and audit trail — written straight into the tables (seconds for
10,000 cases), not through the services (which would take minutes). Identity numbers are
made-up but well-formed. `seed(..., year=Y)` puts every report in that year (up to today)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from fut.clock import now, today
from fut.enums import DebtStatus, WorkStatus
from fut.lifecycle import Stage
from fut.models import (
    AuditEvent,
    Case,
    Debt,
    Document,
    IncomingReport,
    OverpaidMonth,
    Payment,
    Person,
    StageHistory,
    WorkItem,
)
from fut.rules.applicable_law import recovery_citation
from fut.schemas import CHANNELS, REPORTER_TYPES
from fut.steps.investigation import ErrorType

UNITS = [("sodermalm", 4), ("norrmalm", 3), ("kungsholmen", 3)]
# where cases are: the open ones by stage, and closed ones
STAGES = [
    (Stage.TRIAGE, 15),
    (Stage.INVESTIGATION, 20),
    (Stage.CLIENT_REPLY, 10),
    (Stage.INTENT, 5),
    (Stage.DECISION_PROPOSAL, 5),
    (Stage.DECISION_APPROVAL, 5),
    (Stage.REPAYMENT_PLAN, 5),
    (Stage.REPAYMENT, 15),
    (Stage.CLOSED, 20),
]
PATH = [
    Stage.REGISTERED,
    Stage.TRIAGE,
    Stage.INVESTIGATION,
    Stage.COMMUNICATION,
    Stage.CLIENT_REPLY,
    Stage.INTENT,
    Stage.DECISION_PROPOSAL,
    Stage.DECISION_APPROVAL,
    Stage.DECISION,
    Stage.REPAYMENT_PLAN,
    Stage.REPAYMENT,
    Stage.CLOSED,
]
DETECTED_BY = ["Bankutdrag", "Registerkontroll", "SSBTEK", "Efterkontroll", "Tips", "Kontoutdrag"]
HUMAN = {
    Stage.TRIAGE,
    Stage.INVESTIGATION,
    Stage.CLIENT_REPLY,
    Stage.INTENT,
    Stage.DECISION_PROPOSAL,
    Stage.DECISION_APPROVAL,
    Stage.REPAYMENT_PLAN,
}


def _luhn(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def identity_number(i: int) -> str:
    """A well-formed personnummer (12 digits) for person `i`, born 1950–1999."""
    born = date(1950, 1, 1) + timedelta(days=(i * 7919) % (50 * 365))
    serial = f"{(i % 997) + 1:03d}"
    nine = f"{born:%y%m%d}{serial}"
    return f"{born:%Y%m%d}{serial}{_luhn(nine)}"


def _pick(weights: list[tuple[Any, int]], rnd: random.Random) -> Any:
    return rnd.choices([w[0] for w in weights], [w[1] for w in weights])[0]


def _received(rnd: random.Random, day: date, year: int | None) -> date:
    if year is None:
        return day - timedelta(days=rnd.randint(1, 400))
    first, last = date(year, 1, 1), min(date(year, 12, 31), day)
    return first + timedelta(days=rnd.randint(0, (last - first).days))


def seed(
    engine: Engine,
    cases: int,
    user_ids: dict[str, int],
    seed_value: int = 7,
    *,
    year: int | None = None,
) -> dict[str, int]:
    """Write `cases` cases (received in `year`, else over the last 400 days); returns the
    row counts written per table."""
    rnd = random.Random(seed_value)
    moment, day = now(), today()
    investigators = [uid for name, uid in user_ids.items() if name.startswith("utredare")]
    registrar = user_ids["handlaggare"]
    rows: dict[str, list[dict[str, Any]]] = {
        t: []
        for t in (
            "person",
            "case",
            "report",
            "history",
            "item",
            "month",
            "document",
            "debt",
            "payment",
            "audit",
        )
    }
    with engine.begin() as conn:
        first_person = (
            conn.execute(sa.select(sa.func.coalesce(sa.func.max(Person.id), 0))).scalar_one() + 1
        )  # type: ignore[arg-type]
        first_case = (
            conn.execute(sa.select(sa.func.coalesce(sa.func.max(Case.id), 0))).scalar_one() + 1
        )  # type: ignore[arg-type]
    for n in range(cases):
        person_id, case_id = first_person + n, first_case + n
        unit = _pick(UNITS, rnd)
        stage = _pick(STAGES, rnd)
        received = _received(rnd, day, year)
        created = moment - (day - received)
        rows["person"].append(
            {
                "id": person_id,
                "identity_number": identity_number(person_id),
                "identity_kind": "personnummer",
                "name": f"Person {person_id}",
                "address": "Exempelgatan 1",
                "created_at": created,
            }
        )
        rows["case"].append(
            {
                "id": case_id,
                "case_number": f"FUT-{received.year}-{case_id:05d}",
                "unit": unit,
                "stage": stage,
                "priority": rnd.choice(["high", "normal", "low"]),
                "case_type": rnd.choice([1, 2, 3]),
                "person_id": person_id,
                "flow_generation": 0,
                "created_at": created,
                "updated_at": created,
                "closed_at": moment if stage == Stage.CLOSED else None,
            }
        )
        rows["report"].append(
            {
                "case_id": case_id,
                "reporter_type": rnd.choice(list(REPORTER_TYPES)),
                "reporter_name": "",
                "channel": rnd.choice(list(CHANNELS)),
                "received_by": "Bench",
                "received_on": received,
                "discovered_by": "Bankutdrag",
                "description": "Lön som inte redovisats.",
                "period_from": "2025-05",
                "period_to": "2025-08",
                "estimated_amount": rnd.randint(5, 200) * 1000,
                "measures_taken": "",
                "ongoing": False,
                "still_on_assistance": True,
                "evidence_at_risk": False,
                "attachments": [],
                "registered_by": registrar,
                "registered_at": created,
            }
        )
        reached = PATH[: PATH.index(stage) + 1]
        police = Stage.DECISION in reached and rnd.random() < 0.25
        if police:
            after = reached.index(Stage.DECISION) + 1
            reached = [*reached[:after], Stage.POLICE_REPORT, *reached[after:]]
        for i, to_stage in enumerate(reached):
            rows["history"].append(
                {
                    "case_id": case_id,
                    "from_stage": reached[i - 1] if i else None,
                    "to_stage": to_stage,
                    "actor": "bench",
                    "reason": "",
                    "at": created + timedelta(days=i),
                }
            )
        for i, done_stage in enumerate(s for s in reached[:-1] if s in HUMAN):
            rows["item"].append(
                {
                    "case_id": case_id,
                    "step": done_stage,
                    "assignee_id": rnd.choice(investigators),
                    "status": WorkStatus.DONE,
                    "due_at": created + timedelta(days=30 + i),
                    "created_at": created,
                    "completed_at": created + timedelta(days=i + 1),
                    "completed_by": "bench",
                    "payload": {
                        "error_type": rnd.choice(list(ErrorType)).value,
                        "detected_by": rnd.choice(DETECTED_BY),
                    }
                    if done_stage == Stage.INVESTIGATION
                    else {},
                }
            )
        if stage in HUMAN:
            claimed = rnd.random() < 0.3
            rows["item"].append(
                {
                    "case_id": case_id,
                    "step": stage,
                    "assignee_id": rnd.choice(investigators)
                    if claimed and stage != Stage.DECISION_APPROVAL
                    else None,
                    "status": WorkStatus.OPEN,
                    "due_at": moment + timedelta(days=rnd.randint(-60, 90)),
                    "created_at": moment - timedelta(days=rnd.randint(0, 120)),
                    "completed_at": None,
                    "completed_by": None,
                    "payload": None,
                }
            )
        investigated = PATH.index(stage) > PATH.index(Stage.INVESTIGATION)
        if investigated:
            for m in (5, 6, 7, 8):
                paid_on = date(2025, m, 25)
                rows["month"].append(
                    {
                        "case_id": case_id,
                        "month": f"2025-{m:02d}",
                        "paid": 9000,
                        "undeclared_income": 4000,
                        "correct": 5000,
                        "overpaid": 4000,
                        "already_corrected": 0,
                        "reason": "Lön",
                        "payment_date": paid_on,
                        "granted_on": paid_on - timedelta(days=5),
                        "resources": [],
                        "law": recovery_citation(paid_on, "incorrect_information"),
                    }
                )
            kinds = ["kommunicering", "beslut_aterkrav"][
                : 1 + (stage in (Stage.REPAYMENT, Stage.REPAYMENT_PLAN, Stage.CLOSED))
            ]
            if police:
                kinds += ["polisanmalan"] + (["information_nedlagd_fu"] * (rnd.random() < 0.4))
            if rnd.random() < 0.05:
                kinds.append("underrattelse_annan_myndighet")
            for kind in kinds:
                rows["document"].append(
                    {
                        "case_id": case_id,
                        "kind": kind,
                        "title": kind,
                        "template_version": "bench",
                        "sha256": "0" * 64,
                        "path": f"bench/{case_id}-{kind}.docx",
                        "idempotency_key": f"bench-{kind}",
                        "created_by": "system",
                        "created_at": created + timedelta(days=3),
                    }
                )
        if stage in (Stage.REPAYMENT, Stage.CLOSED) and investigated:
            rows["debt"].append(
                {
                    "id": case_id,
                    "case_id": case_id,
                    "amount": 16000,
                    "decided_on": received,
                    "status": DebtStatus.PAID if stage == Stage.CLOSED else DebtStatus.OPEN,
                    "recovery_route": None,
                    "created_at": created,
                }
            )
            for k in range(rnd.randint(0, 6)):
                rows["payment"].append(
                    {
                        "debt_id": case_id,
                        "amount": 2000,
                        "paid_on": received + timedelta(days=30 * (k + 1)),
                        "reference": f"OCR{case_id}{k}",
                        "registered_by": "ekonomi",
                        "registered_at": created + timedelta(days=30 * (k + 1)),
                    }
                )
        for k in range(10):
            rows["audit"].append(
                {
                    "at": created + timedelta(hours=k),
                    "actor": "bench",
                    "action": "case_read",
                    "case_id": case_id,
                    "entity": "case",
                    "entity_id": None,
                    "detail": {},
                }
            )
    tables = {
        "person": Person,
        "case": Case,
        "report": IncomingReport,
        "history": StageHistory,
        "item": WorkItem,
        "month": OverpaidMonth,
        "document": Document,
        "debt": Debt,
        "payment": Payment,
        "audit": AuditEvent,
    }
    with engine.begin() as conn:
        for name, model in tables.items():
            table = model.__table__  # type: ignore[attr-defined]
            for start in range(0, len(rows[name]), 5000):
                conn.execute(sa.insert(table), rows[name][start : start + 5000])
        if engine.dialect.name == "postgresql":
            for model in (Person, Case, Debt):
                table_name = model.__tablename__  # type: ignore[attr-defined]
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                        f"(SELECT max(id) FROM {table_name}))"
                    )
                )
            conn.execute(sa.text("ANALYZE"))
    return {name: len(r) for name, r in rows.items()}
