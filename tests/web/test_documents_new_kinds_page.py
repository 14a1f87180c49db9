"""/cases/{id}/documents/new lists the six kinds added for issue 8 with their Swedish titles
and asks for what the case file lacks."""

from __future__ import annotations

from html import unescape


def test_the_catalogue_page_lists_the_new_kinds_in_swedish(browser, desk):
    case_id = desk.report()
    text = unescape(browser("utredare").get(f"/cases/{case_id}/documents/new").text)
    for title in (
        "Kallelse till personligt möte",
        "Ändrad avbetalningsplan",
        "Besked om att skulden är betald",
        "Beslutsunderlag om återkrav",
        "Anmälan om misstänkt felaktig utbetalning",
        "Underrättelse till FUT-utredare: klienten har lämnat biståndet",
    ):
        assert title in text, title


def test_the_meeting_call_asks_for_day_time_and_place(browser, desk):
    case_id = desk.report()
    page = browser("utredare").get(f"/cases/{case_id}/documents/new?kind=kallelse_mote")
    assert page.status_code == 200
    for field in ("meeting-on", "meeting-time", "meeting-place"):
        assert f'for="f-{field}"' in page.text, field
