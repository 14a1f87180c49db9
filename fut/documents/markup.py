"""The line markup a rendered template body is written in.

Deliberately small, so a municipality can edit a template in any text editor:

``# Rubrik``, ``## Underrubrik``, ``### Mindre rubrik``
    headings.
blank line
    starts a new paragraph. Lines inside a paragraph are kept as lines
    (an address is simply written on consecutive lines).
``- text``
    a bullet point.
``**fet**``
    bold text, anywhere.
``| a | b |``
    a table row. When the second row is an alignment row (``|---|--:|``) the
    first row is a header and the table gets ruled borders; ``--:`` aligns a
    column right (amounts), ``:-:`` centres it. A table without an alignment
    row is plain (no borders), e.g. for the letterhead. ``<br>`` breaks a
    line inside a cell.
``---pagebreak---``
    a page break.
``---header: text---``
    the running page header, from page 2 on (page 1 has the letterhead).
``---closing---``
    the closing block (contact and signature) starts here: it is kept together on one
    page, with the text before it, up to the next page break or the end.
``---logo: path---``
    the municipality's logo (a PNG or JPEG file), 3.5 cm wide; the letterhead block
    prints it when ``org.logo`` is set.
``\\``
    a backslash before a character prints it as it is (``\\*``, ``\\|``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALIGN_CELL = re.compile(r"^:?-+:?$")
_HEADING = re.compile(r"^(#{1,3}) +(.*)$")
_DIRECTIVE = re.compile(r"^---([a-z]+)(?::\s*(.*?))?---$")
LINE_BREAK = "\n"


class MarkupError(ValueError):
    """The rendered body breaks the markup (says which line)."""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    runs: Runs


@dataclass(frozen=True)
class Paragraph:
    runs: Runs


@dataclass(frozen=True)
class Bullet:
    runs: Runs


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Runs, ...], ...]
    align: tuple[str, ...]
    header: bool


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class PageHeader:
    text: str


@dataclass(frozen=True)
class Closing:
    pass


@dataclass(frozen=True)
class Logo:
    path: str


Block = Heading | Paragraph | Bullet | Table | PageBreak | PageHeader | Logo | Closing


def parse_inline(text: str) -> Runs:
    """Split text into runs: ``**`` toggles bold, ``<br>`` breaks the line."""
    runs: list[Run] = []
    buf: list[str] = []
    bold = False

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold))
            buf.clear()

    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif text.startswith("<br>", i):
            flush()
            runs.append(Run(LINE_BREAK, bold))
            i += 4
        else:
            buf.append(text[i])
            i += 1
    flush()
    if bold:
        raise MarkupError(f"** öppnas men stängs inte: {text.strip()!r}")
    return tuple(runs)


def plain_text(text: str) -> str:
    """The text without markup (used for the page header)."""
    return "".join(r.text for r in parse_inline(text))


def split_row(line: str) -> list[str]:
    """Cells of a table row, splitting on unescaped ``|``."""
    cells: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            buf.append(line[i : i + 2])
            i += 2
            continue
        if line[i] == "|":
            cells.append("".join(buf))
            buf = []
        else:
            buf.append(line[i])
        i += 1
    cells.append("".join(buf))
    # "| a | b |" gives ["", " a ", " b ", ""]: drop the empty outer parts.
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [c.strip() for c in cells]


def _align(cell: str) -> str:
    if cell.startswith(":") and cell.endswith(":"):
        return "center"
    return "right" if cell.endswith(":") else "left"


def parse_table(lines: list[str]) -> Table:
    rows = [split_row(line) for line in lines]
    header = len(rows) > 1 and all(_ALIGN_CELL.match(c) for c in rows[1])
    align = tuple(_align(c) for c in rows[1]) if header else ("left",) * len(rows[0])
    if header:
        rows = [rows[0], *rows[2:]]
    width = len(rows[0])
    for line, row in zip(lines, rows, strict=False):
        if len(row) != width:
            raise MarkupError(f"tabellraden har {len(row)} celler, ska ha {width}: {line!r}")
    if len(align) != width:
        raise MarkupError(f"justeringsraden har {len(align)} celler, ska ha {width}")
    cells = tuple(tuple(parse_inline(c) for c in row) for row in rows)
    return Table(rows=cells, align=align, header=header)


def parse(text: str) -> list[Block]:
    """Turn a rendered body into blocks for the docx writer."""
    blocks: list[Block] = []
    para: list[str] = []
    table: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(parse_inline("<br>".join(para))))
            para.clear()
        if table:
            blocks.append(parse_table(table))
            table.clear()

    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.startswith("|"):
            if para:
                flush()
            table.append(line)
            continue
        if table:
            flush()
        if not line.strip():
            flush()
        elif directive := _DIRECTIVE.match(line):
            flush()
            name, arg = directive.group(1), directive.group(2)
            if name == "pagebreak" and arg is None:
                blocks.append(PageBreak())
            elif name == "closing" and arg is None:
                blocks.append(Closing())
            elif name == "header" and arg is not None:
                blocks.append(PageHeader(plain_text(arg)))
            elif name == "logo" and arg:
                blocks.append(Logo(plain_text(arg)))
            else:
                raise MarkupError(f"okänt direktiv: {line!r}")
        elif heading := _HEADING.match(line):
            flush()
            blocks.append(Heading(len(heading.group(1)), parse_inline(heading.group(2))))
        elif line.startswith("- "):
            flush()
            blocks.append(Bullet(parse_inline(line[2:].strip())))
        else:
            para.append(line.strip())
    flush()
    return blocks
