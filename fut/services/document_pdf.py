"""A stored document as PDF, converted by LibreOffice where it is installed.

A PDF is made once per document content and kept in the var directory under the
document's SHA-256 (`var/pdf/<sha256>.pdf`): a stored document never changes, so neither
does its PDF. Conversions of the same document wait for each other within the process; a
conversion writes into a private folder beside the cache and moves the finished PDF into
place in one step, so another process never sees half a file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from fut.documents.preview import convert_to_pdf, office_command
from fut.models import Document
from fut.settings import get_settings

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


class PdfUnavailable(Exception):
    """No LibreOffice on this server: there is no PDF to offer."""


class PdfFailed(Exception):
    """LibreOffice did not produce the PDF."""


def pdf_available() -> bool:
    return office_command() is not None


def cache_path(document: Document) -> Path:
    return get_settings().var_dir / "pdf" / f"{document.sha256}.pdf"


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def document_pdf(document: Document, docx: Path) -> Path:
    """The PDF of `document` (whose checked file is `docx`), converting it the first time."""
    target = cache_path(document)
    if target.is_file():
        return target
    office = office_command()
    if office is None:
        raise PdfUnavailable()
    with _lock(document.sha256):
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".convert-") as work:
            source = Path(work) / f"{document.sha256}.docx"
            shutil.copyfile(docx, source)
            try:
                made = convert_to_pdf([source], Path(work), office)
            except (OSError, subprocess.SubprocessError) as exc:
                raise PdfFailed(str(exc)) from exc
            if not made:
                raise PdfFailed("LibreOffice wrote no PDF")
            os.replace(made[0], target)
    return target
