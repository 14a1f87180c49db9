"""The municipality's logo in every letterhead, and who signs an installment plan for the board."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from fut.documents import InvalidDocumentData, document_text, render_document
from fut.documents.examples import example_context, example_kinds


def one_pixel_png() -> bytes:
    """A valid 1×1 red PNG, written byte by byte (no imaging library needed)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8 bits, RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte, then one red pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture()
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    path.write_bytes(one_pixel_png())
    return path


def with_logo(kind: str, logo: Path | None) -> dict:
    context = example_context(kind)
    context["org"]["logo"] = str(logo) if logo else None
    return context


@pytest.mark.parametrize("kind", example_kinds())
def test_every_document_shows_the_logo_above_the_letterhead(kind: str, logo: Path):
    content = render_document(kind, with_logo(kind, logo)).content
    doc = Document(io.BytesIO(content))
    assert len(doc.inline_shapes) == 1
    assert abs(doc.inline_shapes[0].width - Cm(3.5)) < Cm(0.01)
    first = doc.paragraphs[0]._p.xml
    assert "<pic:pic" in first  # the logo comes first, the letterhead table after it
    media = [n for n in doc.part.package.parts if n.partname.startswith("/word/media/")]
    assert [m.blob for m in media] == [logo.read_bytes()]


def test_without_a_logo_there_is_no_picture(logo: Path):
    doc = Document(
        io.BytesIO(render_document("kommunicering", with_logo("kommunicering", None)).content)
    )
    assert len(doc.inline_shapes) == 0


def test_a_letter_with_a_logo_is_byte_for_byte_reproducible(logo: Path):
    first = render_document("beslut_aterkrav", with_logo("beslut_aterkrav", logo))
    second = render_document("beslut_aterkrav", with_logo("beslut_aterkrav", logo))
    assert first.content == second.content
    assert (
        first.sha256
        != render_document("beslut_aterkrav", with_logo("beslut_aterkrav", None)).sha256
    )


def test_a_logo_that_is_not_an_image_is_refused_naming_the_logo(tmp_path: Path):
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"not a picture")
    with pytest.raises(InvalidDocumentData, match="logotypen"):
        render_document("kommunicering", with_logo("kommunicering", broken))


def test_the_boards_signatory_signs_the_installment_plan():
    text = document_text(
        render_document("avbetalningsplan", example_context("avbetalningsplan")).content
    )
    assert "Karin Chef, Enhetschef" in text
    context = example_context("avbetalningsplan")
    context["signatories"] = []
    text = document_text(render_document("avbetalningsplan", context).content)
    assert "Karin Chef" not in text
    assert "Maria Utredare, Utredare av felaktiga utbetalningar" in text  # the officer signs
