"""/queue, "Köstatus": the supervisors' page — who may see it, whose figures, the lists, the
links to the Prefect UI, and the page as a screen reader meets it."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from sqlmodel import select

from fut.db import session_scope
from fut.models import AuditEvent, Case
from fut.rules.deadlines import add_period
from fut.settings import get_settings


def case_number(case_id: int) -> str:
    with session_scope() as session:
        return session.get(Case, case_id).case_number  # type: ignore[union-attr]


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def test_chef_sees_the_figures_the_lists_and_the_prefect_links(browser, desk, clock):
    old = desk.report(received_on=add_period(clock.today, months=-3) - timedelta(days=2))
    soon = desk.report(received_on=add_period(clock.today, months=-3) + timedelta(days=5))
    norr = desk.report(unit="norrmalm")
    page = browser("chef").get("/queue")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Köstatus</h1>" in html and 'aria-current="page"' in html
    assert "Enheten för felaktiga utbetalningar, Södermalm" in html and "norrmalm" in html
    assert "Förhandsbedömning" in html
    # the start guarantee list: case numbers linking to the case, Swedish dates
    for case_id in (old, soon):
        assert f'<a href="/cases/{case_id}">{case_number(case_id)}</a>' in html
    assert "för 2 dagar sedan" in html and "Passerad" in html
    received = add_period(clock.today, months=-3) - timedelta(days=2)
    assert f"{received.day} " in html and str(received.year) in html
    assert case_number(norr) not in html.split('id="startgaranti"')[1]  # not due yet
    # the Prefect UI's runs list, filtered by unit (and stage), state and a long range
    ui = get_settings().prefect_ui
    runs = [h for h in links(html) if h.startswith(f"{ui}/runs?")]
    query = parse_qs(urlsplit(runs[0]).query)
    assert query["state"] == ["Suspended", "Paused"] and query["type"] == ["span"]
    assert int(query["seconds"][0]) <= -365 * 86400
    tags = [parse_qs(urlsplit(h).query)["tag"] for h in runs]
    assert ["unit:sodermalm", "stage:triage"] in tags and ["unit:sodermalm"] in tags
    assert f"{ui}/artifacts/key/queue-status-sodermalm" in links(html)
    assert f"{ui}/artifacts/key/queue-status-summary" in links(html)
    assert "under de senaste tre åren" in html


def test_only_chef_sees_the_page_others_get_a_swedish_403(app, browser, clock):
    for user in ("handlaggare", "utredare", "beslutsfattare", "ekonomi"):
        page = browser(user).get("/queue")
        assert page.status_code == 403, user
        assert "Du har inte behörighet" in page.text
        assert "Köstatus visas bara för chefer." in page.text
        assert 'href="/queue"' not in page.text  # nor is it in their menu
    with TestClient(app) as anonymous:
        response = anonymous.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fqueue"


def test_a_chef_of_one_unit_sees_only_that_units_figures(browser, desk, clock):
    sodermalm = desk.report(received_on=add_period(clock.today, months=-4))
    norrmalm = desk.report(unit="norrmalm", received_on=add_period(clock.today, months=-4))
    html = browser("chef_norr").get("/queue").text
    assert case_number(norrmalm) in html and case_number(sodermalm) not in html
    assert "Södermalm" not in html and "unit:sodermalm" not in html
    assert "Du ser enheten norrmalm." in html
    everyone = browser("chef").get("/queue").text
    assert case_number(sodermalm) in everyone and case_number(norrmalm) in everyone


def test_reading_the_page_is_audited_without_a_case(browser, clock):
    browser("chef").get("/queue")
    with session_scope() as session:
        events = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "queue_status_read", AuditEvent.actor == "chef"
            )
        ).all()
    assert events and all(e.case_id is None for e in events)


class Tables(HTMLParser):
    """Every table with its caption, and every header cell with its scope."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, object]] = []
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "th": []})
        elif tag == "caption":
            self.in_caption = True
        elif tag == "th":
            self.tables[-1]["th"].append(dict(attrs).get("scope"))  # type: ignore[attr-defined]

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.in_caption = False

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.tables[-1]["caption"] += data  # type: ignore[operator]


def test_every_table_has_a_caption_and_every_header_a_scope(browser, desk, clock):
    desk.report(received_on=add_period(clock.today, months=-4))
    html = browser("chef").get("/queue").text
    parser = Tables()
    parser.feed(html)
    assert len(parser.tables) >= 3
    for table in parser.tables:
        assert str(table["caption"]).strip(), table
        assert all(scope in {"col", "row"} for scope in table["th"]), table  # type: ignore[attr-defined]
    assert '<html lang="sv">' in html and "/static/queue.css" in html
