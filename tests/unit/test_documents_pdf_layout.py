"""Every kind as a PDF (LibreOffice): no page holds only the closing block (contact and
signature), and no page holds rows of a table without the table's header row.

Needs LibreOffice and pdftotext (poppler-utils); skipped with a line saying how to install
them when they are missing. .ci/run installs both.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from fut.documents.docx_writer import DocumentMeta, write_docx
from fut.documents.markup import parse
from fut.documents.preview import convert_to_pdf, office_command, render_catalogue
from fut.documents.typography import readable

OFFICE = office_command()
pytestmark = [
    pytest.mark.skipif(
        OFFICE is None,
        reason="LibreOffice saknas: apt-get install libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext saknas: apt-get install poppler-utils",
    ),
]
PAGE_NUMBER = re.compile(r"\d+ \(\d+\)\s*$")


def pdf_pages(pdf: Path) -> list[list[str]]:
    """Each page's lines (pdftotext -layout), without the page header and empty lines."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    out = []
    for page in pages:
        lines = [readable(line).strip() for line in page.splitlines() if line.strip()]
        if lines and PAGE_NUMBER.search(lines[0]):
            lines = lines[1:]
        out.append(lines)
    return out


def _has_keep_lines(element: object) -> bool:
    return any(
        p.find(f"{qn('w:pPr')}/{qn('w:keepLines')}") is not None
        for p in element.iter(qn("w:p"))  # type: ignore[attr-defined]
    )


def _text(element: object) -> str:
    return " ".join(t.text or "" for t in element.iter(qn("w:t")))  # type: ignore[attr-defined]


def closing_words(docx: bytes) -> set[str]:
    """The words of the closing blocks: the runs of paragraphs (and tables) the writer keeps
    together, less the text before each block that it is kept with."""
    body = Document(io.BytesIO(docx)).element.body
    words: set[str] = set()
    run: list[object] = []
    for element in [*body.iterchildren(), None]:
        if element is not None and _has_keep_lines(element):
            if element.tag == qn("w:p") and _is_heading(element) and not run:
                continue  # a heading keeps its lines by its style, not as a closing block
            run.append(element)
            continue
        if run:
            before = 2 if run[0].tag == qn("w:tbl") else 1  # type: ignore[attr-defined]
            for kept in run[before:]:
                words.update(readable(_text(kept)).split())
            run = []
    return words


def _is_heading(paragraph: object) -> bool:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")  # type: ignore[attr-defined]
    return style is not None and style.get(qn("w:val")).startswith("Heading")


def closing_alone(pages: list[list[str]], words: set[str]) -> list[int]:
    """The pages (1-based) whose every word belongs to the closing block."""
    return [
        n
        for n, lines in enumerate(pages, 1)
        if lines and words and set(" ".join(lines).split()) <= words
    ]


def header_tables(docx: bytes) -> list[tuple[str, list[str]]]:
    """Each table with a repeating header row: the header's first cell and the rows' first
    cells."""
    doc = Document(io.BytesIO(docx))
    tables = []
    for table in doc.tables:
        trpr = table.rows[0]._tr.trPr
        if trpr is None or trpr.find(qn("w:tblHeader")) is None:
            continue
        first = [readable(row.cells[0].text).strip() for row in table.rows]
        tables.append((first[0], [f for f in first[1:] if f]))
    return tables


def rows_without_header(pages: list[list[str]], tables: list[tuple[str, list[str]]]) -> list[str]:
    """ "page N: row" for every page where a table row comes before (or without) its header."""
    found = []
    for n, lines in enumerate(pages, 1):
        for header, rows in tables:
            starts = [re.compile(rf"^{re.escape(r)}(\s{{2,}}|$)") for r in rows]
            for i, line in enumerate(lines):
                if any(s.match(line) for s in starts):
                    if not any(re.match(rf"^{re.escape(header)}\s", h) for h in lines[:i]):
                        found.append(f"sida {n}: {line}")
                    break
    return found


# A document that breaks both rules, to see the checks fail: a long table whose header row
# is not repeated, and the contact block pushed alone onto the last page.
LONG_TABLE = "\n".join(
    [
        "# Prov",
        "",
        "| Rad | Belopp |",
        "|---|--:|",
        *(f"| Rad nummer {n} | {n * 100} kr |" for n in range(1, 80)),
        "",
        "Text före.",
        "",
        "---closing---",
        "## Kontakt",
        "",
        "Med vänlig hälsning",
        "",
        "Maria Utredare",
    ]
)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, Path]]:
    out = tmp_path_factory.mktemp("pdf")
    paths = render_catalogue(out)
    written = write_docx(
        parse(LONG_TABLE), DocumentMeta("T", "S", "c", "v", "a", date(2026, 12, 7))
    )
    bad = Document(io.BytesIO(written))
    for trpr in bad.element.body.iter(qn("w:trPr")):
        for repeat in trpr.findall(qn("w:tblHeader")):
            trpr.remove(repeat)
    last = bad.paragraphs[-1]
    for p in bad.paragraphs:
        if p.text == "Kontakt":
            p.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)
    assert last.text == "Maria Utredare"
    bad_path = out / "prov_fel.docx"
    bad.save(str(bad_path))
    assert OFFICE is not None
    pdfs = convert_to_pdf([*paths, bad_path], out, OFFICE)
    assert len(pdfs) == len(paths) + 1
    documents = {p.stem: (p.read_bytes(), out / f"{p.stem}.pdf") for p in paths}
    # the written file (with its header row marked) is what the checks read the rules from
    documents["prov_fel"] = (written, out / "prov_fel.pdf")
    return documents


def test_the_checks_see_a_lone_closing_block_and_a_table_cut_from_its_header(converted):
    docx, pdf = converted["prov_fel"]
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    assert rows_without_header(pages, header_tables(docx))
    assert closing_alone(pages, closing_words(docx)) == [len(pages)]


def test_no_page_holds_only_the_closing_block(converted):
    lone = {
        kind: pages
        for kind, (docx, pdf) in converted.items()
        if kind != "prov_fel" and (pages := closing_alone(pdf_pages(pdf), closing_words(docx)))
    }
    assert lone == {}


def test_no_table_row_is_cut_from_its_header(converted):
    cut = {
        kind: found
        for kind, (docx, pdf) in converted.items()
        if kind != "prov_fel"
        and (found := rows_without_header(pdf_pages(pdf), header_tables(docx)))
    }
    assert cut == {}


def test_every_kind_has_page_numbers(converted):
    for kind, (_, pdf) in converted.items():
        if kind == "prov_fel":
            continue
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        for n, page in enumerate(pages, 1):
            first = next(line for line in page.splitlines() if line.strip())
            assert first.strip().endswith(f"{n} ({len(pages)})"), (kind, n, first)
