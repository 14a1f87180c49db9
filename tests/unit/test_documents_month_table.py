"""The month-by-month appendix: an Avräknat column only when something was already corrected,
each month's reason when given, and totals that always equal the decision."""

from __future__ import annotations

import io

from docx import Document

from fut.documents import document_text, render_document
from fut.documents.examples import example_context
from fut.documents.typography import readable


def month_table(content: bytes) -> list[list[str]]:
    doc = Document(io.BytesIO(content))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Månad")
    return [[readable(cell.text) for cell in row.cells] for row in table.rows]


def decision_with_correction() -> dict:
    context = example_context("beslut_aterkrav")
    june = context["months"][1]
    june["already_corrected"] = 1260
    june["overpaid"] -= 1260  # 5 260 -> 4 000: the rest was counted in a later norm
    context["decision"]["total"] -= 1260
    return context


def test_no_correction_means_no_avraknat_column():
    rows = month_table(
        render_document("beslut_aterkrav", example_context("beslut_aterkrav")).content
    )
    assert "Avräknat" not in rows[0]


def test_a_correction_adds_the_avraknat_column_and_the_totals_still_match_the_decision():
    context = decision_with_correction()
    content = render_document("beslut_aterkrav", context).content
    rows = month_table(content)
    assert rows[0] == ["Månad", "Utbetalt", "Rätt belopp", "Avräknat", "Felaktigt utbetalt", "Lag"]
    assert rows[1][3] == "0 kr" and rows[2][3] == "1 260 kr"
    assert rows[-1] == ["Summa", "56 920 kr", "32 376 kr", "1 260 kr", "23 284 kr", ""]
    text = document_text(content)
    assert "betala tillbaka 23 284 kr" in text
    assert "minus det som har avräknats" in text
    assert "Avräknat är den del som redan har beaktats" in text


def test_each_months_reason_is_listed_under_the_table_when_given():
    context = example_context("kommunicering")
    context["months"][0]["reason"] = "Lön från Exempel Logistik AB"
    context["months"][3]["reason"] = "Sambons lön"
    text = document_text(render_document("kommunicering", context).content)
    assert "Skäl för varje månad:" in text
    assert "maj 2025: Lön från Exempel Logistik AB" in text
    assert "augusti 2025: Sambons lön" in text
    plain = document_text(
        render_document("kommunicering", example_context("kommunicering")).content
    )
    assert "Skäl för varje månad" not in plain


def test_police_report_shows_the_correction_too():
    context = example_context("polisanmalan")
    context["months"][0]["already_corrected"] = 900
    context["months"][0]["overpaid"] -= 900
    context["report"]["amount"] -= 900
    rows = month_table(render_document("polisanmalan", context).content)
    assert "Avräknat" in rows[0] and rows[-1][4] == "23 644 kr"
