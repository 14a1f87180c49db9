"""The invoice basis files over HTTP (CSV and Excel for ekonomi in the case's unit only), and
the eftergift task on the pages."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from fut.auth import create_user
from fut.clock import today
from fut.db import session_scope
from fut.models import Case
from tests.web.test_case_page import in_repayment


def api(app, token: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def test_ekonomi_downloads_the_case_and_the_months_invoice_basis(app, web_database, desk):
    case_id = in_repayment(desk)
    ekonomi = api(app, web_database["ekonomi"])
    response = ekonomi.get(f"/api/cases/{case_id}/invoice-basis.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Diarienummer" and "Konteringssträng" in rows[0]
    assert len(rows) > 2  # one row per installment still to pay
    first_due = rows[1][rows[0].index("Förfallodag")]
    excel = ekonomi.get(f"/api/cases/{case_id}/invoice-basis.xlsx")
    assert excel.status_code == 200
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert sheet.cell(row=1, column=1).value == "Diarienummer"
    assert sheet.max_row == len(rows)
    month = ekonomi.get(f"/api/finance/invoice-basis.csv?date={first_due}")
    assert month.status_code == 200
    assert rows[1][0] in month.content.decode("utf-8-sig")
    assert ekonomi.get(f"/api/finance/invoice-basis.xlsx?date={first_due}").status_code == 200


def test_other_roles_and_units_do_not_get_the_invoice_basis(app, web_database, desk):
    case_id = in_repayment(desk)
    url = f"/api/cases/{case_id}/invoice-basis.csv"
    assert api(app, web_database["utredare"]).get(url).status_code == 403
    assert (
        api(app, web_database["utredare"]).get("/api/finance/invoice-basis.csv").status_code == 403
    )
    with session_scope() as session:
        _, token = create_user(
            session, username="ekonomi_norr_fb", roles=["ekonomi"], units=["norrmalm"]
        )
    norr = api(app, token)
    assert norr.get(url).status_code == 404
    with session_scope() as session:
        number = session.get(Case, case_id).case_number  # type: ignore[union-attr]
    due = (today() + timedelta(days=30)).isoformat()  # the first installment's month
    ekonomi = api(app, web_database["ekonomi"]).get(f"/api/finance/invoice-basis.csv?date={due}")
    assert number in ekonomi.content.decode("utf-8-sig")
    month = norr.get(f"/api/finance/invoice-basis.csv?date={due}")
    assert month.status_code == 200 and number not in month.content.decode("utf-8-sig")


def test_the_eftergift_task_refuses_a_partial_waiver_without_amount_in_swedish(browser, desk):
    from fut.services import workflow

    case_id = in_repayment(desk)
    with session_scope() as session:
        item = workflow.open_item(session, case_id, "waiver", desk.actors["utredare"])
    page = browser("beslutsfattare")
    assert "Eftergift av skulden" in page.get(f"/tasks/{item.id}").text
    refused = page.form(
        f"/tasks/{item.id}", {"whole": "false", "reason": "Låg inkomst.", "motivation": "Inga."}
    )
    assert refused.status_code == 422
    assert "Fyll i hur mycket av skulden som efterges." in refused.text
    done = page.form(
        f"/tasks/{item.id}",
        {"whole": "false", "amount": "1000", "reason": "Låg inkomst.", "motivation": "Inga."},
    )
    assert done.status_code in (200, 303)
    html = browser("ekonomi").get(f"/cases/{case_id}").text
    assert "Eftergift" in html and "1 000 kr" in html
