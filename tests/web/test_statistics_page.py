"""/statistics, "Statistik", and the statistics API: only a chef reads them, a chef of one
unit sees that unit's figures, the Excel workbook opens with its sheets and chart, a bad
year is refused with the reason, and neither holds personal data."""

from __future__ import annotations

import uuid
from datetime import timedelta
from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from fut.db import session_scope
from fut.models import AuditEvent, Case
from fut.services.statistics_excel import CONTENT_TYPE, SHEETS
from tests.services.test_use_cases import TRIAGE

INVESTIGATION = {
    "error_type": "undeclared_income",
    "detected_by": "Registerkontroll",
    "summary": "Inkomst som inte redovisats.",
    "months": [
        {"month": "2025-05", "granted_on": "2025-04-25", "paid": 9000, "undeclared_income": 4000}
    ],
}


def case_number(case_id: int) -> str:
    with session_scope() as session:
        return session.get(Case, case_id).case_number  # type: ignore[union-attr]


def a_unit() -> str:
    """A unit of the test's own: the page tests share one database."""
    return f"stat{uuid.uuid4().hex[:8]}"


def some_cases(desk, clock, unit: str) -> list[int]:
    """Four reports of `unit` this year, three of them investigated."""
    received = (clock.today - timedelta(days=20)).isoformat()
    ids = [desk.report(unit=unit, received_on=received) for _ in range(3)]
    ids.append(desk.report(unit=unit, reporter_type="anonymous", channel="phone"))
    for case_id in ids[:3]:
        desk.complete(case_id, "triage", TRIAGE, "utredare")
        desk.complete(case_id, "investigation", INVESTIGATION, "utredare")
    return ids


def api(app, token: str) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def test_chef_sees_the_years_figures_in_swedish_beside_the_queue_in_the_menu(browser, desk, clock):
    unit = a_unit()
    ids = some_cases(desk, clock, unit)
    page = browser("chef").get(f"/statistics?unit={unit}")
    assert page.status_code == 200
    html = page.text
    assert f"<h1>Statistik {clock.today.year}</h1>" in html
    assert 'href="/queue"' in html and 'href="/statistics" aria-current="page"' in html
    assert "Inkomna anmälningar" in html and "Påbörjade utredningar" in html
    assert "Inkomster som inte har redovisats" in html and "Registerkontroll" in html
    assert 'Eftergivet</th><td class="num">0 kr' in html
    assert "Anonym" in html and "Telefon" in html
    assert f"/statistics.xlsx?year={clock.today.year}&amp;unit={unit}" in html
    for case_id in ids:
        assert case_number(case_id) not in html
    assert "Tolvan" not in html and "19121212" not in html


def test_amounts_on_the_page_are_written_as_swedish_kronor(browser, desk, clock):
    from fut.rules.swedish_format import format_kr

    unit = a_unit()
    case_id = desk.report(unit=unit)
    desk.complete(case_id, "triage", TRIAGE, "utredare")
    desk.complete(case_id, "investigation", INVESTIGATION, "utredare")
    desk.complete(case_id, "client_reply", {"replied": False}, "utredare")
    desk.complete(case_id, "intent", {"assessment": "none", "motivation": "Skäl"}, "utredare")
    desk.complete(case_id, "decision_proposal", {"recover": True, "motivation": "Fel"}, "utredare")
    desk.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    html = browser("chef").get(f"/statistics?unit={unit}").text
    assert format_kr(4000) in html.replace("\u00a0", " ")


