"""Render every template with its example context into a folder (``make documents``), and
convert the documents to PDF when LibreOffice is installed.

python -m fut.documents.preview [out_dir]      (default: the instance's var/preview)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fut.documents.examples import example_context
from fut.documents.render import list_templates, render_document

OFFICE_COMMANDS = ("libreoffice", "soffice")
PDF_TIMEOUT_SECONDS = 300


def render_catalogue(out_dir: Path, templates_dir: Path | None = None) -> list[Path]:
    """Write one .docx per template; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for info in list_templates(templates_dir):
        document = render_document(
            info.kind, example_context(info.kind), templates_dir=templates_dir
        )
        path = out_dir / f"{info.kind}.docx"
        path.write_bytes(document.content)
        written.append(path)
    return written


def office_command() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return next((found for name in OFFICE_COMMANDS if (found := shutil.which(name))), None)


def convert_to_pdf(paths: list[Path], out_dir: Path, office: str) -> list[Path]:
    """Convert the documents to PDF with LibreOffice (headless, a private profile so that a
    LibreOffice the user has open does not interfere); returns the PDFs written."""
    with tempfile.TemporaryDirectory(prefix="futflow-office-") as profile:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *(str(p) for p in paths),
            ],
            check=True,
            capture_output=True,
            timeout=PDF_TIMEOUT_SECONDS,
        )
    return [pdf for p in paths if (pdf := out_dir / f"{p.stem}.pdf").is_file()]


def _default_dir() -> Path:
    from fut.settings import get_settings

    return get_settings().var_dir / "preview"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else _default_dir()
    start = time.perf_counter()
    written = render_catalogue(out_dir)
    elapsed = time.perf_counter() - start
    print(f"{len(written)} dokument i {out_dir} ({elapsed:.2f} s)")
    office = office_command()
    if office is None:
        print("Ingen PDF: libreoffice (eller soffice) finns inte på PATH.")
        _statute_note()
        return 0
    start = time.perf_counter()
    try:
        pdfs = convert_to_pdf(written, out_dir, office)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"PDF kunde inte skapas med {office}: {exc}")
        return 1
    print(f"{len(pdfs)} PDF i {out_dir} ({time.perf_counter() - start:.2f} s)")
    _statute_note()
    return 0 if len(pdfs) == len(written) else 1


def _statute_note() -> None:
    """Name the cited paragraphs not checked against statute text (fut.documents.statutes)."""
    from fut.documents.catalogue import DEFAULT_TEMPLATES_DIR
    from fut.documents.statutes import unchecked_cited

    unchecked = unchecked_cited(DEFAULT_TEMPLATES_DIR)
    if unchecked:
        print(f"Lagrum ej kontrollerade mot lagtext ({len(unchecked)}): {'; '.join(unchecked)}")


if __name__ == "__main__":
    raise SystemExit(main())
