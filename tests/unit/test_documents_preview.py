"""`make documents`: every kind rendered with example data, and as PDF when LibreOffice is there."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from fut.documents import preview
from fut.documents.examples import example_kinds

FAKE_OFFICE = """#!{python}
import sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
for name in args:
    if name.endswith(".docx"):
        (out / (Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
"""


def test_without_libreoffice_the_preview_writes_docx_and_says_there_is_no_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert preview.main([str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{len(example_kinds())} dokument i")
    assert lines[1] == "Ingen PDF: libreoffice (eller soffice) finns inte på PATH."
    assert len(list((tmp_path / "out").glob("*.docx"))) == len(example_kinds())
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_with_libreoffice_every_document_is_also_a_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    office = bin_dir / "soffice"
    office.write_text(FAKE_OFFICE.format(python=sys.executable), encoding="utf-8")
    office.chmod(office.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(preview, "OFFICE_COMMANDS", ("soffice",))
    assert preview.main([str(tmp_path / "out")]) == 0
    pdfs = sorted(p.stem for p in (tmp_path / "out").glob("*.pdf"))
    docx = sorted(p.stem for p in (tmp_path / "out").glob("*.docx"))
    assert pdfs == docx and len(pdfs) == len(example_kinds())
    assert f"{len(example_kinds())} PDF i" in capsys.readouterr().out
