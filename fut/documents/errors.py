"""Errors raised while finding, checking and rendering a document.

Every error says in plain words what is wrong and where, so that the person who
edits a template or the code that builds a context can fix it without a debugger.
"""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """Base class for every error in the document module."""


class UnknownDocumentKind(DocumentError):
    """No template in the catalogue has this kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"okänd dokumenttyp: {kind!r}")


class MissingDocumentData(DocumentError):
    """The context lacks data the template needs (named as dotted paths, e.g. 'decision.total')."""

    def __init__(self, kind: str, missing: list[str]) -> None:
        self.kind = kind
        self.missing = list(missing)
        super().__init__(f"{kind}: uppgifter saknas: {', '.join(self.missing)}")


class InvalidDocumentData(DocumentError):
    """The context has the data but in a form the template cannot use (e.g. 12.5 as amount)."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(f"{kind}: {message}")


class TemplateError(DocumentError):
    """A template or block file is broken; says which file and what."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")
