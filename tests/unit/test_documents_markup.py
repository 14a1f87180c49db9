"""The small line markup the templates are written in."""

from __future__ import annotations

import pytest

from fut.documents.environment import escape_markup
from fut.documents.markup import (
    Bullet,
    Heading,
    MarkupError,
    PageBreak,
    PageHeader,
    Paragraph,
    Run,
    Table,
    parse,
    parse_inline,
)


def test_headings_paragraphs_bullets_and_page_break():
    blocks = parse("# Rubrik\n\nRad ett\nRad två\n\n- punkt\n---pagebreak---\n## Under")
    assert blocks[0] == Heading(1, (Run("Rubrik"),))
    assert blocks[1] == Paragraph((Run("Rad ett"), Run("\n"), Run("Rad två")))
    assert blocks[2] == Bullet((Run("punkt"),))
    assert isinstance(blocks[3], PageBreak)
    assert blocks[4] == Heading(2, (Run("Under"),))


def test_bold_runs_inside_text():
    assert parse_inline("Betala **12 500 kr** nu") == (
        Run("Betala "),
        Run("12 500 kr", bold=True),
        Run(" nu"),
    )


def test_unclosed_bold_is_an_error():
    with pytest.raises(MarkupError):
        parse_inline("**fel")


def test_table_with_alignment_row_has_header_and_right_aligned_amounts():
    (table,) = parse("| Månad | Belopp |\n|---|--:|\n| maj 2025 | 4 900 kr |")
    assert isinstance(table, Table)
    assert table.header and table.align == ("left", "right")
    assert len(table.rows) == 2


def test_table_without_alignment_row_is_plain():
    (table,) = parse("| a<br>b | c |")
    assert isinstance(table, Table) and not table.header
    assert table.rows[0][0] == (Run("a"), Run("\n"), Run("b"))


def test_ragged_table_is_an_error():
    with pytest.raises(MarkupError, match="celler"):
        parse("| a | b |\n|---|---|\n| c |")


def test_page_header_directive():
    assert parse("---header: Diarienummer FUT-1---") == [PageHeader("Diarienummer FUT-1")]


def test_unknown_directive_is_an_error():
    with pytest.raises(MarkupError, match="direktiv"):
        parse("---signature---")


def test_escaped_data_is_printed_as_written_and_never_becomes_structure():
    data = "# inte rubrik\n- inte punkt\n| inte | tabell |\n**inte fet**\n---pagebreak---"
    blocks = parse(escape_markup(data))
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    text = "".join(run.text for run in blocks[0].runs)
    assert text == data
    assert not any(run.bold for run in blocks[0].runs)
