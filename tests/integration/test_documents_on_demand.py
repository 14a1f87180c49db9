"""An investigator produces any document of the catalogue for a case, on demand."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import sqlalchemy as sa

from tests.integration.conftest import System
from tests.integration.docx_text import docx_text
from tests.integration.test_lifecycle import investigate

UNFILLED = re.compile(r"\{\{|\}\}|\{%|%\}|None|Undefined|\*\*|<br>")
FK = {"name": "Försäkringskassan", "address_lines": ["Box 1164", "621 22 Visby"]}
REQUEST = {
    "kind": "begaran_uppgifter",
    "authority": FK,
    "requested": ["utbetalda förmåner per månad", "beslut om bostadsbidrag"],
    "reply_by": "2026-12-21",
}


def produce(system: System, case_id: int, user: str = "utredare", **body: Any) -> Any:
    return system.call(user, "POST", f"/api/cases/{case_id}/documents", json=body)


def read(system: System, doc: dict[str, Any]) -> str:
    response = system.call("utredare", "GET", doc["url"])
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == doc["sha256"]
    return docx_text(response.content)


def audited(system: System, case_id: int, action: str) -> list[Any]:
    engine = sa.create_engine(system.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT actor, detail FROM auditevent WHERE case_id = :c AND action = :a"),
            {"c": case_id, "a": action},
        ).all()
    engine.dispose()
    return list(rows)


def test_catalogue_lists_every_kind_with_its_variables_and_what_to_send(system: System):
    templates = system.ok("handlaggare", "GET", "/api/templates")
    assert len(templates) == 24
    kinds = {t["kind"]: t for t in templates}
    assert all(t["variables"] and t["title"] and t["version"] >= 1 for t in templates)
    request = kinds["begaran_uppgifter"]
    assert {"authority", "requested"} <= set(request["needs"])
    assert "authority" in request["variables"] and "client" in request["variables"]
    assert kinds["beslut_aterkrav"]["needs"] == []  # all of it is in the case file
    assert system.call(None, "GET", "/api/templates").status_code == 401


def test_investigator_asks_an_authority_for_information_on_a_new_case(system: System, new_case):
    created = new_case()
    case_id = created["id"]
    response = produce(system, case_id, **REQUEST)
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["kind"] == "begaran_uppgifter"
    assert doc["url"] == f"/api/cases/{case_id}/documents/{doc['id']}"
    assert doc in system.case(case_id)["documents"]
    text = read(system, doc)
    assert "Försäkringskassan" in text and "621 22 Visby" in text
    assert "senast 21 december 2026" in text
    assert "maj 2025 till augusti 2025" in text  # the period the report named
    assert "15 kap. 10 § socialtjänstlagen (2025:400)" in text  # the law, by the authority
    assert created["case_number"] in text and "Tolvan Tolvansson" in text
    assert not UNFILLED.search(text), UNFILLED.search(text)

    corrected = produce(system, case_id, **{**REQUEST, "reply_by": "2026-12-28"})
    assert corrected.status_code == 201
    assert corrected.json()["id"] != doc["id"]  # a correction is a new document
    assert "28 december 2026" in read(system, corrected.json())
    assert len(system.case(case_id)["documents"]) == 2
    assert [actor for actor, _ in audited(system, case_id, "document_produced")] == [
        "utredare",
        "utredare",
    ]


def test_decision_before_the_investigation_is_refused_naming_what_is_missing(
    system: System, new_case
):
    case_id = new_case()["id"]
    response = produce(system, case_id, kind="beslut_aterkrav")
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    locs = [e["loc"] for e in errors]
    assert ["body", "months"] in locs
    assert ["body", "decision", "motivation"] in locs
    assert ["body", "decision", "decided_by"] in locs
    assert {e["type"] for e in errors} == {"missing"}
    assert system.case(case_id)["documents"] == []
    (_, detail), *_ = audited(system, case_id, "document_refused")
    assert detail["kind"] == "beslut_aterkrav" and "months" in detail["fields"]


def test_request_without_the_authority_names_it(system: System, new_case):
    case_id = new_case()["id"]
    body = {k: v for k, v in REQUEST.items() if k != "authority"}
    response = produce(system, case_id, **body)
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "authority"] in locs
    assert ["body", "legal_basis"] in locs  # known from the authority's name, when there is one
    assert system.case(case_id)["documents"] == []


def test_unknown_kind_and_fields_of_the_wrong_type_are_named(system: System, new_case):
    case_id = new_case()["id"]
    unknown = produce(system, case_id, kind="brev_till_tomten")
    assert unknown.status_code == 422
    assert "brev_till_tomten" in unknown.json()["detail"][0]["msg"]
    assert produce(system, case_id).status_code == 422  # no kind at all

    bad = produce(
        system, case_id, **{**REQUEST, "reply_by": "21/12", "requested": "allt", "case_number": "X"}
    )
    assert bad.status_code == 422, bad.text
    locs = [e["loc"] for e in bad.json()["detail"]]
    assert ["body", "reply_by"] in locs and ["body", "requested"] in locs
    assert ["body", "case_number"] in locs  # the case file's own data cannot be overridden
    assert system.case(case_id)["documents"] == []


def test_only_investigators_and_supervisors_produce_and_only_in_their_unit(
    system: System, new_case
):
    case_id = new_case()["id"]
    for user in ("handlaggare", "ekonomi", "beslutsfattare"):
        assert produce(system, case_id, user=user, **REQUEST).status_code == 403, user
    assert produce(system, case_id, user="norr", **REQUEST).status_code == 404
    assert produce(system, case_id, user="chef", **REQUEST).status_code == 201


def test_after_the_investigation_the_yearly_income_check_uses_the_case_file(
    system: System, new_case
):
    case_id = new_case()["id"]
    investigate(system, case_id)
    response = produce(
        system,
        case_id,
        kind="efterkontroll",
        incomes=[
            {"source": "Städbolaget AB", "taxed": 48000, "declared": 0},
            {"source": "Försäkringskassan", "taxed": "14800", "declared": 12500},
        ],
        reply_by="2027-01-15",
    )
    assert response.status_code == 201, response.text
    text = read(system, response.json())
    assert "Städbolaget AB | 48 000 kr | 0 kr | 48 000 kr" in text
    assert "Försäkringskassan | 14 800 kr | 12 500 kr | 2 300 kr" in text
    assert "maj 2025 till augusti 2025" in text and "år 2025" in text  # the investigated months
    assert "senast 15 januari 2027" in text
    assert "Utredare" in text  # the investigator is the contact person
    assert not UNFILLED.search(text)

    ability = produce(system, case_id, kind="kommunicering_betalningsformaga")
    assert ability.status_code == 422  # no decided debt yet
    error = ability.json()["detail"][0]
    assert error["loc"] == ["body", "debt"] and "case" in error["msg"]
    wrong = produce(system, case_id, kind="efterkontroll", incomes=[{"taxed": "mycket"}])
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "incomes", 0, "taxed"]
