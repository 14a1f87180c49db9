"""A case walked from "Ny anmälan" to closed in a real browser (Debian's Chromium), each
person in their own browser session, against the running system (Prefect server, runner,
API with its dispatcher): what the people using futflow see and click.

Screenshots of every page are saved under the test's temporary directory (`01-…png`)."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fut.clock import today
from fut.db import session_scope
from fut.documents.readback import document_text
from fut.passwords import set_password
from fut.system import free_port
from tests.browser import Shots, chromium, chromium_executable, serve
from tests.integration.conftest import REPORT, System

PASSWORD = "ett långt lösenord"
PEOPLE = ("handlaggare", "utredare", "dubbelroll", "beslutsfattare", "ekonomi")
# (month, granted on, paid, undeclared income): July's assistance was granted on 25 June 2025,
# so May-July fall under SoL (2001:453) 9 kap. and August under SoL (2025:400) 33 kap.
MONTHS = [
    ("2025-05", "2025-04-25", 9000, 4000),
    ("2025-06", "2025-05-26", 9000, 3000),
    ("2025-07", "2025-06-25", 9000, 5000),
    ("2025-08", "2025-07-25", 9000, 12000),
]
TOTAL = 4000 + 3000 + 5000 + 9000  # August: the income exceeds what was paid


@pytest.fixture(scope="module")
def pages(system: System) -> Iterator[str]:
    """The pages over HTTP, beside the system's API (whose dispatcher moves the cases)."""
    chromium_executable()  # skip here already, with how to install it, if there is none
    from api.main import create_app

    with session_scope() as session:
        for username in PEOPLE:
            set_password(session, username, PASSWORD)
    with serve(create_app(background=False), free_port()) as base:
        yield base


