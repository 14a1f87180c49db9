"""Read a produced .docx back as text (for tests, previews and search)."""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def document_text(content: bytes) -> str:
    """Page header, then paragraphs and table rows in document order.

    Table cells are joined with " | " on one line per row.
    """
    doc = Document(io.BytesIO(content))
    lines = [p.text for s in doc.sections for p in s.header.paragraphs if p.text]
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            lines.extend(" | ".join(cell.text for cell in row.cells) for row in item.rows)
    return "\n".join(lines)
