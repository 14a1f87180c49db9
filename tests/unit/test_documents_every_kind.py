"""Every kind of letter, rendered with example data whose months span 1 July 2025 (July
granted on 25 June 2025, so still under the old law), read back from its .docx: no amount,
date or case number that can break across lines, the law of both acts where the months
fall under both, and the month table's total equal to the months' sum."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from docx import Document

from fut.documents import render_document
from fut.documents.examples import example_context, example_kinds
from fut.documents.readback import document_text
from fut.rules.swedish_format import MONTHS, format_kr

BREAKABLE = [
    ("an amount", re.compile(r"\d \d{3}(?!\d)|\d kr\b")),
    ("a date", re.compile(rf"\d{{1,2}} (?:{'|'.join(MONTHS)}) \d{{4}}")),
    ("a month", re.compile(rf"(?:{'|'.join(MONTHS)}) \d{{4}}")),
    ("a case number", re.compile(r"FUT-\d{4}-\d")),
]


def raw_text(content: bytes) -> str:
    """The document's characters as written (no-break spaces and hyphens kept)."""
    doc = Document(io.BytesIO(content))
    parts = [doc.element.body.xml]
    for section in doc.sections:
        for header in (section.header, section.first_page_header, section.footer):
            parts.append(header._element.xml)
    paragraphs = re.split(r"</w:p>", "".join(parts))
    lines = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs]
    return "\n".join(lines).replace("&amp;", "&")


def months_of(context: dict[str, Any]) -> list[dict[str, Any]]:
    months = context.get("months") or []
    return [m for m in months if isinstance(m, dict) and "month" in m]


@pytest.mark.parametrize("kind", example_kinds())
def test_nothing_in_the_letter_breaks_across_lines(kind: str):
    raw = raw_text(render_document(kind, example_context(kind)).content)
    for what, pattern in BREAKABLE:
        found = pattern.search(raw)
        assert found is None, f"{kind}: {what} with a plain space or hyphen: {found.group(0)!r}"


@pytest.mark.parametrize(
    "kind", [k for k in example_kinds() if months_of(example_context(k))]
)  # the kinds with a month table
def test_months_under_both_acts_cite_both_and_the_table_adds_up(kind: str):
    context = example_context(kind)
    months = months_of(context)
    text = document_text(render_document(kind, context).content)
    granted = sorted(m["granted_on"] for m in months if m.get("granted_on"))
    cites_recovery = "kap. 1 §" in text or "kap. 4 §" in text or "kap. 6 §" in text
    if (
        cites_recovery
        and granted
        and granted[0].isoformat() < "2025-07-01" <= granted[-1].isoformat()
    ):
        assert "(2001:453)" in text and "(2025:400)" in text, kind
    if "Summa" in text and all("overpaid" in m for m in months):
        total = format_kr(sum(m["overpaid"] for m in months))
        assert total in text, (kind, total)
