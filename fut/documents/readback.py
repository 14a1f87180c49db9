"""Read a produced .docx back as text (for tests, previews and search), or as blocks for a
preview in the browser that shows what the stored file holds."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from fut.documents import markup
from fut.documents.typography import readable


def _header_text(paragraph: Paragraph) -> str:
    """The running header's text, without the page number after the tab."""
    return readable(paragraph.text.split("\t")[0])


def document_text(content: bytes) -> str:
    """Page header, then paragraphs and table rows in document order.

    Table cells are joined with " | " on one line per row. No-break spaces and hyphens are
    read as plain ones (`typography.readable`); the page number is left out.
    """
    doc = Document(io.BytesIO(content))
    lines = [t for s in doc.sections for p in s.header.paragraphs if (t := _header_text(p))]
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in item.rows)
    return readable("\n".join(lines))


@dataclass(frozen=True)
class Image:
    """A picture in the document (the logo), as a data: URI."""

    data_uri: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[markup.Runs, ...]


@dataclass(frozen=True)
class PreviewTable:
    rows: tuple[tuple[markup.Runs, ...], ...]
    align: tuple[tuple[str, ...], ...]
    """Per row, per cell: "left", "right" or "center"."""
    header: bool
    """The first row repeats as a header (a ruled table of figures)."""
    ruled: bool


PreviewBlock = (
    markup.Heading
    | markup.Paragraph
    | BulletList
    | PreviewTable
    | markup.PageBreak
    | markup.PageHeader
    | Image
)

_ALIGN = {WD_ALIGN_PARAGRAPH.RIGHT: "right", WD_ALIGN_PARAGRAPH.CENTER: "center"}
_BLIP = qn("a:blip")
_EMBED = qn("r:embed")
_BR = qn("w:br")
_TYPE = qn("w:type")


def _runs(paragraph: Paragraph) -> tuple[markup.Runs, list[str], bool]:
    """The paragraph's text runs (a line break is a run of its own, as in the markup), the
    images it holds and whether it breaks the page."""
    runs: list[markup.Run] = []
    images: list[str] = []
    page_break = False
    for run in paragraph.runs:
        bold = bool(run.bold)
        for element in run.element.iter():
            if element.tag == _BR and element.get(_TYPE) == "page":
                page_break = True
            elif element.tag == _BLIP and (rid := element.get(_EMBED)):
                part = paragraph.part.related_parts[rid]
                blob = base64.b64encode(part.blob).decode("ascii")
                images.append(f"data:{part.content_type};base64,{blob}")
        parts = readable(run.text).split("\n")
        for i, text in enumerate(parts):
            if i:
                runs.append(markup.Run(markup.LINE_BREAK, bold))
            if text:
                if runs and runs[-1].bold == bold and runs[-1].text != markup.LINE_BREAK:
                    runs[-1] = markup.Run(runs[-1].text + text, bold)
                else:
                    runs.append(markup.Run(text, bold))
    return tuple(runs), images, page_break


def _table(table: Table) -> PreviewTable:
    rows: list[tuple[markup.Runs, ...]] = []
    align: list[tuple[str, ...]] = []
    for row in table.rows:
        cells: list[markup.Runs] = []
        row_align: list[str] = []
        for cell in row.cells:
            runs: list[markup.Run] = []
            for n, paragraph in enumerate(cell.paragraphs):
                if n:
                    runs.append(markup.Run(markup.LINE_BREAK))
                runs.extend(_runs(paragraph)[0])
            cells.append(tuple(runs))
            first = cell.paragraphs[0] if cell.paragraphs else None
            alignment = first.alignment if first is not None else None
            row_align.append(_ALIGN.get(alignment, "left") if alignment is not None else "left")
        rows.append(tuple(cells))
        align.append(tuple(row_align))
    first_row = table.rows[0]._tr if table.rows else None
    trpr = first_row.trPr if first_row is not None else None
    header = trpr is not None and trpr.find(qn("w:tblHeader")) is not None
    ruled = table.style is not None and table.style.name == "Table Grid"
    return PreviewTable(rows=tuple(rows), align=tuple(align), header=header, ruled=ruled)


def document_blocks(content: bytes) -> list[PreviewBlock]:
    """The document as blocks in document order: the page header first, headings,
    paragraphs (bold and line breaks kept), bullet lists, tables, pictures, page breaks.

    The text is exactly the file's: `document_text` of the same bytes reads the same words
    in the same order. Empty paragraphs (spacing) are left out.
    """
    doc = Document(io.BytesIO(content))
    blocks: list[PreviewBlock] = []
    headers = [t for s in doc.sections for p in s.header.paragraphs if (t := _header_text(p))]
    blocks.extend(markup.PageHeader(text) for text in dict.fromkeys(headers))
    bullets: list[markup.Runs] = []

    def flush() -> None:
        if bullets:
            blocks.append(BulletList(tuple(bullets)))
            bullets.clear()

    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            flush()
            blocks.append(_table(item))
            continue
        runs, images, page_break = _runs(item)
        style = item.style.name if item.style is not None else ""
        if style == "List Bullet":
            bullets.append(runs)
            continue
        flush()
        blocks.extend(Image(uri) for uri in images)
        if style.startswith("Heading ") and style[8:].isdigit():
            blocks.append(markup.Heading(int(style[8:]), runs))
        elif runs:
            blocks.append(markup.Paragraph(runs))
        if page_break:
            blocks.append(markup.PageBreak())
    flush()
    return blocks
