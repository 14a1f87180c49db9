"""The case page /cases/{id}: what it shows, who may see it, what is audited, and the
documents' download, preview and PDF."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlmodel import col, select

from fut.clock import today
from fut.db import session_scope
from fut.documents import preview as office
from fut.documents.readback import document_text
from fut.models import AuditEvent, Document
from fut.schemas import PaymentIn
from fut.services import document_pdf, payments
from tests.integration.test_lifecycle import INVESTIGATION, TOTAL
from tests.web.conftest import Desk

TRIAGE = {"outcome": "investigate", "priority": "high", "case_type": 2, "reason": "Stort belopp"}
FULL_PNR = "19121212-1212"
MASKED_PNR = "19121212-****"


def communicated(desk: Desk) -> int:
    """A case through triage and investigation: the kommunicering letter is written and the
    case waits for the client's reply."""
    case_id = desk.report()
    desk.complete(case_id, "triage", TRIAGE, "utredare")
    desk.complete(case_id, "investigation", INVESTIGATION, "utredare")
    return case_id


def in_repayment(desk: Desk, first_due_days: int = 30) -> int:
    """A case decided for recovery with an installment plan: it waits for payments."""
    case_id = communicated(desk)
    desk.complete(case_id, "client_reply", {"replied": False}, "utredare")
    desk.complete(case_id, "intent", {"assessment": "none", "motivation": "Misstag"}, "utredare")
    desk.complete(
        case_id, "decision_proposal", {"recover": True, "motivation": "Felaktigt"}, "utredare"
    )
    desk.complete(case_id, "decision_approval", {"approve": True}, "beslutsfattare")
    first_due = (today() + timedelta(days=first_due_days)).isoformat()
    desk.complete(
        case_id, "repayment_plan", {"monthly_amount": 3000, "first_due_date": first_due}, "ekonomi"
    )
    return case_id


def audit_actions(case_id: int, actor: str) -> list[str]:
    with session_scope() as session:
        return list(
            session.exec(
                select(AuditEvent.action)
                .where(AuditEvent.case_id == case_id, AuditEvent.actor == actor)
                .order_by(col(AuditEvent.id))
            )
        )


def document_of(case_id: int, kind: str) -> Document:
    with session_scope() as session:
        return session.exec(
            select(Document).where(Document.case_id == case_id, Document.kind == kind)
        ).one()


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