def test_only_a_chef_sees_the_page_and_the_menu_entry(app, browser, clock):
    for user in ("handlaggare", "utredare", "beslutsfattare", "ekonomi"):
        page = browser(user).get("/statistics")
        assert page.status_code == 403, user
        assert "Statistiken visas bara för chefer." in page.text
        assert 'href="/statistics"' not in page.text
        assert browser(user).get("/statistics.xlsx").status_code == 403
    with TestClient(app) as anonymous:
        response = anonymous.get("/statistics", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_a_chef_of_one_unit_sees_only_that_unit_and_another_unit_is_not_found(
    app, browser, desk, clock, web_database
):
    some_cases(desk, clock, "norrmalm")
    some_cases(desk, clock, "sodermalm")
    html = browser("chef_norr").get("/statistics").text
    assert "Du ser" not in html and "enheten norrmalm" in html and "sodermalm" not in html
    assert browser("chef_norr").get("/statistics?unit=sodermalm").status_code == 404
    year = {"year": clock.today.year}
    with api(app, web_database["chef"]) as client:
        norrmalm = client.get("/api/statistics", params={**year, "unit": "norrmalm"}).json()
    with api(app, web_database["chef_norr"]) as client:
        figures = client.get("/api/statistics", params=year).json()
        assert figures["units"] == ["norrmalm"] and figures["reports"]["total"] >= 4
        assert figures["reports"] == norrmalm["reports"]
        assert [u["unit"] for u in figures["per_unit"]] == ["norrmalm"]
        refused = client.get(
            "/api/statistics", params={"year": clock.today.year, "unit": "sodermalm"}
        )
        assert refused.status_code == 404


def test_api_answers_json_for_a_chef_and_403_for_others(app, desk, clock, web_database):
    unit = a_unit()
    some_cases(desk, clock, unit)
    with api(app, web_database["chef"]) as client:
        response = client.get("/api/statistics", params={"year": clock.today.year, "unit": unit})
    assert response.status_code == 200
    figures = response.json()
    assert figures["year"] == clock.today.year and figures["reports"]["total"] == 4
    assert figures["investigations"]["started"] == 3
    assert {
        "error_type": "undeclared_income",
        "detected_by": "Registerkontroll",
        "count": 3,
    }.items() <= figures["error_types"][0].items()
    assert figures["amounts"]["waived"] == 0
    with api(app, web_database["utredare"]) as client:
        assert client.get("/api/statistics", params={"year": clock.today.year}).status_code == 403


def test_a_bad_year_is_refused_with_422_naming_the_year(app, clock, web_database):
    with api(app, web_database["chef"]) as client:
        future = client.get("/api/statistics", params={"year": clock.today.year + 1})
        assert future.status_code == 422
        (error,) = future.json()["detail"]
        assert error["loc"] == ["query", "year"] and "current year" in error["msg"]
        assert client.get("/api/statistics", params={"year": "last"}).status_code == 422
        assert client.get("/api/statistics").status_code == 422
        assert client.get("/api/statistics.xlsx", params={"year": 1899}).status_code == 422
        assert client.get("/api/statistics", params={"year": 10**30}).status_code == 422
        control = {"year": clock.today.year, "unit": "norr\x00malm"}
        assert client.get("/api/statistics", params=control).status_code == 422
    with api(app, web_database["utredare"]) as client:  # the role is checked first
        assert client.get("/api/statistics", params={"year": 1899}).status_code == 403


def test_excel_workbook_has_a_sheet_per_table_and_a_chart_of_cases_per_month(
    app, desk, clock, web_database
):
    unit = a_unit()
    ids = some_cases(desk, clock, unit)
    with api(app, web_database["chef"]) as client:
        response = client.get(
            "/api/statistics.xlsx", params={"year": clock.today.year, "unit": unit}
        )
    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE
    disposition = response.headers["content-disposition"]
    assert f'filename="fut-statistik-{clock.today.year}.xlsx"' in disposition
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == list(SHEETS)
    overview = {row[0]: row[1] for row in book["Översikt"].iter_rows(values_only=True)}
    assert overview["År"] == clock.today.year and overview["Inkomna anmälningar"] == 4
    assert overview["Påbörjade utredningar"] == 3
    months = list(book["Per månad"].iter_rows(values_only=True))
    assert months[0] == (
        "Månad",
        "Inkomna anmälningar",
        "Påbörjade utredningar",
        "Avslutade ärenden",
    )
    assert len(months) == 13 and sum(row[1] for row in months[1:]) == 4
    (chart,) = book["Per månad"]._charts
    assert chart.tagname == "barChart" and len(chart.series) == 3
    feedback = list(book["Feltyp och upptäckt"].iter_rows(values_only=True))
    assert feedback[1] == ("Inkomster som inte har redovisats", "Registerkontroll", 3)
    amounts = {row[0]: row[1] for row in book["Belopp"].iter_rows(values_only=True)}
    assert amounts["Eftergivet"] == 0
    assert book["Belopp"]["B2"].number_format == '#,##0 "kr"'
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "Tolvan" not in cells and "19121212" not in cells
    assert all(case_number(case_id) not in cells for case_id in ids)


def test_the_reads_are_audited_without_a_case(app, browser, clock, web_database):
    browser("chef").get("/statistics")
    with api(app, web_database["chef"]) as client:
        client.get("/api/statistics.xlsx", params={"year": clock.today.year})
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "statistics_read")
        ).all()
    forms = {e.detail["form"] for e in events if e.actor == "chef"}
    assert {"page", "xlsx"} <= forms and all(e.case_id is None for e in events)


def test_every_table_has_a_caption_and_every_header_a_scope(browser, desk, clock):
    from tests.web.test_queue_page import Tables

    some_cases(desk, clock, a_unit())
    html = browser("chef").get("/statistics").text
    parser = Tables()
    parser.feed(html)
    assert len(parser.tables) >= 8
    for table in parser.tables:
        assert str(table["caption"]).strip(), table
        assert all(scope in {"col", "row"} for scope in table["th"]), table  # type: ignore[attr-defined]
    assert '<label for="year">År</label>' in html and '<label for="unit">Enhet</label>' in html
