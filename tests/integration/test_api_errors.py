"""Bad input and forbidden acts get a 4xx with a reason and change nothing."""

from __future__ import annotations

import pytest

from tests.integration.conftest import REPORT, System


def count_cases(system: System) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(system.db_url)
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM fut_case")).scalar_one()
    engine.dispose()
    return int(n)


def test_every_endpoint_but_health_wants_a_token(system: System):
    assert system.call(None, "GET", "/health").status_code == 200
    for method, url in [
        ("GET", "/api/tasks"),
        ("GET", "/api/cases/1"),
        ("POST", "/api/cases"),
        ("POST", "/api/tasks/1/complete"),
    ]:
        response = system.call(None, method, url)
        assert response.status_code == 401, url
    bad = system.client.get("/api/tasks", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401 and "token" in bad.json()["detail"]


@pytest.mark.parametrize(
    "personnummer", ["19121212-1213", "191212121", "abcdefghij", "19121312-1212"]
)
def test_invalid_personnummer_is_refused_naming_the_field(system: System, personnummer):
    before = count_cases(system)
    response = system.call(
        "handlaggare",
        "POST",
        "/api/cases",
        json={**REPORT, "person": {"personnummer": personnummer, "name": "X"}},
    )
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "person", "personnummer"] in locs
    assert count_cases(system) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("received_on", "2026-13-01"),
        ("received_on", "2099-01-01"),
        ("period_from", "2025-13"),
        ("estimated_amount", -5),
    ],
)
def test_invalid_report_field_is_named(system: System, field, value):
    response = system.call("handlaggare", "POST", "/api/cases", json={**REPORT, field: value})
    assert response.status_code == 422, response.text
    assert any(field in e["loc"] for e in response.json()["detail"])


def test_samordningsnummer_and_short_form_are_accepted(system: System, new_case):
    created = new_case(person={"personnummer": "191403702390", "name": "Sam Samordning"})
    case = system.case(created["id"])
    assert case["person"]["kind"] == "samordningsnummer"
    assert case["person"]["personnummer"].endswith("-****")


def test_wrong_role_cannot_do_a_step(system: System, new_case):
    case_id = new_case()["id"]
    task = system.task(case_id, "triage")
    payload = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "x"}
    for user in ("handlaggare", "ekonomi", "beslutsfattare"):
        response = system.call(user, "POST", f"/api/tasks/{task['id']}/complete", json=payload)
        assert response.status_code == 403, user
        assert "utredare" in response.json()["detail"]
    response = system.call("handlaggare", "GET", "/api/tasks?role=utredare")
    assert response.status_code == 403


def test_claimed_task_is_conflict_for_others_and_done_task_for_all(system: System, new_case):
    case_id = new_case()["id"]
    task = system.task(case_id, "triage")
    claimed = system.ok("utredare2", "POST", f"/api/tasks/{task['id']}/claim")
    assert claimed["assignee"] == "utredare2"
    mine = system.ok("utredare2", "GET", "/api/tasks?mine=true")
    assert task["id"] in [t["id"] for t in mine]
    payload = {"outcome": "no_action", "priority": "low", "case_type": 1, "reason": "Liten"}
    other = system.call("utredare", "POST", f"/api/tasks/{task['id']}/complete", json=payload)
    assert other.status_code == 409
    assert system.call("utredare", "POST", f"/api/tasks/{task['id']}/claim").status_code == 409
    system.ok("utredare2", "POST", f"/api/tasks/{task['id']}/complete", json=payload)
    again = system.call("utredare2", "POST", f"/api/tasks/{task['id']}/complete", json=payload)
    assert again.status_code == 409 and "done" in again.json()["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {"outcome": "maybe", "priority": "high", "case_type": 2, "reason": "x"},
        {"outcome": "investigate", "priority": "high", "case_type": 7, "reason": "x"},
        {"outcome": "investigate", "priority": "high", "case_type": 2},
        [],
    ],
)
def test_invalid_payload_is_422_and_task_stays_open(system: System, new_case, payload):
    case_id = new_case()["id"]
    task = system.task(case_id, "triage")
    response = system.call("utredare", "POST", f"/api/tasks/{task['id']}/complete", json=payload)
    assert response.status_code == 422, response.text
    assert system.ok("utredare", "GET", f"/api/tasks/{task['id']}")["status"] == "open"


def test_task_shows_the_schema_of_its_payload(system: System, new_case):
    case_id = new_case()["id"]
    task = system.task(case_id, "triage")
    detail = system.ok("utredare", "GET", f"/api/tasks/{task['id']}")
    schema = detail["payload_schema"]
    assert set(schema["required"]) >= {"outcome", "priority", "case_type", "reason"}


def test_payment_needs_a_debt_and_a_positive_amount(system: System, new_case):
    case_id = new_case()["id"]
    response = system.call(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        json={"amount": 0, "paid_on": "2026-11-01"},
    )
    assert response.status_code == 422
    huge = system.call(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        json={"amount": 10**12, "paid_on": "2026-11-01"},
    )
    assert huge.status_code == 422
    response = system.call(
        "ekonomi",
        "POST",
        f"/api/cases/{case_id}/payments",
        json={"amount": 100, "paid_on": "2026-11-01"},
    )
    assert response.status_code == 409 and "debt" in response.json()["detail"]
    response = system.call(
        "handlaggare",
        "POST",
        f"/api/cases/{case_id}/payments",
        json={"amount": 100, "paid_on": "2026-11-01"},
    )
    assert response.status_code == 403


def test_user_of_another_unit_does_not_see_the_case(system: System, new_case):
    case_id = new_case()["id"]
    assert system.call("norr", "GET", f"/api/cases/{case_id}").status_code == 404
    tasks = system.ok("norr", "GET", "/api/tasks?role=utredare")
    assert case_id not in [t["case_id"] for t in tasks]
    assert system.call("utredare", "GET", "/api/cases/999999").status_code == 404


def test_ids_beyond_the_database_range_are_refused_not_crashed(system: System):
    huge = 10**25
    for method, url in [
        ("GET", f"/api/tasks/{huge}"),
        ("POST", f"/api/tasks/{huge}/claim"),
        ("GET", f"/api/cases/{huge}"),
        ("GET", f"/api/cases/1/documents/{huge}"),
    ]:
        response = system.call("chef", method, url)
        assert response.status_code == 422, (url, response.text)
