"""Rendering the catalogue: complete letters, Swedish formats, loud gaps, stable bytes."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fut.documents import (
    InvalidDocumentData,
    MissingDocumentData,
    UnknownDocumentKind,
    document_text,
    render_document,
)
from fut.documents.examples import example_context, example_kinds
from fut.documents.typography import readable
from fut.rules.swedish_format import format_date

UNFILLED = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|None|Undefined|\*\*|<br>|---")


@pytest.mark.parametrize("kind", example_kinds())
def test_every_template_renders_complete_with_its_example(kind: str):
    context = example_context(kind)
    document = render_document(kind, context)
    text = document_text(document.content)
    assert not UNFILLED.search(text), UNFILLED.search(text)
    assert "Exempelby kommun" in text and "Socialnämnden" in text
    number, day = context["case_number"], context["today"]
    assert f"Diarienummer {number}" in text or f"Diarienummer: {number}" in text
    assert f"Datum: {format_date(day)}" in text
    assert "08-123 45 00" in text and "fut@exempelby.se" in text  # the unit
    assert "Maria Utredare" in text and "08-123 45 67" in text  # the handling officer
    assert "19121212-1212" in text and "Alex Exempelsson" in text
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    assert document.filename == f"{number}_{kind}_{day.isoformat()}.docx"
    assert re.fullmatch(rf"{kind} v\d+ sha256:[0-9a-f]{{12}}", document.template_version)


def test_same_context_gives_byte_identical_documents():
    context = example_context("beslut_aterkrav")
    first = render_document("beslut_aterkrav", context)
    second = render_document("beslut_aterkrav", example_context("beslut_aterkrav"))
    assert first.content == second.content
    assert first.sha256 == second.sha256


def test_another_date_gives_another_document():
    context = example_context("kommunicering")
    other = {**context, "today": date(2026, 12, 8)}
    assert render_document("kommunicering", context).sha256 != (
        render_document("kommunicering", other).sha256
    )


def test_decision_appendix_month_table_is_a_word_table_with_totals():
    document = render_document("beslut_aterkrav", example_context("beslut_aterkrav"))
    doc = Document(io.BytesIO(document.content))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Månad")
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Månad", "Utbetalt", "Rätt belopp", "Felaktigt utbetalt", "Lag"]
    first = [readable(cell.text) for cell in table.rows[1].cells]
    assert first == ["maj 2025", "11 240 kr", "6 340 kr", "4 900 kr", "SoL (2001:453)"]
    totals = [readable(cell.text) for cell in table.rows[-1].cells]
    assert totals == ["Summa", "56 920 kr", "32 376 kr", "24 544 kr", ""]
    assert table.rows[-1].cells[3].text == "24\u00a0544\u00a0kr"
    assert len(table.rows) == 1 + 5 + 1
    amount = table.rows[1].cells[3].paragraphs[0]
    assert amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(run.bold for run in table.rows[-1].cells[3].paragraphs[0].runs)


def test_appendix_follows_a_page_break():
    text = render_document("beslut_aterkrav", example_context("beslut_aterkrav")).content
    doc = Document(io.BytesIO(text))
    index = next(
        i
        for i, p in enumerate(doc.paragraphs)
        if "Redovisning av felaktig utbetalning" in p.text and p.style.name.startswith("Heading")
    )
    assert 'w:br w:type="page"' in doc.paragraphs[index - 1]._p.xml


def test_amounts_and_dates_are_swedish_formatted():
    text = document_text(
        render_document("avbetalningsplan", example_context("avbetalningsplan")).content
    )
    assert "Skulden är 12 500 kr." in text
    assert "27 januari 2027" in text and "27 juni 2030" in text
    assert "Belopp sista betalningen | 200 kr" in text
    decision = document_text(
        render_document("beslut_aterkrav", example_context("beslut_aterkrav")).content
    )
    assert "betala tillbaka 24 544 kr" in decision
    assert "maj 2025 till september 2025" in decision
    assert "den 7 december 2026" in decision


def test_decision_states_law_not_enforceable_and_remedy():
    text = document_text(
        render_document("beslut_aterkrav", example_context("beslut_aterkrav")).content
    )
    assert "33 kap. 1 § första stycket socialtjänstlagen (2025:400)" in text
    assert "inte drivas in med tvång" in text
    assert "förvaltningsrätten" in text and "avbetalningsplan" in text
    assert "laglighetsprövning" in text


def test_communication_letter_tells_the_right_to_answer_orally_before_the_board():
    text = document_text(render_document("kommunicering", example_context("kommunicering")).content)
    assert "14 kap. 8 § socialtjänstlagen (2025:400)" in text
    assert "senast 21 december 2026" in text
    assert "inte ett beslut" in text


def test_police_report_translates_the_assessment():
    context = example_context("polisanmalan")
    assert "med uppsåt" in document_text(render_document("polisanmalan", context).content)
    context["report"]["assessment"] = "gross_negligence"
    text = document_text(render_document("polisanmalan", context).content)
    assert "med grov oaktsamhet" in text and "Enligt 6 § bidragsbrottslagen (2007:612) ska" in text


def test_unknown_assessment_is_refused():
    context = example_context("polisanmalan")
    context["report"]["assessment"] = "slarv"
    with pytest.raises(InvalidDocumentData, match="slarv"):
        render_document("polisanmalan", context)


def test_missing_top_level_variable_is_named_before_rendering():
    context = example_context("kommunicering")
    del context["reply_by"]
    with pytest.raises(MissingDocumentData) as caught:
        render_document("kommunicering", context)
    assert caught.value.missing == ["reply_by"]
    assert caught.value.kind == "kommunicering"


def test_missing_nested_field_and_list_item_field_are_named():
    context = example_context("beslut_aterkrav")
    del context["decision"]["decided_by"]["title"]
    del context["months"][2]["law"]
    with pytest.raises(MissingDocumentData) as caught:
        render_document("beslut_aterkrav", context)
    assert caught.value.missing == ["decision.decided_by.title", "months[2].law"]


def test_none_where_a_value_is_required_counts_as_missing():
    context = example_context("kommunicering")
    context["findings"]["summary"] = None
    with pytest.raises(MissingDocumentData, match=r"findings\.summary"):
        render_document("kommunicering", context)


def test_optional_field_may_be_none():
    context = example_context("beslut_aterkrav")
    context["decision"]["kommunicering_on"] = None
    text = document_text(render_document("beslut_aterkrav", context).content)
    assert "skickades inte till dig för synpunkter" in text


def test_undefined_field_met_while_rendering_is_named(tmp_path):
    context = example_context("fakturaunderlag")
    context["invoice"]["kind"] = "total"
    del context["invoice"]["due_date"]  # optional in the header, needed for a total invoice
    with pytest.raises(MissingDocumentData) as caught:
        render_document("fakturaunderlag", context)
    assert caught.value.missing == ["invoice.due_date"]


def test_amount_in_oren_is_refused():
    context = example_context("erbjudande_avbetalningsplan")
    context["min_monthly"] = 200.5
    with pytest.raises(InvalidDocumentData, match="hela kronor"):
        render_document("erbjudande_avbetalningsplan", context)


def test_month_table_that_disagrees_with_the_decision_is_refused():
    context = example_context("beslut_aterkrav")
    context["decision"]["total"] = 25000
    with pytest.raises(InvalidDocumentData, match="decision.total"):
        render_document("beslut_aterkrav", context)


def test_unknown_kind():
    with pytest.raises(UnknownDocumentKind):
        render_document("brev_till_tomten", example_context("kommunicering"))


def test_clients_own_words_are_printed_as_written():
    context = example_context("kommunicering")
    context["findings"]["summary"] = "Du skrev: **viktigt** | 3 |\n# inte en rubrik"
    text = document_text(render_document("kommunicering", context).content)
    assert "Du skrev: **viktigt** | 3 |" in text
    assert "# inte en rubrik" in text


def test_request_for_information_quotes_the_law_for_the_authority():
    context = example_context("begaran_uppgifter")
    text = document_text(render_document("begaran_uppgifter", context).content)
    assert "15 kap. 10 § socialtjänstlagen (2025:400)" in text
    context["legal_basis"] = "skatteverket"
    text = document_text(render_document("begaran_uppgifter", context).content)
    assert "15 kap. 12 § socialtjänstlagen (2025:400)" in text
    context["legal_basis"] = "tomten"
    with pytest.raises(InvalidDocumentData, match="tomten"):
        render_document("begaran_uppgifter", context)


def test_template_version_changes_with_the_block_used():
    context = example_context("begaran_uppgifter")
    fk = render_document("begaran_uppgifter", context).template_version
    context["legal_basis"] = "skatteverket"
    assert render_document("begaran_uppgifter", context).template_version != fk


def test_docx_metadata_holds_no_personal_data():
    context = example_context("polisanmalan")
    document = render_document("polisanmalan", context)
    props = Document(io.BytesIO(document.content)).core_properties
    assert props.title == "Polisanmälan om misstänkt bidragsbrott"
    assert props.subject == context["case_number"]
    assert props.version == document.template_version
    values = [props.author, props.title, props.subject, props.comments, props.keywords]
    assert not any("Exempelsson" in v or "19121212" in v for v in values)
