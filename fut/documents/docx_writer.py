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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from fut.documents.markup import (
    LINE_BREAK,
    Block,
    Bullet,
    Closing,
    Heading,
    Logo,
    PageBreak,
    PageHeader,
    Paragraph,
    Runs,
    Table,
)
from fut.documents.typography import no_break

FONT = "Arial"
LANGUAGE = "sv-SE"
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
_HEADING_SIZES = {1: 15, 2: 12.5, 3: 11}
LOGO_WIDTH = Cm(3.5)
PAGE_WIDTH, MARGIN = Mm(210), Mm(25)
TEXT_WIDTH = Mm(160)
_MIN_COLUMN_CHARS, _MAX_COLUMN_CHARS = 6, 40
KEEP_TABLE_ROWS = 15
_HEADER_STYLE_TABS = (Twips(4680), Twips(9360))


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
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = True
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, Mm(297)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def _add_runs(paragraph: DocxParagraph, runs: Runs, *, bold: bool = False) -> None:
    for run in runs:
        if run.text == LINE_BREAK:
            paragraph.add_run().add_break()
        else:
            paragraph.add_run(no_break(run.text)).bold = run.bold or bold or None


def _row_properties(row_element: object, *, header: bool) -> None:
    """A row never splits across pages; the header row repeats on every page."""
    trpr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    trpr.append(cant_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)


def _cell_chars(runs: Runs, *, header: bool) -> int:
    """How wide a cell wants to be, in characters: its longest line (a header's longest word,
    as a header may wrap)."""
    text = "".join(r.text for r in runs)
    parts = text.split() if header else text.split(LINE_BREAK)
    return max((len(part) for part in parts), default=0)


def column_widths(table: Table, total: Length = TEXT_WIDTH) -> list[int]:
    """Fixed column widths (EMU) over the text width, in proportion to the columns' content."""
    columns = len(table.align)
    wants = [_MIN_COLUMN_CHARS] * columns
    for r, row in enumerate(table.rows):
        for c, runs in enumerate(row):
            chars = _cell_chars(runs, header=table.header and r == 0)
            wants[c] = max(wants[c], min(chars, _MAX_COLUMN_CHARS))
    widths = [total * want // sum(wants) for want in wants]
    widths[-1] += total - sum(widths)
    return widths


def _fix_layout(out: DocxTable, widths: list[int]) -> None:
    out.autofit = False
    tblpr = out._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(Length(w).twips for w in widths)))
    for column, width in zip(out.columns, widths, strict=True):
        column.width = Length(width)
    for row in out.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Length(width)


def _add_table(doc: DocxDocument, table: Table) -> DocxTable:
    columns = len(table.align)
    out = doc.add_table(rows=len(table.rows), cols=columns)
    if table.header:
        out.style = doc.styles["Table Grid"]
    _fix_layout(out, column_widths(table))
    short = len(table.rows) <= KEEP_TABLE_ROWS  # a short table of figures moves as a whole
    for r, (row, out_row) in enumerate(zip(table.rows, out.rows, strict=True)):
        is_header = table.header and r == 0
        _row_properties(out_row._tr, header=is_header)
        for c, (runs, cell) in enumerate(zip(row, out_row.cells, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = _ALIGN[table.align[c]]
            paragraph.paragraph_format.space_after = Pt(0 if table.header else 2)
            if is_header or (table.header and r < len(table.rows) - 1 and short):
                paragraph.paragraph_format.keep_with_next = True
            _add_runs(paragraph, runs, bold=is_header)
    return out


def _add_field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _header_paragraph(paragraph: DocxParagraph, text: str) -> None:
    """The running text on the left, the page number "2 (3)" at the right margin."""
    tabs = paragraph.paragraph_format.tab_stops
    for inherited in _HEADER_STYLE_TABS:  # the Header style's centre and right tabs
        tabs.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        paragraph.add_run(no_break(text))
    paragraph.add_run("\t")
    _add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" (")
    _add_field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(")")
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _set_page_headers(doc: DocxDocument, text: str) -> None:
    """Page numbers on every page; the running header from page 2 on (page 1 has the
    letterhead with the date and case number)."""
    for section in doc.sections:
        section.different_first_page_header_footer = True
        _header_paragraph(section.header.paragraphs[0], text)
        _header_paragraph(section.first_page_header.paragraphs[0], "")


def _keep_closing_together(elements: list[object]) -> None:
    """The closing block stays on one page, with the last paragraph (or table row) before it."""
    paragraphs: list[object] = []
    for n, element in enumerate(elements):
        if element.tag == qn("w:tbl"):  # type: ignore[attr-defined]
            rows = element.findall(qn("w:tr"))  # type: ignore[attr-defined]
            # a table before the closing block: its last row; in it: every row
            for row in rows[-1:] if n == 0 else rows:
                paragraphs.extend(row.iter(qn("w:p")))
        elif element.tag == qn("w:p"):  # type: ignore[attr-defined]
            paragraphs.append(element)
    for n, element in enumerate(paragraphs):
        ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
        ppr.keepLines_val = True
        if n < len(paragraphs) - 1:
            ppr.keepNext_val = True


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
    body = doc.element.body
    header = ""
    closing_from: int | None = None

    def end_closing() -> None:
        nonlocal closing_from
        if closing_from is not None:
            children = [c for c in body.iterchildren() if c.tag != qn("w:sectPr")]
            _keep_closing_together(children[closing_from:])
            closing_from = None

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
            end_closing()
            doc.add_page_break()
        elif isinstance(block, PageHeader):
            header = block.text
        elif isinstance(block, Closing):
            end_closing()
            before = [c for c in body.iterchildren() if c.tag != qn("w:sectPr")]
            # the text before the closing block: the last paragraph, or a table and the
            # empty paragraph after it
            back = 2 if len(before) > 1 and before[-2].tag == qn("w:tbl") else 1
            closing_from = max(len(before) - back, 0)
        elif isinstance(block, Logo):
            _add_logo(doc, block.path)
    end_closing()
    _set_page_headers(doc, header)
    _set_core_properties(doc, meta)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), meta.day)
