"""The data a document needs, gathered from the case file (and nothing more).

    build_context(session, case, kind, **extra) -> the context for render_document

One builder per document kind (``KINDS``), grouped by use: ``decisions`` (the
investigation's letters and the board's decisions), ``repayment`` (paying the debt back),
``authorities`` (other bodies, the police investigation's aftermath) and ``court_action``
(förvaltningsrätten), ``notices`` (meetings, a changed plan, the paid debt, the decision
basis, the printed report, the note that the client left assistance). ``common.CaseFile``
reads the case once. The caller's ``extra`` values are laid over what the case file gives
(objects field by field). A fact the case lacks stays None, so rendering names it as missing.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from fut.models import Case
from fut.services.document_context import (
    authorities,
    court_action,
    decisions,
    notices,
    repayment,
)
from fut.services.document_context.common import CaseFile, KindSpec, merge

KINDS: dict[str, KindSpec] = {
    **decisions.KINDS,
    **repayment.KINDS,
    **authorities.KINDS,
    **court_action.KINDS,
    **notices.KINDS,
}


def _nothing_from_the_case(file: CaseFile, extra: Any) -> dict[str, Any]:
    return {}


def kind_spec(kind: str) -> KindSpec | None:
    """How the kind is built, or None for a template the product has no builder for (then
    every variable of its own comes from the caller)."""
    return KINDS.get(kind)


def build_context(
    session: Session, case: Case, kind: str, *, fallback_officer: str | None = None, **extra: Any
) -> dict[str, Any]:
    """The context of ``kind`` for ``case``; ``fallback_officer`` (a username) is the handling
    officer while nobody has triaged or investigated the case."""
    file = CaseFile(session, case, fallback_officer=fallback_officer)
    spec = KINDS.get(kind)
    build = spec.build if spec else _nothing_from_the_case
    return {**file.common(), **merge(build(file, extra), extra)}


__all__ = ["KINDS", "CaseFile", "KindSpec", "build_context", "kind_spec"]
