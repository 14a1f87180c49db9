"""/cases/{id}/payments/new: finance registers a payment on the decided debt."""

from __future__ import annotations

from fut.clock import today
from fut.db import session_scope
from fut.lifecycle import Stage
from fut.services import case_view
from tests.integration.test_lifecycle import TOTAL
from tests.web.conftest import Desk
from tests.web.test_task_forms import stage_of, to_decision_approval


def with_debt(desk: Desk) -> int:
    case_id = to_decision_approval(desk)
    desk.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    assert stage_of(case_id) == Stage.REPAYMENT_PLAN
    return case_id


def payments_of(desk: Desk, case_id: int, user: str = "ekonomi") -> list[tuple[int, str, str]]:
    with session_scope() as session:
        case = case_view.read_case(session, desk.actors[user], case_id)  # type: ignore[arg-type]
    assert case.debt is not None
    return [(p.amount, p.paid_on.isoformat(), p.reference) for p in case.debt.payments]


def test_finance_registers_a_payment_and_it_shows_on_the_case(browser, desk):
    case_id = with_debt(desk)
    ekonomi = browser("ekonomi")
    page = ekonomi.get(f"/cases/{case_id}/payments/new")
    assert page.status_code == 200
    total = f"{TOTAL:,}".replace(",", " ") + " kr"
    assert total in page.text  # the debt, and what remains, in Swedish
    assert f'value="{today().isoformat()}"' in page.text  # paid today, unless changed
    assert 'for="f-amount"' in page.text and 'inputmode="numeric"' in page.text

    paid_on = today().isoformat()
    response = ekonomi.form(
        f"/cases/{case_id}/payments/new",
        {"amount": "1 500", "paid_on": paid_on, "reference": "OCR 123"},
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/cases/{case_id}?klart=betalning"
    assert payments_of(desk, case_id) == [(1500, paid_on, "OCR 123")]
    again = ekonomi.get(f"/cases/{case_id}/payments/new").text
    assert "Registrerade betalningar" in again and "1 500 kr" in again


def test_a_zero_amount_and_a_bad_date_are_refused_beside_their_fields(browser, desk):
    case_id = with_debt(desk)
    page = browser("ekonomi").form(
        f"/cases/{case_id}/payments/new", {"amount": "0", "paid_on": "3000-01-01"}
    )
    assert page.status_code == 422
    assert "Beloppet måste vara större än 0 kr." in page.text
    assert "Datumet får inte vara efter 31 december 2100." in page.text
    assert 'aria-invalid="true"' in page.text and 'value="3000-01-01"' in page.text
    assert payments_of(desk, case_id) == []


def test_a_case_without_a_decided_debt_says_so_and_offers_no_form(browser, desk):
    case_id = desk.report()
    ekonomi = browser("ekonomi")
    page = ekonomi.get(f"/cases/{case_id}/payments/new")
    assert page.status_code == 200
    assert "ingen beslutad skuld" in page.text and "Registrera betalningen" not in page.text
    posted = ekonomi.form(
        f"/cases/{case_id}/payments/new", {"amount": "100", "paid_on": today().isoformat()}
    )
    assert posted.status_code == 409 and "ingen beslutad skuld" in posted.text


def test_roles_and_units_are_the_apis(browser, desk):
    case_id = with_debt(desk)
    data = {"amount": "100", "paid_on": today().isoformat()}
    assert browser("handlaggare").get(f"/cases/{case_id}/payments/new").status_code == 403
    assert browser("beslutsfattare").form(f"/cases/{case_id}/payments/new", data).status_code == 403
    norr = browser("utredare_norr")
    assert norr.get(f"/cases/{case_id}/payments/new").status_code == 404
    assert norr.form(f"/cases/{case_id}/payments/new", data).status_code == 404
    assert payments_of(desk, case_id) == []


def test_a_form_without_the_csrf_token_registers_nothing(browser, desk):
    case_id = with_debt(desk)
    response = browser("ekonomi").post(
        f"/cases/{case_id}/payments/new",
        data={"amount": "100", "paid_on": today().isoformat()},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert payments_of(desk, case_id) == []
