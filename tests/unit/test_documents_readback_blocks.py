"""A stored .docx read back as blocks for the preview in the browser: the same text as the
file, with its headings, bold, line breaks, lists, tables, logo and page breaks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fut.documents.docx_writer import DocumentMeta, write_docx
from fut.documents.examples import example_context, example_kinds
from fut.documents.markup import Heading, PageBreak, PageHeader, Paragraph, Run, parse
from fut.documents.readback import BulletList, Image, PreviewTable, document_blocks, document_text
from fut.documents.render import render_document
from tests.unit.test_documents_letterhead import one_pixel_png

META = DocumentMeta("T", "S", "C", "1", "futflow", date(2026, 11, 27))


def words(blocks: list) -> list[str]:
    text: list[str] = []
    for block in blocks:
        if isinstance(block, PageHeader):
            text.append(block.text)
        elif isinstance(block, Heading | Paragraph):
            text.append("".join(r.text for r in block.runs))
        elif isinstance(block, BulletList):
            text.extend("".join(r.text for r in item) for item in block.items)
        elif isinstance(block, PreviewTable):
            text.extend("".join(r.text for r in cell) for row in block.rows for cell in row)
    return " ".join(text).split()


def test_blocks_keep_headings_bold_breaks_lists_tables_logo_and_page_breaks(tmp_path: Path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(one_pixel_png())
    body = (
        "---header: Sidhuvud---\n"
        f"---logo: {logo}---\n"
        "# Rubrik\n\n"
        "Rad ett **fet**\nRad två\n\n"
        "- första\n- andra\n\n"
        "| Månad | Belopp |\n|---|--:|\n| maj 2025 | 4 000 kr |\n\n"
        "---pagebreak---\n"
        "## Sista"
    )
    blocks = document_blocks(write_docx(parse(body), META))
    assert blocks[0] == PageHeader("Sidhuvud")
    assert isinstance(blocks[1], Image) and blocks[1].data_uri.startswith("data:image/png;base64,")
    assert blocks[2] == Heading(1, (Run("Rubrik"),))
    assert blocks[3] == Paragraph((Run("Rad ett "), Run("fet", True), Run("\n"), Run("Rad två")))
    assert blocks[4] == BulletList(((Run("första"),), (Run("andra"),)))
    table = blocks[5]
    assert isinstance(table, PreviewTable) and table.header and table.ruled
    assert table.align[1] == ("left", "right")
    assert table.rows[1] == ((Run("maj 2025"),), (Run("4 000 kr"),))
    assert isinstance(blocks[6], PageBreak)
    assert blocks[7] == Heading(2, (Run("Sista"),))


@pytest.mark.parametrize("kind", example_kinds())
def test_every_template_reads_back_with_the_same_words_as_the_file(kind: str):
    content = render_document(kind, example_context(kind)).content
    expected = [w for w in document_text(content).split() if w != "|"]
    assert words(document_blocks(content)) == expected
