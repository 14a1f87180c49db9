"""/cases/{id}/documents/new: pick a kind of the catalogue, fill in what the case file lacks,
produce it with `produce_on_demand` (roles and units as the API)."""

from __future__ import annotations

import re

from sqlmodel import select

from fut.db import session_scope
from fut.models import Document


def documents(case_id: int, kind: str) -> list[Document]:
    with session_scope() as session:
        return list(
            session.exec(select(Document).where(Document.case_id == case_id, Document.kind == kind))
        )


REQUEST = {
    "kind": "begaran_uppgifter",
    "authority-name": "Försäkringskassan",
    "authority-address_lines": "Box 1164\r\n621 22 Visby",
    "requested": "utbetalda förmåner per månad\r\nbeslut om bostadsbidrag",
}


def test_the_first_step_lists_the_catalogue_in_swedish(browser, desk):
    case_id = desk.report()
    page = browser("utredare").get(f"/cases/{case_id}/documents/new")
    assert page.status_code == 200
    assert "Vilken handling vill du ta fram?" in page.text
    assert "Begäran om uppgifter från myndighet" in page.text
    assert "Efterkontroll av inkomster" in page.text
    assert 'name="kind" value="begaran_uppgifter"' in page.text


def test_the_second_step_asks_for_what_the_kind_needs(browser, desk):
    case_id = desk.report()
    page = browser("utredare").get(f"/cases/{case_id}/documents/new?kind=begaran_uppgifter")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Begäran om uppgifter från myndighet</h1>" in text
    assert "Myndigheten som får begäran" in text and 'for="f-authority-name"' in text
    assert 'for="f-authority-address_lines"' in text and "En adressrad per rad." in text
    assert 'for="f-requested"' in text and "De uppgifter som begärs" in text


def test_a_request_for_information_is_produced_and_the_case_page_is_next(browser, desk):
    case_id = desk.report()
    response = browser("utredare").form(f"/cases/{case_id}/documents/new", REQUEST)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/cases/{case_id}?klart=handling"
    [document] = documents(case_id, "begaran_uppgifter")
    assert document.created_by == "utredare"


def test_what_is_missing_is_named_beside_its_field_in_swedish_and_nothing_is_stored(browser, desk):
    case_id = desk.report()
    page = browser("chef").form(
        f"/cases/{case_id}/documents/new", {**REQUEST, "authority-name": ""}
    )
    assert page.status_code == 422
    assert re.search(r'id="f-authority-name"[^>]*aria-invalid="true"', page.text)
    assert "Fyll i namn." in page.text
    assert "lagrumsblocket" not in page.text  # what follows from the missing name is not said
    assert "Box 1164\n621 22 Visby" in page.text  # what was typed stays
    assert documents(case_id, "begaran_uppgifter") == []


def test_rows_of_incomes_are_added_without_javascript_and_amounts_are_checked(browser, desk):
    case_id = desk.report()
    utredare = browser("utredare")
    start = utredare.get(f"/cases/{case_id}/documents/new?kind=efterkontroll")
    assert "Lägg till inkomst" in start.text and 'name="incomes-0-source"' in start.text
    typed = {
        "kind": "efterkontroll",
        "incomes-count": "1",
        "incomes-0-source": "Exempel Logistik AB",
        "incomes-0-taxed": "62 400",
        "incomes-0-declared": "0",
    }
    added = utredare.form(f"/cases/{case_id}/documents/new", {**typed, "_action": "add:incomes"})
    assert added.status_code == 200
    assert 'name="incomes-1-source"' in added.text and 'value="62 400"' in added.text
    wrong = utredare.form(f"/cases/{case_id}/documents/new", {**typed, "incomes-0-taxed": "mycket"})
    assert wrong.status_code == 422
    assert "hela kronor" in wrong.text
    assert documents(case_id, "efterkontroll") == []
    produced = utredare.form(f"/cases/{case_id}/documents/new", typed)
    assert produced.status_code == 303, produced.text
    assert len(documents(case_id, "efterkontroll")) == 1


def test_what_only_the_case_file_gives_is_explained_at_the_top(browser, desk):
    case_id = desk.report()  # no decision yet: a decision on recovery has nothing to say
    page = browser("utredare").form(f"/cases/{case_id}/documents/new", {"kind": "beslut_aterkrav"})
    assert page.status_code == 422
    assert "Ärendet saknar ännu det här, som hämtas ur ärendet: lagrum" in page.text
    assert "beslutet; felaktig utbetalning månad för månad" in page.text
    assert documents(case_id, "beslut_aterkrav") == []


def test_an_unknown_kind_sends_back_to_the_list(browser, desk):
    case_id = desk.report()
    page = browser("utredare").get(f"/cases/{case_id}/documents/new?kind=finns_inte")
    assert page.status_code == 422 and "Välj en handling i listan." in page.text


def test_roles_and_units_are_the_apis(browser, desk):
    case_id = desk.report()
    assert browser("handlaggare").get(f"/cases/{case_id}/documents/new").status_code == 403
    assert browser("ekonomi").form(f"/cases/{case_id}/documents/new", REQUEST).status_code == 403
    norr = browser("utredare_norr")
    assert norr.get(f"/cases/{case_id}/documents/new").status_code == 404
    assert norr.form(f"/cases/{case_id}/documents/new", REQUEST).status_code == 404
    assert documents(case_id, "begaran_uppgifter") == []


def test_a_form_without_the_csrf_token_produces_nothing(browser, desk):
    case_id = desk.report()
    response = browser("utredare").post(
        f"/cases/{case_id}/documents/new", data=REQUEST, follow_redirects=False
    )
    assert response.status_code == 403
    assert documents(case_id, "begaran_uppgifter") == []


def test_what_the_form_cannot_ask_for_is_said_at_the_top(browser, desk):
    """An authority the catalogue does not know has no law block to cite: the page says what
    is lacking instead of failing."""
    case_id = desk.report()
    page = browser("utredare").form(
        f"/cases/{case_id}/documents/new", {**REQUEST, "authority-name": "Okända verket"}
    )
    assert page.status_code == 422
    assert "Handlingen saknar uppgifter som inte kan fyllas i här: namnet på lagrumsblocket" in (
        page.text
    )
    assert documents(case_id, "begaran_uppgifter") == []
