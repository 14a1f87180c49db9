"""Bad input is a 422 naming the field, and never poisons a case: nothing is stored, and the
case (and its task) still reads afterwards. Dates are relative to futflow's clock or far away
from any today (years 1899, 2101, 9999)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from fut.clock import today
from fut.rules.assistance_month import month_of
from fut.rules.deadlines import add_period
from tests.integration.conftest import REPORT, System
from tests.integration.test_lifecycle import decide_recovery

TRIAGE = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Stort belopp"}
INVESTIGATION: dict[str, Any] = {
    "error_type": "undeclared_work",
    "detected_by": "Bankutdrag",
    "summary": "Lön har inte redovisats.",
    "months": [
        {"month": "2019-05", "granted_on": "2019-04-25", "paid": 9000, "undeclared_income": 4000}
    ],
}


def count(system: System, table: str) -> int:
    engine = sa.create_engine(system.db_url)
    with engine.connect() as conn:
        n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(n)


def raw(system: System, user: str, method: str, url: str, body: str) -> Any:
    """Send `body` as it is: JSON with NaN/Infinity literals, which Python's json reads."""
    return system.call(
        user, method, url, content=body.encode(), headers={"content-type": "application/json"}
    )


def locs(response: Any) -> list[list[Any]]:
    return [e["loc"] for e in response.json()["detail"]]


def refuses_report(system: System, body: str | dict[str, Any], *loc: Any) -> dict[str, Any]:
    """POST the report: a 422 naming `loc`, and no case stored."""
    before = count(system, "fut_case")
    if isinstance(body, dict):
        response = system.call("handlaggare", "POST", "/api/cases", json=body)
    else:
        response = raw(system, "handlaggare", "POST", "/api/cases", body)
    assert response.status_code == 422, response.text
    assert ["body", *loc] in locs(response), response.text
    assert count(system, "fut_case") == before
    return response.json()


def refuses_completion(system: System, task_id: int, body: str | dict[str, Any], *loc: Any):
    """POST the task's completion: a 422 naming `loc`; the task stays open, the case reads."""
    url = f"/api/tasks/{task_id}/complete"
    if isinstance(body, dict):
        response = system.call("utredare", "POST", url, json=body)
    else:
        response = raw(system, "utredare", "POST", url, body)
    assert response.status_code == 422, response.text
    assert locs(response) == [["body", *loc]], response.text
    task = system.ok("utredare", "GET", f"/api/tasks/{task_id}")
    assert task["status"] == "open"
    system.case(task["case_id"])


def next_month() -> str:
    return month_of(add_period(today(), months=1))


@pytest.fixture(scope="module")
def case_id(system: System) -> int:
    """One case at triage for the tests that send bad input about a case (each case is a flow
    run: a few of them keep this module light on a small machine)."""
    return system.ok("handlaggare", "POST", "/api/cases", status=201, json=REPORT)["id"]


@pytest.fixture(scope="module")
def investigation_task(system: System) -> dict[str, Any]:
    """The open investigation task of a case: one task refuses every bad month in turn."""
    created = system.ok("handlaggare", "POST", "/api/cases", status=201, json=REPORT)
    system.complete(created["id"], "triage", TRIAGE)
    return system.task(created["id"], "investigation")


def count_months(system: System, case_id: int) -> int:
    engine = sa.create_engine(system.db_url)
    with engine.connect() as conn:
        n = conn.execute(
            sa.text("SELECT count(*) FROM overpaidmonth WHERE case_id = :id"), {"id": case_id}
        ).scalar_one()
    engine.dispose()
    return int(n)


# --- the repayment plan (first: its case goes through the flow run's communication step) --
def test_repayment_plan_with_a_date_in_year_9999_or_nan_is_a_422(system: System, new_case):
    case_id = new_case()["id"]
    decide_recovery(system, case_id)
    task = system.task(case_id, "repayment_plan")
    due = add_period(today(), months=1).isoformat()
    refuses_completion(
        system,
        task["id"],
        {"monthly_amount": 1000, "first_due_date": "9999-12-31"},
        "first_due_date",
    )
    refuses_completion(
        system,
        task["id"],
        f'{{"monthly_amount": NaN, "first_due_date": "{due}"}}',
        "monthly_amount",
    )
    assert system.case(case_id)["debt"]["plan"] is None


# --- a report about the future ----------------------------------------------------------------
def test_report_with_period_in_the_future_is_refused_naming_the_field(system: System):
    body = refuses_report(system, {**REPORT, "period_to": next_month()}, "period_to")
    assert "future" in body["detail"][0]["msg"]
    both = refuses_report(
        system, {**REPORT, "period_from": next_month(), "period_to": next_month()}, "period_from"
    )
    assert ["body", "period_to"] in locs_of(both)


def test_ongoing_report_naming_the_current_month_is_accepted_and_reads(system: System, new_case):
    """An error that still goes on is reported up to the current month; the case and its
    triage task (with the rules' proposal) read as any other."""
    current = month_of(today())
    case_id = new_case(
        period_from=current,
        period_to=current,
        ongoing=True,
        received_on=today().isoformat(),
        description="Rad ett.\nRad två.\r\n\tIndrag.",  # free text keeps its line breaks
    )["id"]
    report = system.case(case_id)["report"]
    assert report["period_to"] == current
    assert report["description"] == "Rad ett.\nRad två.\r\n\tIndrag."
    task = system.task(case_id, "triage")
    proposal = system.ok("utredare", "GET", f"/api/tasks/{task['id']}")["proposal"]
    assert proposal["case_type"] == 1 and proposal["stop_payment"] is True