class Person:
    """One person at their own browser: logs in, opens pages, waits for the system."""

    def __init__(self, browser: Any, base: str, username: str, shots: Shots) -> None:
        self.context = browser.new_context(
            base_url=base,
            viewport={"width": 1280, "height": 800},
            locale="sv-SE",
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.username, self.shots = username, shots
        self.page.goto("/login")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(PASSWORD)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url("**/inbox")

    def shot(self, name: str) -> None:
        self.shots.take(self.page, f"{self.username}-{name}")

    def reload_until(
        self, url: str, ready: Callable[[], bool], what: str, timeout: float = 120
    ) -> None:
        deadline = time.monotonic() + timeout
        self.page.goto(url)
        while not ready():
            if time.monotonic() > deadline:
                self.shot("timed-out")
                raise AssertionError(f"{self.username}: timed out waiting for {what}")
            time.sleep(0.5)
            self.page.goto(url)

    def open_task(self, case_number: str, title: str) -> None:
        """From the inbox, open the case's task once the system has opened it."""
        row = self.page.locator("tr", has_text=case_number).filter(
            has=self.page.get_by_role("link", name=title, exact=True)
        )
        self.reload_until("/inbox", lambda: row.count() > 0, f"{title} of {case_number}")
        row.first.get_by_role("link", name=title, exact=True).click()
        self.page.wait_for_url(re.compile(r"/tasks/\d+$"))

    def complete(self) -> None:
        self.page.get_by_role("button", name="Slutför steget", exact=True).last.click()
        self.page.wait_for_load_state()
        if "/tasks/" in self.page.url:
            self.shot("refused")
            raise AssertionError(
                f"{self.username}: not completed:\n{self.page.locator('main').inner_text()[:3000]}"
            )
        assert re.search(r"/cases/\d+", self.page.url), self.page.url
        assert "Steget är slutfört" in self.page.content()


def test_a_case_walks_from_new_report_to_closed_in_the_browser(
    system: System, pages: str, tmp_path: Path
) -> None:
    shots = Shots(tmp_path)
    with chromium() as browser:
        people = {u: Person(browser, pages, u, shots) for u in PEOPLE}

        # handläggare files the report; a period in the future is refused beside its field
        h = people["handlaggare"]
        h.page.get_by_role("link", name="Ny anmälan").click()
        h.page.get_by_label("Enhet").select_option(REPORT["unit"])
        h.page.get_by_label("Personnummer").first.fill(REPORT["person"]["personnummer"])
        h.page.get_by_label("Namn").first.fill(REPORT["person"]["name"])
        h.page.get_by_label("Anmälare (typ)").select_option(REPORT["reporter_type"])
        h.page.get_by_label("Hur anmälan kom in").select_option(REPORT["channel"])
        h.page.get_by_label("Mottagen av").fill("Hanna Handläggare")
        h.page.locator("#f-received_on").fill(today().isoformat())
        h.page.get_by_label("Hur felet upptäcktes").fill(REPORT["discovered_by"])
        h.page.get_by_label("Beskrivning").fill(REPORT["description"])
        h.page.locator("#f-period_from").fill("2025-05")
        future = (today().replace(day=1) + timedelta(days=62)).strftime("%Y-%m")
        h.page.locator("#f-period_to").fill(future)
        h.page.get_by_label("Uppskattat belopp (kr)").fill("24 000")
        h.page.get_by_role("button", name="Registrera anmälan").click()
        error = h.page.locator("#f-period_to--error")
        assert error.is_visible() and "har inte kommit" in error.inner_text()
        assert h.page.locator("#f-person-name").input_value() == REPORT["person"]["name"]
        h.shot("ny-anmalan-fel-beside-falt")
        h.page.locator("#f-period_to").fill("2025-08")
        h.page.get_by_role("button", name="Registrera anmälan").click()
        h.page.wait_for_url(re.compile(r"/cases/\d+$"))
        case_id = int(h.page.url.rsplit("/", 1)[1])
        case_number = h.page.locator("h1").inner_text().split()[-1]
        assert re.fullmatch(rf"FUT-{today().year}-\d{{5}}", case_number), case_number
        h.shot("arendet-registrerat")

        # utredare: triage (the proposal is shown), then the investigation month by month
        u = people["utredare"]
        u.page.goto("/inbox")
        u.shot("mina-arenden")
        u.open_task(case_number, "Förhandsbedömning")
        assert "Förslag" in u.page.content()
        u.page.locator('input[name="outcome"][value="investigate"]').check()
        u.page.locator('[name="reason"]').fill("Stort belopp och lång period")
        u.shot("forhandsbedomning")
        u.complete()

        u.open_task(case_number, "Utredning")
        u.page.locator('[name="error_type"]').select_option("undeclared_work")
        u.page.locator('[name="detected_by"]').fill("Bankutdrag")
        u.page.locator('[name="summary"]').fill("Lön från en städfirma har inte redovisats.")
        for i, (month, granted_on, paid, income) in enumerate(MONTHS):
            assert u.page.locator(f'[name="months-{i}-month"]').input_value() == month
            u.page.locator(f'[name="months-{i}-granted_on"]').fill(granted_on)
            u.page.locator(f'[name="months-{i}-paid"]').fill(str(paid))
            u.page.locator(f'[name="months-{i}-undeclared_income"]').fill(str(income))
        u.shot("utredning")
        u.complete()

        # the system sends the kommunicering; the reply date passes or the client answers
        u.open_task(case_number, "Kommunicering: klientens svar")
        u.page.locator('input[name="replied"][value="false"]').check()
        u.complete()
        u.open_task(case_number, "Bedömning av uppsåt")
        u.page.locator('input[name="assessment"][value="none"]').check()
        u.page.locator('[name="motivation"]').fill("Klienten har inte förstått sin skyldighet.")
        u.complete()

        # dubbelroll (utredare and beslutsfattare) proposes, and may then not decide
        d = people["dubbelroll"]
        d.open_task(case_number, "Förslag till beslut")
        d.page.locator('input[name="recover"][value="true"]').check()
        d.page.locator('[name="motivation"]').fill("Beloppet har betalats ut felaktigt.")
        d.complete()
        d.page.goto("/inbox?step=decision_approval")
        row = d.page.locator("tr", has_text=case_number)
        d.reload_until(
            "/inbox?step=decision_approval", lambda: row.count() > 0, "the decision in the list"
        )
        assert row.get_by_role("button", name=re.compile("Ta uppgiften")).count() == 0
        row.get_by_role("link", name="Beslut", exact=True).click()
        assert d.page.get_by_role("button", name="Fatta beslut enligt förslaget").count() == 0
        assert "fyraögonprincipen" in d.page.content()
        d.shot("fyra-ogon-ingen-beslutsknapp")

        # beslutsfattare sees the whole basis and decides
        b = people["beslutsfattare"]
        b.open_task(case_number, "Beslut")
        content = b.page.locator("main").inner_text().lower()
        for seen in (
            "maj 2025",
            "augusti 2025",
            f"{TOTAL:,} kr".replace(",", " "),
            "Beloppet har betalats ut felaktigt.",
            "socialtjänstlagen",
        ):
            assert seen.lower() in content, (seen, content)
        b.shot("beslut-underlag")
        b.page.get_by_role("button", name="Fatta beslut enligt förslaget").click()
        b.page.wait_for_url(re.compile(r"/cases/\d+"))

        # ekonomi: the installment plan, then one payment of the whole debt
        e = people["ekonomi"]
        e.open_task(case_number, "Avbetalningsplan")
        e.page.locator('[name="monthly_amount"]').fill(str(TOTAL))
        e.page.locator('[name="first_due_date"]').fill((today() + timedelta(days=30)).isoformat())
        e.complete()
        e.reload_until(
            f"/cases/{case_id}",
            lambda: e.page.get_by_role("link", name="Registrera betalning").count() > 0,
            "the debt open for payments",
        )
        e.page.get_by_role("link", name="Registrera betalning").click()
        e.page.locator('[name="amount"]').fill(f"{TOTAL:,}".replace(",", " "))
        e.page.locator('[name="paid_on"]').fill(today().isoformat())
        e.page.locator('[name="reference"]').fill("OCR 4711")
        e.shot("betalning")
        e.page.get_by_role("button", name=re.compile("Registrera")).last.click()
        e.page.wait_for_url(re.compile(rf"/cases/{case_id}"))
        assert "Betalningen är registrerad" in e.page.content()

        # the debt is paid: the case closes by itself
        u.reload_until(
            f"/cases/{case_id}",
            lambda: "Avslutat" in u.page.locator("main").inner_text(),
            "the case closed",
        )
        u.shot("arendet-avslutat")

        # the decision letter: downloaded as stored, and previewed in the browser
        with u.page.expect_download() as download_info:
            u.page.get_by_role(
                "link", name=re.compile("Ladda ner Word.*Beslut om återkrav")
            ).first.click()
        stored = Path(download_info.value.path()).read_bytes()
        assert stored[:2] == b"PK"
        # the law by grant date: July, granted on 25 June 2025, with May and June under the old
        letter = document_text(stored)
        assert "9 kap. 1 § första stycket socialtjänstlagen (2001:453) för maj–juli 2025" in letter
        assert "33 kap. 1 § första stycket socialtjänstlagen (2025:400) för augusti 2025" in letter
        assert "25 juni 2025" in u.page.locator("#manader").inner_text()
        api_view = system.case(case_id)
        decision = next(doc for doc in api_view["documents"] if doc["kind"] == "beslut_aterkrav")
        assert hashlib.sha256(stored).hexdigest() == decision["sha256"]
        u.page.get_by_role(
            "link", name=re.compile("Förhandsgranska.*Beslut om återkrav")
        ).first.click()
        assert "återkrav" in u.page.content().lower()
        u.shot("forhandsgranskning-beslut")
        for person in people.values():
            person.context.close()
    assert api_view["stage"] == "closed"
