"""Producing a case's documents: rendered once, stored with template version and SHA-256,
never changed afterwards (a correction is a new document)."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from fut import audit
from fut.auth import Actor
from fut.documents import render_document
from fut.errors import Conflict, NotFound
from fut.models import Case, Document, row_id
from fut.schemas import DocumentOut
from fut.services.document_context import build_context
from fut.services.document_files import published, write_after_commit
from fut.settings import get_settings

log = logging.getLogger("futflow.documents")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


def produce(
    session: Session, case: Case, kind: str, key: str, actor: Actor, **extra: Any
) -> Document:
    """The document `kind` for `case` under idempotency `key`; rendered only the first time."""
    existing = session.exec(
        select(Document).where(Document.case_id == case.id, Document.idempotency_key == key)
    ).first()
    if existing is not None:
        return existing
    settings = get_settings()
    context = build_context(session, case, kind, **extra)
    rendered = render_document(kind, context, templates_dir=settings.templates_dir)
    relative = Path(case.case_number) / f"{_safe(key)}_{kind}_{rendered.sha256[:12]}.docx"
    document = Document(
        case_id=row_id(case),
        kind=kind,
        title=rendered.title,
        template_version=rendered.template_version,
        sha256=rendered.sha256,
        path=str(relative),
        idempotency_key=key,
        created_by=actor.username,
    )
    session.add(document)
    session.flush()
    write_after_commit(session, document, settings.documents_path / relative, rendered.content)
    audit.record(
        session,
        actor,
        "document_produced",
        case_id=case.id,
        entity="document",
        entity_id=document.id,
        kind=kind,
        sha256=rendered.sha256,
    )
    return document


def case_documents(session: Session, case_id: int) -> list[Document]:
    stmt = select(Document).where(Document.case_id == case_id).order_by(col(Document.id))
    return list(session.exec(stmt))


def document_file(session: Session, actor: Actor, case: Case, doc_id: int) -> tuple[Document, Path]:
    document = session.get(Document, doc_id)
    if document is None or document.case_id != case.id:
        raise NotFound(f"no document {doc_id} in case {case.case_number}")
    path = get_settings().documents_path / document.path
    if not published(path, document.sha256):
        raise NotFound(f"the file of document {doc_id} is missing from the document store")
    if hashlib.sha256(path.read_bytes()).hexdigest() != document.sha256:
        audit.record(
            session,
            actor,
            "document_integrity_failed",
            case_id=case.id,
            entity="document",
            entity_id=doc_id,
        )
        raise Conflict(
            f"document {doc_id} no longer matches its SHA-256 {document.sha256}; "
            "it has been altered in the document store and is not served"
        )
    audit.record(
        session, actor, "document_read", case_id=case.id, entity="document", entity_id=doc_id
    )
    return document, path


def document_out(document: Document) -> DocumentOut:
    return DocumentOut(
        id=document.id,
        kind=document.kind,
        title=document.title,
        template_version=document.template_version,
        sha256=document.sha256,
        created_at=document.created_at,
        url=f"/api/cases/{document.case_id}/documents/{document.id}",
    )
