"""Write markup blocks as a .docx with python-docx, byte for byte reproducible.

Same blocks and metadata give the same bytes: the core properties get fixed
times derived from the document date, and the zip written by python-docx (which
stamps every entry with the current time) is rewritten with fixed entry dates.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from fut.documents.markup import (
    LINE_BREAK,
    Block,
    Bullet,
    Heading,
    Logo,
    PageBreak,
    PageHeader,
    Paragraph,
    Runs,
    Table,
)

FONT = "Arial"
LANGUAGE = "sv-SE"
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
_HEADING_SIZES = {1: 15, 2: 12.5, 3: 11}
LOGO_WIDTH = Cm(3.5)


@dataclass(frozen=True)
class DocumentMeta:
    """Core properties stored in the file (no personal data: no names, no personnummer)."""

    title: str
    subject: str
    category: str
    version: str
    author: str
    day: date


def _set_language(style_element: object) -> None:
    rpr = style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _set_font(style: object) -> None:
    """One font for the style; theme fonts would override it in Word, so drop them."""
    style.font.name = FONT  # type: ignore[attr-defined]
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _setup_styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal)
    normal.font.size = Pt(11)
    _set_language(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in _HEADING_SIZES.items():
        style = doc.styles[f"Heading {level}"]
        _set_font(style)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if level == 1 else 9)
        style.paragraph_format.space_after = Pt(4)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def _add_runs(paragraph: DocxParagraph, runs: Runs, *, bold: bool = False) -> None:
    for run in runs:
        if run.text == LINE_BREAK:
            paragraph.add_run().add_break()
        else:
            paragraph.add_run(run.text).bold = run.bold or bold or None


def _repeat_as_header(row_element: object) -> None:
    trpr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _add_table(doc: DocxDocument, table: Table) -> DocxTable:
    columns = len(table.align)
    out = doc.add_table(rows=len(table.rows), cols=columns)
    if table.header:
        out.style = doc.styles["Table Grid"]
    for r, (row, out_row) in enumerate(zip(table.rows, out.rows, strict=True)):
        is_header = table.header and r == 0
        if is_header:
            _repeat_as_header(out_row._tr)
        for c, (runs, cell) in enumerate(zip(row, out_row.cells, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = _ALIGN[table.align[c]]
            paragraph.paragraph_format.space_after = Pt(0 if table.header else 2)
            _add_runs(paragraph, runs, bold=is_header)
    return out


def _set_page_header(doc: DocxDocument, text: str) -> None:
    for section in doc.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.text = text
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _add_logo(doc: DocxDocument, path: str) -> None:
    """The logo in a paragraph of its own. The picture's part name, ids and the file name
    stored in the document follow from the document alone, so the bytes stay reproducible."""
    doc.add_picture(path, width=LOGO_WIDTH)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _set_core_properties(doc: DocxDocument, meta: DocumentMeta) -> None:
    stamp = datetime(meta.day.year, meta.day.month, meta.day.day, tzinfo=UTC)
    props = doc.core_properties
    props.title = meta.title
    props.subject = meta.subject
    props.category = meta.category
    props.version = meta.version
    props.author = meta.author
    props.last_modified_by = meta.author
    props.language = LANGUAGE
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def normalise_zip(content: bytes, day: date) -> bytes:
    """Rewrite the zip with fixed entry dates and attributes, keeping the entry order."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def write_docx(blocks: list[Block], meta: DocumentMeta) -> bytes:
    """The .docx bytes for the blocks."""
    doc = Document()
    _setup_styles(doc)
    for block in blocks:
        if isinstance(block, Heading):
            _add_runs(doc.add_paragraph(style=f"Heading {block.level}"), block.runs)
        elif isinstance(block, Paragraph):
            _add_runs(doc.add_paragraph(), block.runs)
        elif isinstance(block, Bullet):
            _add_runs(doc.add_paragraph(style="List Bullet"), block.runs)
        elif isinstance(block, Table):
            _add_table(doc, block)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        elif isinstance(block, PageHeader):
            _set_page_header(doc, block.text)
        elif isinstance(block, Logo):
            _add_logo(doc, block.path)
    _set_core_properties(doc, meta)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), meta.day)
