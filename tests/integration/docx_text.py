"""Read a stored .docx back as a person would see its text (paragraphs and table cells)."""

from __future__ import annotations

import io

import docx

from fut.documents.typography import readable


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return readable("\n".join(parts))  # no-break spaces and hyphens read as plain ones