class _Text(HTMLParser):
    """An element's text as the reader sees it: inline tags (bold) join, block tags and
    line breaks separate; what only screen readers hear is left out."""

    INLINE = frozenset({"strong", "b", "em", "span", "a"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden or "visually-hidden" in (dict(attrs).get("class") or ""):
            self.hidden += 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden -= 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def words_of(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts).split()


def test_page_shows_number_stage_unit_priority_and_type_in_swedish(browser, desk):
    case_id = desk.report()
    desk.complete(case_id, "triage", TRIAGE, "utredare")
    page = browser("utredare").get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    number = re.search(r"FUT-\d{4}-\d{5}", html).group(0)
    assert f"<h1>Ärende {number}</h1>" in html
    assert "<dt>Skede</dt><dd>Utredning</dd>" in html
    assert "Enheten för felaktiga utbetalningar, Södermalm" in html
    assert '<span class="badge high">Hög</span>' in html
    assert "Typ 2 – äldre fel som inte pågår längre" in html
    assert "Tolvan Tolvansson" in html
    assert f'href="/tasks/{desk.item(case_id, "investigation")}">Utredning</a>' in html
    # the timeline, newest first: the triage moved the case on (one line for the completed
    # task and the move it made), the system opened the triage, the report opened the case
    timeline = section(html, "handelser")
    triaged = timeline.index(
        "Uppgiften ”Förhandsbedömning” slutfördes</strong> – nytt skede: Utredning"
    )
    opened = timeline.index("Nytt skede: Förhandsbedömning")
    assert triaged < opened < timeline.index("Ärendet registrerades")
    assert timeline.count("slutfördes") == 1
    assert "Förhandsbedömning: utredning inleds" in timeline


def test_personnummer_is_masked_until_visa_is_pressed_and_each_reveal_is_audited(browser, desk):
    case_id = desk.report()
    utredare = browser("utredare")
    page = utredare.get(f"/cases/{case_id}")
    assert MASKED_PNR in page.text
    assert FULL_PNR not in page.text and "191212121212" not in page.text
    assert f'action="/cases/{case_id}/reveal"' in page.text
    revealed = utredare.form(f"/cases/{case_id}/reveal", {})
    assert revealed.status_code == 200
    assert FULL_PNR in revealed.text
    assert revealed.headers["cache-control"] == "no-store"
    assert audit_actions(case_id, "utredare").count("personnummer_revealed") == 1
    assert FULL_PNR not in utredare.get(f"/cases/{case_id}").text  # masked again


def test_reveal_without_the_csrf_token_is_refused_and_not_audited(browser, desk):
    case_id = desk.report()
    response = browser("utredare").post(f"/cases/{case_id}/reveal", data={})
    assert response.status_code == 403
    assert FULL_PNR not in response.text
    assert "personnummer_revealed" not in audit_actions(case_id, "utredare")


def test_a_case_of_another_unit_is_not_found_for_a_user_of_norrmalm(browser, desk):
    case_id = communicated(desk)
    doc = document_of(case_id, "kommunicering")
    norr = browser("utredare_norr")
    for url in (
        f"/cases/{case_id}",
        f"/cases/{case_id}/documents/{doc.id}",
        f"/cases/{case_id}/documents/{doc.id}/preview",
        f"/cases/{case_id}/documents/{doc.id}/pdf",
    ):
        response = norr.get(url)
        assert response.status_code == 404, url
        assert "Sidan finns inte" in response.text
        assert "Tolvan" not in response.text
    reveal = norr.form(f"/cases/{case_id}/reveal", {})
    assert reveal.status_code == 404 and FULL_PNR not in reveal.text
    assert audit_actions(case_id, "utredare_norr") == []


def test_an_unknown_case_or_document_is_not_found(browser, desk):
    case_id = desk.report()
    utredare = browser("utredare")
    assert utredare.get("/cases/999999").status_code == 404
    assert utredare.get(f"/cases/{case_id}/documents/999999").status_code == 404
    assert utredare.get(f"/cases/{case_id}/documents/999999/preview").status_code == 404


def test_viewing_the_page_is_audited_as_a_case_read(browser, desk):
    case_id = desk.report()
    browser("handlaggare").get(f"/cases/{case_id}")
    with session_scope() as session:
        reads = session.exec(
            select(AuditEvent).where(
                AuditEvent.case_id == case_id,
                AuditEvent.actor == "handlaggare",
                AuditEvent.action == "case_read",
            )
        ).all()
    assert [r.detail for r in reads] == [{"view": "page"}]


def test_chef_sees_the_audit_trail_and_utredare_does_not(browser, desk):
    case_id = desk.report()
    utredare = browser("utredare")
    utredare.form(f"/cases/{case_id}/reveal", {})
    page = utredare.get(f"/cases/{case_id}")
    assert 'id="logg"' not in page.text and "Granskningslogg" not in page.text
    chef_page = browser("chef").get(f"/cases/{case_id}").text
    trail = section(chef_page, "logg")
    assert "Granskningslogg" in trail
    assert "Visade hela personnumret" in trail
    assert "Registrerade anmälan" in trail
    assert "Läste ärendet" in trail
    assert "Registrerad → Förhandsbedömning" in trail
    assert FULL_PNR not in chef_page


def test_months_table_shows_law_and_court_deadline_per_month(browser, desk):
    case_id = communicated(desk)
    html = browser("utredare").get(f"/cases/{case_id}").text
    months = section(html, "manader")
    assert "<caption>" in months and '<th scope="col">Lag</th>' in months
    for month in ("maj 2025", "juni 2025", "juli 2025", "augusti 2025"):
        assert f'<th scope="row">{month}</th>' in months
    # May-July 2025 were granted before 2025-07-01 (July on 25 June): the old law; August
    # under the new
    assert "9 kap. 1 § första stycket socialtjänstlagen (2001:453)" in months
    assert "33 kap. 1 § första stycket socialtjänstlagen (2025:400)" in months
    # three years from the 1st of the month (no payment date recorded), off holidays/weekends
    assert "2 maj 2028" in months  # 1 May 2028 is a public holiday
    assert "1 juni 2028" in months
    assert "3 juli 2028" in months  # 1 July 2028 is a Saturday
    assert "1 augusti 2028" in months
    assert "<tfoot>" in months and "21 000 kr" in months
    assert "9 000 kr" in months


def test_months_whose_court_deadline_is_near_or_passed_are_marked(browser, desk, clock):
    case_id = communicated(desk)
    clock.set(clock.today.replace(year=2028, month=5, day=15))  # May passed, the rest near
    html = browser("utredare").get(f"/cases/{case_id}").text
    assert "Treårsfristen har gått ut för maj 2025:" in html
    months = section(html, "manader")
    assert months.count("Har gått ut") == 1
    assert months.count("Inom 90 dagar") == 3


def test_document_download_returns_the_stored_docx(browser, desk):
    case_id = communicated(desk)
    doc = document_of(case_id, "kommunicering")
    utredare = browser("utredare")
    page = utredare.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/documents/{doc.id}/preview"' in page
    response = utredare.get(f"/cases/{case_id}/documents/{doc.id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    from fut.settings import get_settings

    assert response.content == (get_settings().documents_path / doc.path).read_bytes()
    assert "attachment" in response.headers["content-disposition"]
    assert "document_read" in audit_actions(case_id, "utredare")


def test_preview_shows_the_same_text_as_the_docx(browser, desk):
    case_id = communicated(desk)
    doc = document_of(case_id, "kommunicering")
    utredare = browser("utredare")
    stored = utredare.get(f"/cases/{case_id}/documents/{doc.id}").content
    response = utredare.get(f"/cases/{case_id}/documents/{doc.id}/preview")
    assert response.status_code == 200
    article = re.search(r'<article class="preview document".*?</article>', response.text, re.S)
    assert article
    expected = [w for w in document_text(stored).split() if w != "|"]
    assert words_of(article.group(0)) == expected
    html = article.group(0)
    assert "<h2>" in html and "<strong>" in html and '<th scope="col"' in html
    assert "21 000 kr" in unescape(html)
    assert audit_actions(case_id, "utredare").count("document_read") == 2


def test_pdf_without_libreoffice_is_not_found_with_a_swedish_explanation(
    browser, desk, monkeypatch
):
    monkeypatch.setattr(document_pdf, "office_command", lambda: None)
    case_id = communicated(desk)
    doc = document_of(case_id, "kommunicering")
    utredare = browser("utredare")
    response = utredare.get(f"/cases/{case_id}/documents/{doc.id}/pdf")
    assert response.status_code == 404
    assert "LibreOffice inte är installerat" in response.text
    assert f"/cases/{case_id}/documents/{doc.id}/pdf" not in utredare.get(f"/cases/{case_id}").text


def test_pdf_is_converted_once_and_kept_by_its_checksum(browser, desk, monkeypatch):
    calls: list[Path] = []

    def fake_convert(paths: list[Path], out_dir: Path, office: str) -> list[Path]:
        calls.append(paths[0])
        pdf = out_dir / f"{paths[0].stem}.pdf"
        pdf.write_bytes(b"%PDF-1.4 fake")
        return [pdf]

    monkeypatch.setattr(document_pdf, "office_command", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(document_pdf, "convert_to_pdf", fake_convert)
    case_id = communicated(desk)
    doc = document_of(case_id, "kommunicering")
    utredare = browser("utredare")
    assert f"/cases/{case_id}/documents/{doc.id}/pdf" in utredare.get(f"/cases/{case_id}").text
    for _ in range(2):
        response = utredare.get(f"/cases/{case_id}/documents/{doc.id}/pdf")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.content == b"%PDF-1.4 fake"
    assert len(calls) == 1 and calls[0].name == f"{doc.sha256}.docx"
    assert document_pdf.cache_path(doc).is_file()


@pytest.mark.skipif(office.office_command() is None, reason="LibreOffice is not installed")
def test_pdf_is_made_by_libreoffice(browser, desk):
    case_id = communicated(desk)
    doc = document_of(case_id, "kommunicering")
    response = browser("utredare").get(f"/cases/{case_id}/documents/{doc.id}/pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_payments_are_shown_with_swedish_amounts_after_registering_one(browser, desk):
    case_id = in_repayment(desk)
    with session_scope() as session:
        payments.register_payment(
            session,
            desk.actors["ekonomi"],
            case_id,
            PaymentIn(amount=12500, paid_on=today(), reference="OCR 4711"),
        )
    ekonomi = browser("ekonomi")
    html = ekonomi.get(f"/cases/{case_id}").text
    debt = section(html, "aterkrav")
    assert f"{TOTAL:,} kr".replace(",", " ") in debt  # 21 000 kr decided
    assert "12 500 kr" in debt and "OCR 4711" in debt
    assert f"{TOTAL - 12500:,} kr".replace(",", " ") in debt  # 8 500 kr left
    assert "3 000 kr" in debt and "Inte slutbetald" in debt
    assert "Betalning registrerades: 12 500 kr" in section(html, "handelser")
    assert f'href="/cases/{case_id}/payments/new"' in html
    assert f'href="/cases/{case_id}/documents/new"' not in html
    utredare_page = browser("utredare").get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/documents/new"' in utredare_page


def test_the_ledger_lists_decision_and_payments_with_the_balance_after_each(browser, desk):
    case_id = in_repayment(desk)
    with session_scope() as session:
        payments.register_payment(
            session,
            desk.actors["ekonomi"],
            case_id,
            PaymentIn(amount=12500, paid_on=today(), reference="OCR 4711"),
        )
    html = browser("ekonomi").get(f"/cases/{case_id}").text
    debt = section(html, "aterkrav")
    assert "Reskontra" in debt
    ledger = debt[debt.index("Reskontra") :]
    assert "Beslut om återkrav" in ledger and "Inbetalning" in ledger
    assert f"{TOTAL - 12500:,} kr".replace(",", " ") in ledger  # the balance after the payment
    assert "efterskänkt 0 kr" in ledger


def test_page_reads_a_bounded_number_of_queries_however_large_the_case(browser, desk):
    import sqlalchemy as sa

    from fut.db import get_engine

    case_id = in_repayment(desk)
    utredare = browser("utredare")

    def queries() -> int:
        count = 0

        def tick(*_: object) -> None:
            nonlocal count
            count += 1

        sa.event.listen(get_engine(), "before_cursor_execute", tick)
        try:
            assert utredare.get(f"/cases/{case_id}").status_code == 200
        finally:
            sa.event.remove(get_engine(), "before_cursor_execute", tick)
        return count

    before = queries()
    with session_scope() as session:
        for n in range(5):
            payments.register_payment(
                session,
                desk.actors["ekonomi"],
                case_id,
                PaymentIn(amount=100 + n, paid_on=today(), reference=f"R{n}"),
            )
    assert queries() == before
    assert before <= 20, before  # 15 when written: login, case, rows, audit


def test_the_reply_date_passing_shows_on_the_timeline(browser, desk, clock):
    """The client never answers: the reply date passes, the timer moves the case on by
    itself, and the case's events say so."""
    from fut.models import WorkItem
    from fut.services import timers

    case_id = communicated(desk)
    item_id = desk.item(case_id, "client_reply")
    with session_scope() as session:
        due = session.get(WorkItem, item_id).due_at
    clock.set(due.date() + timedelta(days=1))
    assert timers.fire_due_timers() >= 1  # the page's database is shared: others' may fire too
    events = section(browser("utredare").get(f"/cases/{case_id}").text, "handelser")
    assert "Tidsfristen för ”Kommunicering: klientens svar” gick ut" in unescape(events)


def test_months_table_shows_the_grant_date_and_marks_an_assumed_one(browser, desk):
    from fut.models import OverpaidMonth
    from fut.services import case_view

    case_id = communicated(desk)
    with session_scope() as session:  # as migration 0004 leaves a month stored before it
        may = session.exec(
            select(OverpaidMonth).where(
                OverpaidMonth.case_id == case_id, OverpaidMonth.month == "2025-05"
            )
        ).one()
        may.granted_on_assumed = True
        session.add(may)
    months = section(browser("utredare").get(f"/cases/{case_id}").text, "manader")
    assert '<th scope="col">Beviljat den</th>' in months
    assert "25 juni 2025" in months  # July's assistance, granted in June: the old law
    assert months.count(">antaget</span>") == 1
    assert 'id="antaget-beviljat"' in months
    assert "beviljades före den 1 juli 2025 återkrävs enligt 9 kap." in months

    with session_scope() as session:
        out = case_view.read_case(session, desk.actors["utredare"], case_id)
    by_month = {m.month: m for m in out.months}
    assert by_month["2025-05"].granted_on_assumed is True
    assert (by_month["2025-05"].granted_on_note or "").startswith("Antaget: beslutsdagen")
    assert by_month["2025-07"].granted_on.isoformat() == "2025-06-25"
    assert (by_month["2025-07"].granted_on_assumed, by_month["2025-07"].granted_on_note) == (
        False,
        None,
    )
    assert by_month["2025-07"].law == "9 kap. 1 § första stycket socialtjänstlagen (2001:453)"
