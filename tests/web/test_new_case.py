"""Ny anmälan (/cases/new): every field of the report, errors in Swedish beside their
fields with what was typed kept, rows added without JavaScript, access as the API's."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

from sqlmodel import func, select

from fut.db import session_scope
from fut.models import Case, CaseMember, IncomingReport, Person
from fut.rules.assistance_month import month_of

FORM: dict[str, Any] = {
    "unit": "sodermalm",
    "person-personnummer": "19121212-1212",
    "person-name": "Tolvan Tolvansson",
    "person-address": "Testgatan 1, 118 20 Exempelby",
    "reporter_type": "authority",
    "reporter_name": "Försäkringskassan",
    "channel": "letter",
    "received_by": "Hanna Handläggare",
    "discovered_by": "Bankutdrag visade lön från en städfirma",
    "description": "Klienten har haft lön som inte redovisats.",
    "period_from": "2025-05",
    "period_to": "2025-08",
    "estimated_amount": "24 000",
    "household-count": "1",
}


def form(clock: Any, **changes: Any) -> dict[str, Any]:
    return {**FORM, "received_on": clock.today.isoformat(), **changes}


def case_count() -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(Case)).one()


def field_error(page: str, key: str) -> str:
    """The error shown beside field `key`, as text."""
    found = re.search(
        rf'<p class="field-error" id="f-{re.escape(key)}--error">(.*?)</p>', page, re.S
    )
    assert found, f"no error beside {key}"
    shown = found.group(1).replace('<span class="visually-hidden">Fel: </span>', "")
    return html.unescape(re.sub(r"<[^>]+>", "", shown)).strip()


def input_tag(page: str, key: str) -> str:
    found = re.search(rf'<(input|select|textarea)[^>]* id="f-{re.escape(key)}"[^>]*>', page)
    assert found, f"no field {key}"
    return found.group(0)


def test_every_input_of_the_form_has_a_label(browser):
    page = browser("handlaggare").get("/cases/new")
    assert page.status_code == 200
    text = page.text
    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', text)
    assert len(ids) >= 20
    for key in ids:
        assert f'<label for="{key}">' in text, key
    for label in (
        "Enhet", "Personnummer", "Namn", "Adress", "Anmälare (typ)", "Anmälarens namn",
        "Hur anmälan kom in", "Mottagen av", "Mottagen den", "Hur felet upptäcktes",
        "Beskrivning", "Period från (månad)", "Period till (månad)", "Uppskattat belopp (kr)",
        "Vidtagna åtgärder", "Pågående", "Har fortfarande bistånd",
        "Bevis riskerar att gå förlorade", "Bilagor", "Hushållsmedlem 1",
    ):  # fmt: skip
        assert label in text, label
    assert '<option value="own_staff">Egen personal</option>' in text
    assert '<option value="register_check">Registerkontroll</option>' in text
    assert 'value="Handlaggare"' in text  # received by: the one logged in
    assert re.search(r'id="f-still_on_assistance"[^>]* checked', text)


def test_a_report_registers_the_case_and_goes_to_its_page(browser, clock):
    handlaggare = browser("handlaggare")
    data = form(
        clock,
        **{
            "household-0-personnummer": "201001012382",
            "household-0-name": "Barnet Tolvansson",
            "household-0-relation": "barn",
            "attachments": "\nKontoutdrag maj–augusti 2025\n",
            "ongoing": "on",
            "evidence_at_risk": "on",
            "measures_taken": "Normberäkningen är rättad",
        },
    )
    out = handlaggare.form("/cases/new", data)
    assert out.status_code == 303, out.text
    case_id = int(out.headers["location"].removeprefix("/cases/"))
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.unit == "sodermalm" and case.stage == "triage"
        report = session.exec(select(IncomingReport).where(IncomingReport.case_id == case_id)).one()
        assert report.estimated_amount == 24000
        assert report.reporter_type == "authority" and report.channel == "letter"
        assert report.ongoing and report.evidence_at_risk and not report.still_on_assistance
        assert report.attachments == ["Kontoutdrag maj–augusti 2025"]
        assert report.measures_taken == "Normberäkningen är rättad"
        member = session.exec(select(CaseMember).where(CaseMember.case_id == case_id)).one()
        person = session.get(Person, member.person_id)
        assert member.relation == "barn" and person and person.name == "Barnet Tolvansson"


def test_a_bad_personnummer_and_a_future_period_are_shown_beside_their_fields(browser, clock):
    before = case_count()
    future = month_of(clock.today + timedelta(days=40))
    data = form(
        clock,
        **{"person-personnummer": "19121212-1213", "period_to": future, "description": "Lön <b>"},
    )
    page = browser("handlaggare").form("/cases/new", data)
    assert page.status_code == 422
    text = page.text
    assert "kontrollsiffran" in field_error(text, "person-personnummer")
    assert "Månaden har inte kommit än" in field_error(text, "period_to")
    assert "november 2026" in field_error(text, "period_to")  # the current month, in Swedish
    for key in ("person-personnummer", "period_to"):
        tag = input_tag(text, key)
        assert 'aria-invalid="true"' in tag and f"f-{key}--error" in tag
        assert f'<a href="#f-{key}">' in text  # the summary links to the field
    assert 'value="19121212-1213"' in input_tag(text, "person-personnummer")
    assert f'value="{future}"' in input_tag(text, "period_to")
    assert 'value="Tolvan Tolvansson"' in text and "Lön &lt;b&gt;</textarea>" in text
    assert 'value="24 000"' in text
    assert "rätta felen nedan" in text
    assert case_count() == before


def test_period_order_amount_and_missing_fields_are_explained_in_swedish(browser, clock):
    data = form(
        clock,
        period_from="2025-09",
        period_to="2025-08",
        estimated_amount="12,50",
        channel="",
        **{"person-name": "", "household-0-name": "Utan Personnummer"},
    )
    text = browser("utredare").form("/cases/new", data).text
    assert "Perioden kan inte börja efter att den slutar" in field_error(text, "period_from")
    assert "hela kronor" in field_error(text, "estimated_amount")
    assert field_error(text, "channel") == "Välj hur anmälan kom in."
    assert field_error(text, "person-name") == "Fyll i personens namn."
    assert "hushållsmedlemmens personnummer" in field_error(text, "household-0-personnummer")
    assert 'value="Utan Personnummer"' in text
    assert 'value="12,50"' in text

    text = (
        browser("utredare")
        .form("/cases/new", form(clock, period_from="maj 2025", estimated_amount="-5"))
        .text
    )
    assert "ÅÅÅÅ-MM" in field_error(text, "period_from")
    tag = input_tag(text, "period_from")
    assert 'type="text"' in tag and 'value="maj 2025"' in tag
    assert field_error(text, "estimated_amount") == "Beloppet kan inte vara negativt."


def test_a_received_date_in_the_future_is_refused_beside_the_date(browser, clock):
    before = case_count()
    tomorrow = (clock.today + timedelta(days=1)).isoformat()
    text = browser("handlaggare").form("/cases/new", form(clock, received_on=tomorrow)).text
    assert field_error(text, "received_on") == "Datumet kan inte ligga i framtiden."
    assert f'value="{tomorrow}"' in input_tag(text, "received_on")
    assert case_count() == before


def test_adding_rows_keeps_what_was_typed_and_needs_no_javascript(browser, clock):
    handlaggare = browser("handlaggare")
    data = form(
        clock,
        _action="add:household",
        attachments="Kontoutdrag maj 2025\nHyresavtal",
        **{"household-0-name": "Sambo Sambosson"},
    )
    page = handlaggare.form("/cases/new", data)
    assert page.status_code == 200
    text = page.text
    assert "Hushållsmedlem 2" in text and 'id="f-household-1-personnummer"' in text
    assert 'name="household-count" value="2"' in text
    assert 'value="Sambo Sambosson"' in text and 'value="19121212-1212"' in text
    assert "Kontoutdrag maj 2025\nHyresavtal</textarea>" in text  # one attachment a line
    assert "field-error" not in text  # nothing validated yet
    assert re.search(r'id="f-household-1-personnummer"[^>]* autofocus', text)


def test_a_unit_the_user_does_not_work_in_is_refused_on_the_unit_field(browser, clock):
    norr = browser("utredare_norr")
    page = norr.get("/cases/new").text
    units = re.findall(r'<option value="([^"]*)"', page[page.index('id="f-unit"') :])[:3]
    assert units[:2] == ["", "norrmalm"] and "sodermalm" not in units
    before = case_count()
    text = norr.form("/cases/new", form(clock, unit="sodermalm")).text
    assert "Du arbetar inte i den enheten" in field_error(text, "unit")
    assert case_count() == before


def test_without_the_csrf_token_nothing_is_created(browser, clock):
    before = case_count()
    handlaggare = browser("handlaggare")
    out = handlaggare.post("/cases/new", data=form(clock), follow_redirects=False)
    assert out.status_code == 403 and "säkerhetskod" in out.text
    assert case_count() == before


def test_a_role_that_files_no_reports_gets_no_form(browser, clock):
    ekonomi = browser("ekonomi")
    page = ekonomi.get("/cases/new")
    assert page.status_code == 403 and "Din roll får inte registrera anmälningar" in page.text
    before = case_count()
    assert ekonomi.form("/cases/new", form(clock)).status_code == 403
    assert case_count() == before
    assert 'href="/cases/new"' not in ekonomi.get("/inbox").text
