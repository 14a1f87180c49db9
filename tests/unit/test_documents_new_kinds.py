"""The kinds the routines use beside the main letters (issue 8, point 5): each renders with
its example data (months on both sides of 1 July 2025) and the .docx says its key facts."""

from __future__ import annotations

import pytest

from fut.documents import InvalidDocumentData, list_templates, render_document
from fut.documents.examples import example_context
from fut.documents.readback import document_text

NEW_KINDS = {
    "kallelse_mote": "Kallelse till personligt möte",
    "andrad_avbetalningsplan": "Ändrad avbetalningsplan",
    "skuld_betald": "Besked om att skulden är betald",
    "beslutsunderlag": "Beslutsunderlag om återkrav",
    "anmalan_fut": "Anmälan om misstänkt felaktig utbetalning",
    "underrattelse_lamnat_bistand": (
        "Underrättelse till FUT-utredare: klienten har lämnat biståndet"
    ),
}


def text_of(kind: str, **changes: object) -> str:
    context = {**example_context(kind), **changes}
    return document_text(render_document(kind, context).content)


def test_the_new_kinds_are_in_the_catalogue_with_swedish_titles():
    titles = {info.kind: info.title for info in list_templates()}
    assert {kind: titles.get(kind) for kind in NEW_KINDS} == NEW_KINDS
    assert len(titles) >= 24


def test_the_meeting_call_gives_day_time_place_and_what_to_bring():
    text = text_of("kallelse_mote")
    assert "15 december 2026" in text and "kl. 10.00–11.00" in text
    assert "Storgatan 1, plan 3" in text
    assert "kontoutdrag för maj–september 2025" in text and "legitimation" in text
    assert "Maria Utredare och din handläggare Sara Exempel" in text
    assert "tolk" in text  # how to ask for an interpreter


def test_the_meeting_call_without_a_list_still_asks_for_identification():
    text = text_of("kallelse_mote", bring=[])
    assert "Ta med dig legitimation." in text and "Ta med dig\n" not in text


def test_the_changed_plan_states_paid_remaining_and_the_new_installments():
    text = text_of("andrad_avbetalningsplan")
    assert "24 544 kr" in text and "3 300 kr" in text and "21 244 kr" in text
    assert "1 000 kr (tidigare 300 kr)" in text
    assert "27 januari 2027" in text and "27 oktober 2028" in text
    assert "244 kr" in text  # the last, smaller installment: 21 244 - 21 x 1 000
    assert "ersätter den avbetalningsplan" in text


def test_a_changed_plan_that_does_not_add_up_is_refused():
    context = example_context("andrad_avbetalningsplan")
    context["plan"]["installments"] = 10
    with pytest.raises(InvalidDocumentData, match="stämmer inte"):
        render_document("andrad_avbetalningsplan", context)


def test_the_paid_notice_says_the_debt_is_settled():
    text = text_of("skuld_betald")
    assert "Din skuld är betald" in text and "slutreglerad" in text
    assert "16 februari 2026" in text and "27 november 2026" in text and "24 544 kr" in text
    assert "betalat för mycket" not in text


def test_the_paid_notice_offers_back_what_was_paid_too_much():
    context = example_context("skuld_betald")
    context["debt"]["paid"] = 24744
    text = document_text(render_document("skuld_betald", context).content)
    assert "Du har betalat 200 kr mer än skulden" in text


def test_a_paid_notice_for_an_unpaid_debt_is_refused():
    context = example_context("skuld_betald")
    context["debt"]["paid"] = 100
    with pytest.raises(InvalidDocumentData, match="inte betald"):
        render_document("skuld_betald", context)


def test_the_decision_basis_holds_proposal_months_both_laws_and_the_checklist():
    text = text_of("beslutsunderlag")
    assert "Utredaren föreslår att socialnämnden kräver tillbaka 24 544 kr." in text
    assert "juni 2025" in text and "juli 2025" in text
    assert "SoL (2001:453)" in text and "SoL (2025:400)" in text
    assert "2 november 2026" in text and "Den enskilde har svarat." in text
    assert "uppsåt" in text and "polisanmälan ska göras" in text
    assert "Checklista för beslutsfattaren" in text and "kvittning" in text
    assert "skickas inte till den enskilde" in text


def test_the_decision_basis_without_suspected_crime_proposes_no_police_report():
    context = example_context("beslutsunderlag")
    context["proposal"] = {**context["proposal"], "assessment": None, "recover": False}
    text = document_text(render_document("beslutsunderlag", context).content)
    assert "Ingen polisanmälan föreslås." in text
    assert "föreslår att socialnämnden inte kräver tillbaka något" in text


def test_the_printed_report_has_every_field_of_the_incoming_report():
    text = text_of("anmalan_fut")
    for fact in (
        "6 oktober 2025",
        "Egen personal (handläggare ekonomiskt bistånd)",
        "Registerkontroll",
        "Sara Exempel",
        "Månadskontroll i SSBTEK",
        "maj 2025 – september 2025",
        "25 000 kr",
        "Lönen för september räknades med",
        "Utdrag ur SSBTEK",
        "19121212-1212",
    ):
        assert fact in text, fact


def test_the_note_that_the_client_left_assistance_goes_to_the_investigator():
    text = text_of("underrattelse_lamnat_bistand")
    assert "Till: Maria Utredare" in text and "Från: Sara Exempel" in text
    assert "30 november 2026" in text and "fast anställning" in text
    assert "24 544 kr, varav 21 244 kr återstår" in text
    assert "skickas inte till klienten" in text


def test_the_note_without_a_decided_debt_leaves_the_debt_row_out():
    text = text_of("underrattelse_lamnat_bistand", debt={"total": None, "remaining": None})
    assert "Skuld enligt beslut" not in text
