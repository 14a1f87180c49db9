"""Ekonomi's page for the bank's file: upload it, see what was registered, work the queue."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import select

from fut.clock import today
from fut.db import session_scope
from fut.integrations.bgmax_writer import DepositSpec, Paid, write
from fut.lifecycle import Stage
from fut.models import Case, Debt, Payment, Person
from fut.rules.ocr import luhn_check_digit
from fut.services import cases
from fut.services.debts import debt_ocr

_people = itertools.count(700)
_serials = itertools.count(1)


def debt_case(amount: int = 9000) -> tuple[str, str]:
    """A case in repayment with a decided debt: (case number, OCR reference)."""
    with session_scope() as session:
        serial = f"850505{next(_people):03d}"
        person = Person(
            identity_number="19" + serial + luhn_check_digit(serial),
            identity_kind="personnummer",
            name="Betal Betalsson",
        )
        session.add(person)
        session.flush()
        number = cases.next_case_number(session, today().year)
        case = Case(
            case_number=number, unit="sodermalm", stage=Stage.REPAYMENT, person_id=person.id
        )
        session.add(case)
        session.flush()
        ocr = debt_ocr(number)
        session.add(Debt(case_id=case.id, amount=amount, decided_on=today(), ocr=ocr))
        return number, ocr


def paid_on_case(number: str) -> int:
    with session_scope() as session:
        amounts = session.exec(
            select(Payment.amount)
            .join(Debt, Debt.id == Payment.debt_id)
            .join(Case, Case.id == Debt.case_id)
            .where(Case.case_number == number)
        )
        return sum(amounts)


def bank_file(*payments: Paid) -> bytes:
    serial = next(_serials)
    return write(
        [DepositSpec(today(), serial, payments)],
        bankgiro="991-2346",
        written_at=datetime.combine(today(), datetime.min.time()) + timedelta(seconds=serial),
    )


def upload(page: Any, data: bytes) -> Any:
    return page.post(
        "/payments",
        data={"csrf_token": page.csrf},
        files={"file": ("bgmax.txt", data, "text/plain")},
        follow_redirects=False,
    )


def test_ekonomi_uploads_the_bank_file_and_sees_the_summary(browser, desk):
    number, ocr = debt_case()
    page = browser("ekonomi")
    assert "Inbetalningar" in page.get("/inbox").text
    response = upload(page, bank_file(Paid(ocr, 1500_00), Paid("", 75_00, payer="Okänd Person")))
    assert response.status_code == 200
    assert "Filen är inläst: 2 betalningar, 1 registrerade på skulder, 1 till kön" in response.text
    assert "Okänd Person" in response.text and "Betalningen har ingen referens" in response.text
    assert paid_on_case(number) == 1500


def test_same_file_uploaded_twice_says_it_was_read_already(browser, desk):
    number, ocr = debt_case()
    page = browser("ekonomi")
    data = bank_file(Paid(ocr, 100_00))
    upload(page, data)
    again = upload(page, data)
    assert "Filen är redan inläst den" in again.text and "Inget har lagts till." in again.text
    assert paid_on_case(number) == 100


def test_malformed_file_is_refused_naming_the_line(browser, desk):
    page = browser("ekonomi")
    data = bank_file(Paid("", 100_00)).replace(b"\r\n70", b"\r\n71")
    response = upload(page, data)
    assert response.status_code == 422
    assert "Filen avvisas och inget har ändrats: rad 5: okänd posttyp" in response.text


def test_ekonomi_assigns_a_queued_payment_to_a_case(browser, desk):
    number, _ = debt_case()
    page = browser("ekonomi")
    upload(page, bank_file(Paid("", 321_00, payer="Kvar I Kön")))
    listing = page.get("/payments").text
    row = listing.split("Kvar I Kön")[0].rsplit('id="betalning-', 1)[1].split('"')[0]
    wrong = page.form(f"/payments/unmatched/{row}/assign", {"case_number": "FUT-0-1"})
    assert wrong.status_code == 404 and "Inget ärende med beslutad skuld" in wrong.text
    done = page.form(f"/payments/unmatched/{row}/assign", {"case_number": number})
    assert done.status_code == 303
    assert "Betalningen är registrerad på skulden." in page.get(done.headers["location"]).text
    assert paid_on_case(number) == 321
    assert "Kvar I Kön" not in page.get("/payments").text


def test_returned_payment_leaves_the_queue(browser, desk):
    page = browser("ekonomi")
    upload(page, bank_file(Paid("", 42_00, payer="Skickas Tillbaka")))
    listing = page.get("/payments").text
    row = listing.split("Skickas Tillbaka")[0].rsplit('id="betalning-', 1)[1].split('"')[0]
    done = page.form(f"/payments/unmatched/{row}/returned", {})
    assert done.status_code == 303
    assert "Skickas Tillbaka" not in page.get("/payments").text


def test_only_ekonomi_has_the_page(browser, desk):
    page = browser("utredare")
    assert "/payments" not in page.get("/inbox").text
    assert page.get("/payments").status_code == 403


def test_upload_without_csrf_token_is_refused(browser, desk):
    page = browser("ekonomi")
    response = page.post(
        "/payments", files={"file": ("x.txt", b"01BGMAX", "text/plain")}, follow_redirects=False
    )
    assert response.status_code in (400, 403)


def test_api_imports_the_file_and_answers_the_same_file_with_already_imported(app, web_database):
    from fastapi.testclient import TestClient

    number, ocr = debt_case()
    data = bank_file(Paid(ocr, 250_00), Paid("", 10_00))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {web_database['ekonomi']}"}
        first = client.post("/api/payments/imports", headers=headers, files={"file": ("f", data)})
        assert first.status_code == 201, first.text
        assert (first.json()["registered"], first.json()["unmatched"]) == (1, 1)
        again = client.post("/api/payments/imports", headers=headers, files={"file": ("f", data)})
        assert again.status_code == 200 and again.json()["already_imported"] is True
        broken = client.post(
            "/api/payments/imports",
            headers=headers,
            files={"file": ("f", data.replace(b"SEK00000002", b"SEK00000003"))},
        )
        assert broken.status_code == 422
        (problem,) = broken.json()["detail"]
        assert problem["loc"] == ["body", "file"]
        assert problem["msg"].startswith("Filen avvisas och inget har ändrats: rad 5: ")
        queue = client.get("/api/payments/unmatched", headers=headers).json()
        mine = next(q for q in queue if q["amount_ore"] == 10_00)
        assigned = client.post(
            f"/api/payments/unmatched/{mine['id']}/assign",
            headers=headers,
            json={"case_number": number},
        )
        assert assigned.status_code == 201, assigned.text
        assert paid_on_case(number) == 260
        utredare = {"Authorization": f"Bearer {web_database['utredare']}"}
        assert client.get("/api/payments/unmatched", headers=utredare).status_code == 403