def locs_of(body: dict[str, Any]) -> list[list[Any]]:
    return [e["loc"] for e in body["detail"]]


# --- NaN and Infinity ---------------------------------------------------------------------------
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_amount_is_a_422(system: System, literal: str):
    body = json.dumps({**REPORT, "estimated_amount": 0}).replace(
        '"estimated_amount": 0', f'"estimated_amount": {literal}'
    )
    refuses_report(system, body, "estimated_amount")


def test_nan_in_a_payment_or_a_step_payload_is_a_422(system: System, case_id: int):
    before = count(system, "payment")
    response = raw(
        system,
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        '{"amount": NaN, "paid_on": "2019-06-01"}',
    )
    assert response.status_code == 422, response.text
    assert locs(response) == [["body", "amount"]]
    assert count(system, "payment") == before
    task = system.task(case_id, "triage")
    body = json.dumps(TRIAGE).replace('"case_type": 2', '"case_type": Infinity')
    refuses_completion(system, task["id"], body, "case_type")


# --- dates outside 1900-2100 ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("period_to", "9999-12"),
        ("period_from", "1899-12"),
        ("received_on", "9999-12-31"),
        ("received_on", "1899-12-31"),
    ],
)
def test_report_date_outside_1900_to_2100_is_a_422(system: System, field: str, value: str):
    refuses_report(system, {**REPORT, field: value}, field)


def test_payment_date_in_year_9999_is_a_422(system: System, case_id: int):
    before = count(system, "payment")
    response = system.call(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        json={"amount": 100, "paid_on": "9999-12-31"},
    )
    assert response.status_code == 422, response.text
    assert locs(response) == [["body", "paid_on"]]
    assert count(system, "payment") == before
    system.case(case_id)


@pytest.mark.parametrize(
    ("month", "loc"),
    [
        ({"month": "9999-12", "paid": 9000, "granted_on": "2019-04-25"}, ("month",)),
        (
            {
                "month": "2019-05",
                "paid": 9000,
                "payment_date": "9999-12-31",
                "granted_on": "2019-04-25",
            },
            ("payment_date",),
        ),
        ({"month": "2019-05", "paid": "NaN", "granted_on": "2019-04-25"}, ("paid",)),
        (
            {"month": "2019-05", "paid": 9000, "reason": "fel\x00", "granted_on": "2019-04-25"},
            ("reason",),
        ),
        ({"month": "2019-05", "paid": 9000, "granted_on": "9999-12-31"}, ("granted_on",)),
        ({"month": "2019-05", "paid": 9000}, ("granted_on",)),  # the grant date decides the law
    ],
)
def test_investigation_month_out_of_range_is_a_422_and_the_task_stays_open(
    system: System, investigation_task: dict[str, Any], month: dict[str, Any], loc: tuple[str, ...]
):
    body: str | dict[str, Any] = {**INVESTIGATION, "months": [month]}
    if month["paid"] == "NaN":
        body = json.dumps({**INVESTIGATION, "months": [{**month, "paid": 0}]}).replace(
            '"paid": 0', '"paid": NaN'
        )
    refuses_completion(system, investigation_task["id"], body, "months", 0, *loc)
    assert count_months(system, investigation_task["case_id"]) == 0


# --- control characters -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Tolvan\x00", "Tol\x1bvan", "Tolvan\nTolvansson", "To\x85lvan"])
def test_control_character_in_name_is_a_422(system: System, name: str):
    person = {**REPORT["person"], "name": name}
    refuses_report(system, {**REPORT, "person": person}, "person", "name")


@pytest.mark.parametrize(
    ("field", "value"),
    [("received_by", "Hanna\tH"), ("unit", "sodermalm\x00"), ("description", "Lön\x07")],
)
def test_control_character_in_a_report_field_is_a_422(system: System, field: str, value: str):
    refuses_report(system, {**REPORT, field: value}, field)


def test_control_character_in_a_payment_reference_or_a_step_text_is_a_422(
    system: System, case_id: int
):
    before = count(system, "payment")
    response = system.call(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        json={"amount": 100, "paid_on": "2019-06-01", "reference": "OCR\x00123"},
    )
    assert response.status_code == 422, response.text
    assert locs(response) == [["body", "reference"]]
    assert count(system, "payment") == before
    task = system.task(case_id, "triage")
    refuses_completion(system, task["id"], {**TRIAGE, "reason": "Stort\x00belopp"}, "reason")


# --- documents on demand ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ('{"kind": "begaran_uppgifter", "reply_by": "9999-12-31"}', ["body", "reply_by"]),
        ('{"kind": "begaran_uppgifter", "requested": ["a\\u0000b"]}', ["body", "requested", 0]),
        ('{"kind": "begaran_uppgifter", "period_from": "9999-12"}', ["body", "period_from"]),
        (
            '{"kind": "efterkontroll", "incomes": [{"source": "AB", "taxed": NaN}]}',
            ["body", "incomes", 0, "taxed"],
        ),
    ],
)
def test_bad_value_in_a_document_request_is_a_422_and_stores_nothing(
    system: System, case_id: int, body: str, loc: list[Any]
):
    before = count(system, "document")
    response = raw(system, "utredare", "POST", f"/api/cases/{case_id}/documents", body)
    assert response.status_code == 422, response.text
    assert loc in locs(response), response.text
    assert count(system, "document") == before
    system.case(case_id)
