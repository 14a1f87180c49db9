"""Typography and layout of the written .docx, read from its XML (no LibreOffice needed):
no-break spaces and hyphens, page numbers "1 (3)", the running header from page 2, tables
with fixed widths whose rows never split and whose header repeats, headings kept with what
follows, the closing block kept together with the text before it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from fut.documents import document_text, render_document
from fut.documents.docx_writer import DocumentMeta, write_docx
from fut.documents.examples import example_context, example_kinds
from fut.documents.markup import Closing, PageBreak, parse
from fut.documents.typography import NB_HYPHEN, NBSP, no_break, readable

YEAR = date.today().year  # a case number of any year
META = DocumentMeta("T", "S", "c", "v1", "a", date(2026, 12, 7))


def docx(kind: str) -> Document:
    return Document(io.BytesIO(render_document(kind, example_context(kind)).content))


def body_xml(kind: str) -> str:
    return docx(kind).element.body.xml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skulden är 21 244 kr.", f"Skulden är 21{NBSP}244{NBSP}kr."),
        ("1 000 000 kr", f"1{NBSP}000{NBSP}000{NBSP}kr"),
        ("300 kr/månad", f"300{NBSP}kr/månad"),
        ("den 7 december 2026", f"den 7{NBSP}december{NBSP}2026"),
        ("juli 2025", f"juli{NBSP}2025"),
        ("14 kap. 3 §", f"14{NBSP}kap. 3{NBSP}§"),
        (f"FUT-{YEAR}-00012", f"FUT{NB_HYPHEN}{YEAR}{NB_HYPHEN}00012"),
        ("19121212-1212 och 121212-1212", f"19121212{NB_HYPHEN}1212 och 121212{NB_HYPHEN}1212"),
        ("bankgiro 123-4567", f"bankgiro 123{NB_HYPHEN}4567"),
        ("Telefon: 08-123 45 67", f"Telefon: 08{NB_HYPHEN}123{NBSP}45{NBSP}67"),
        ("e-post och E-post", f"e{NB_HYPHEN}post och E{NB_HYPHEN}post"),
        ("2025-07", "2025-07"),
        ("punkt 1 och 2", "punkt 1 och 2"),
    ],
)
def test_no_break_keeps_amounts_dates_and_numbers_on_one_line(text: str, expected: str):
    assert no_break(text) == expected
    assert readable(no_break(text)) == text


def test_the_decision_holds_no_break_spaces_and_hyphens():
    xml = body_xml("beslut_aterkrav")
    assert f"24{NBSP}544{NBSP}kr" in xml and "24 544 kr" not in xml
    assert f"7{NBSP}december{NBSP}2026" in xml
    assert f"FUT{NB_HYPHEN}2026{NB_HYPHEN}00012" in xml and "FUT-2026" not in xml
    assert f"19121212{NB_HYPHEN}1212" in xml
    assert f"123{NB_HYPHEN}4567" in xml  # bankgiro


def test_text_read_back_has_plain_spaces_and_hyphens():
    context = example_context("beslut_aterkrav")
    text = document_text(render_document("beslut_aterkrav", context).content)
    assert "24 544 kr" in text and context["case_number"] in text
    assert NBSP not in text and NB_HYPHEN not in text


def _instructions(part: object) -> list[str]:
    return [i.text.strip() for i in part._element.iter(qn("w:instrText"))]  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", example_kinds())
def test_page_numbers_on_every_page_and_the_running_header_from_page_two(kind: str):
    section = docx(kind).sections[0]
    assert section.different_first_page_header_footer
    assert _instructions(section.header) == ["PAGE", "NUMPAGES"]
    assert _instructions(section.first_page_header) == ["PAGE", "NUMPAGES"]
    first = section.first_page_header.paragraphs[0].text
    running = section.header.paragraphs[0].text
    assert first == "\t1 (1)"  # page 1: only the number, the letterhead has date and case
    assert (
        readable(running) == "Exempelby kommun, Socialnämnden – Diarienummer FUT-2026-00012\t1 (1)"
    )


@pytest.mark.parametrize("kind", example_kinds())
def test_tables_have_fixed_widths_and_rows_that_never_split(kind: str):
    doc = docx(kind)
    for table in doc.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - Mm(160).twips) <= len(grid)
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst]
            assert widths == grid
        ruled = table.style is not None and table.style.name == "Table Grid"
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert (header is not None) == ruled


def test_the_month_table_gives_the_month_column_room_and_repeats_its_header():
    doc = docx("beslut_aterkrav")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Månad")
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in table.rows[1:])
    widths = [c.width for c in table.columns]
    assert widths[0] == max(widths)


def test_a_short_table_of_figures_moves_to_the_next_page_as_a_whole():
    doc = docx("beslut_aterkrav")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Månad")
    keep = [
        all(c.paragraphs[0].paragraph_format.keep_with_next for c in r.cells) for r in table.rows
    ]
    assert keep == [True] * (len(table.rows) - 1) + [False]


def test_headings_stay_with_what_follows():
    doc = docx("beslut_aterkrav")
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        assert style.paragraph_format.keep_with_next
        assert style.paragraph_format.keep_together


def _keep(paragraph: object) -> tuple[bool, bool]:
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    return bool(fmt.keep_with_next), bool(fmt.keep_together)


@pytest.mark.parametrize("kind", ["beslut_aterkrav", "kommunicering", "beslut_ingen_atgard"])
def test_the_closing_block_stays_together_with_the_text_before_it(kind: str):
    paragraphs = docx(kind).paragraphs
    heading = "Vem som har fattat beslutet" if kind == "beslut_ingen_atgard" else "Kontakt"
    start = next(n for n, p in enumerate(paragraphs) if p.text == heading)
    end = max(n for n, p in enumerate(paragraphs) if p.paragraph_format.keep_together)
    assert _keep(paragraphs[start - 1]) == (True, True)  # the text before
    for paragraph in paragraphs[start:end]:
        assert _keep(paragraph) == (True, True), paragraph.text
    assert _keep(paragraphs[end]) == (False, True)  # the last line keeps with nothing
    assert "Telefon" in paragraphs[end].text


def test_the_signature_table_of_the_plan_is_kept_with_the_contact_block():
    doc = docx("avbetalningsplan")
    signatures = next(t for t in doc.tables if t.rows[0].cells[0].text == "Den som ska betala")
    for row in signatures.rows:
        for cell in row.cells:
            assert _keep(cell.paragraphs[0]) == (True, True)


def test_closing_markup_ends_at_a_page_break():
    blocks = parse("Före\n\n---closing---\n## Kontakt\n\nNamn\n\n---pagebreak---\n# Bilaga\n\nText")
    assert any(isinstance(b, Closing) for b in blocks) and any(
        isinstance(b, PageBreak) for b in blocks
    )
    doc = Document(io.BytesIO(write_docx(blocks, META)))
    keep = {p.text: _keep(p) for p in doc.paragraphs if p.text}
    assert keep["Före"] == (True, True) and keep["Namn"] == (False, True)
    assert keep["Text"] == (False, False)


def test_the_ingen_atgard_decision_is_a_file_note_without_recipient():
    text = document_text(
        render_document("beslut_ingen_atgard", example_context("beslut_ingen_atgard")).content
    )
    assert "Tjänsteanteckning" in text
    assert "Exempelvägen" not in text  # the client's address: nobody is sent the note
