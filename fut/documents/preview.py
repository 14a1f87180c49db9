"""Render every template with its example context into a folder (``make documents``), and
convert the documents to PDF when LibreOffice is installed.

python -m fut.documents.preview [out_dir]      (default: the instance's var/preview)

The letters print the municipality's ``[lagrum]`` texts (FUT_MUNICIPALITY_FILE); the folder
also gets ``lagrum.md``, every cited paragraph with its text and whether it is checked
against statute text, a default text marked "ej kontrollerad (standardtext)".
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
from fut.documents.statutes import CHECKED, lagrum_markdown, lagrum_overview
from fut.municipality import LagrumSettings, MunicipalitySettingsError

OFFICE_COMMANDS = ("libreoffice", "soffice")
PDF_TIMEOUT_SECONDS = 300


def render_catalogue(
    out_dir: Path, templates_dir: Path | None = None, lagrum: LagrumSettings | None = None
) -> list[Path]:
    """Write one .docx per template, citing the unchecked paragraphs with ``lagrum``'s texts
    (default: the default texts); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = (lagrum or LagrumSettings()).model_dump()
    written = []
    for info in list_templates(templates_dir):
        context = example_context(info.kind)
        context["org"] = {**context["org"], "lagrum": texts}
        document = render_document(info.kind, context, templates_dir=templates_dir)
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
    from fut.municipality import get_municipality

    try:
        lagrum = get_municipality().lagrum
    except MunicipalitySettingsError as exc:
        print(f"Kommunens inställningar: {exc}")
        return 1
    start = time.perf_counter()
    written = render_catalogue(out_dir, lagrum=lagrum)
    elapsed = time.perf_counter() - start
    print(f"{len(written)} dokument i {out_dir} ({elapsed:.2f} s)")
    office = office_command()
    if office is None:
        print("Ingen PDF: libreoffice (eller soffice) finns inte på PATH.")
        _statute_note(out_dir, lagrum)
        return 0
    start = time.perf_counter()
    try:
        pdfs = convert_to_pdf(written, out_dir, office)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"PDF kunde inte skapas med {office}: {exc}")
        return 1
    print(f"{len(pdfs)} PDF i {out_dir} ({time.perf_counter() - start:.2f} s)")
    _statute_note(out_dir, lagrum)
    return 0 if len(pdfs) == len(written) else 1


def _statute_note(out_dir: Path, lagrum: LagrumSettings) -> None:
    """Name the cited paragraphs not checked against statute text (fut.documents.statutes),
    each with the text the letters print and whether it is the default, and write the
    overview of all cited paragraphs to lagrum.md."""
    lines = lagrum_overview(lagrum)
    (out_dir / "lagrum.md").write_text(lagrum_markdown(lines), encoding="utf-8")
    unchecked = [f"{line.text} [{line.status}]" for line in lines if line.status != CHECKED]
    if unchecked:
        print(f"Lagrum ej kontrollerade mot lagtext ({len(unchecked)}): {'; '.join(unchecked)}")
        print(f"Ändra texterna under [lagrum] i kommunfilen; översikt: {out_dir / 'lagrum.md'}")


if __name__ == "__main__":
    raise SystemExit(main())
