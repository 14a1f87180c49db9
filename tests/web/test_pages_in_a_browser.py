"""The pages in Debian's Chromium: text contrast (WCAG 2.1 AA), keyboard use and focus that
can be seen, at 1280×800 — checked in the rendered page, not in the CSS file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fut.system import free_port
from tests.browser import chromium, serve
from tests.services.test_use_cases import TRIAGE
from tests.web.conftest import PASSWORD, Desk

CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


@pytest.fixture(scope="module")
def site(app: Any) -> Iterator[str]:
    with serve(app, free_port()) as base:
        yield base


@pytest.fixture
def page_as(site: str, clock: Any) -> Iterator[Any]:
    with chromium() as browser:
        contexts = []

        def open_as(username: str) -> Any:
            context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 800})
            contexts.append(context)
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Användarnamn").fill(username)
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url("**/inbox")
            return page

        yield open_as
        for context in contexts:
            context.close()


def test_text_on_every_page_meets_the_aa_contrast(page_as, desk: Desk):
    case_id = desk.report()
    desk.complete(case_id, "triage", TRIAGE, "utredare")
    task = desk.item(case_id, "investigation")
    chef = page_as("chef")
    pages = ["/inbox", f"/cases/{case_id}", f"/tasks/{task}", "/cases/new", "/queue"]
    for path in pages:
        chef.goto(path)
        assert chef.evaluate(CONTRAST) == [], path
    chef.goto("/cases/new")
    chef.get_by_role("button", name="Registrera anmälan").click()  # every error shown
    assert chef.locator(".field-error").count() > 3
    assert chef.evaluate(CONTRAST) == [], "/cases/new with errors"
    # the check itself sees grey text on white (2.8:1)
    chef.evaluate(
        "() => { const p = document.createElement('p'); p.textContent = 'Grå text';"
        " p.style.color = '#999'; document.querySelector('main').append(p); }"
    )
    assert [f for f in chef.evaluate(CONTRAST) if "Grå text" in f]


def test_keyboard_reaches_the_content_first_and_focus_is_visible(page_as, desk: Desk):
    desk.report()
    page = page_as("utredare")
    page.goto("/inbox")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Hoppa till innehållet"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first control of the page itself, not the menu
    first = page.locator(":focus")
    assert first.evaluate("el => el.closest('main') !== null")
    outline = first.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
