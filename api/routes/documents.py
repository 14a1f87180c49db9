"""The document catalogue, and producing any kind of it for a case on demand."""

from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.exceptions import RequestValidationError

from api.deps import CurrentActor, Id
from fut.db import session_scope
from fut.schemas import DocumentOut
from fut.services import document_catalogue
from fut.services.document_catalogue import DocumentRequest, TemplateOut

router = APIRouter(tags=["documents"])


@router.get("/api/templates", response_model=list[TemplateOut])
def list_templates(actor: CurrentActor) -> list[TemplateOut]:
    """Every document kind: its variables, and what a caller must give to produce it."""
    return document_catalogue.catalogue()


@router.post(
    "/api/cases/{case_id}/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentOut,
)
def produce_document(case_id: Id, data: DocumentRequest, actor: CurrentActor) -> DocumentOut:
    """Produce a document of any kind for the case (utredare, chef); each call stores a new
    document. What the case file cannot give comes in the body (dates as YYYY-MM-DD)."""
    with session_scope() as session:
        outcome = document_catalogue.produce_on_demand(session, actor, case_id, data)
    if isinstance(outcome, document_catalogue.Refused):
        raise RequestValidationError(outcome.errors)
    return outcome
