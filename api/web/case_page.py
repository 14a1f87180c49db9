"""/cases/{id}: the case page; the full personnummer on request; a document's download,
browser preview and PDF. Access and audit are the services' (the same code as the API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.web import case_labels
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from api.web.task_form import CONFIRMATIONS
from fut.db import session_scope
from fut.documents.readback import document_blocks
from fut.services import cases, documents
from fut.services.case_page_view import case_page
from fut.services.document_catalogue import PRODUCE_ROLES
from fut.services.document_pdf import PdfFailed, PdfUnavailable, document_pdf, pdf_available
from fut.services.payments import PAYMENT_ROLES
from fut.web_sessions import Login

router = APIRouter(include_in_schema=False)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PRIVATE = {"Cache-Control": "no-store"}
"""Pages with personal data are never kept in a browser's or a proxy's cache."""

# `:int` in the paths: /cases/new and /cases/{id}/documents/new belong to other pages
CASE = "/cases/{case_id:int}"
DOCUMENT = CASE + "/documents/{doc_id:int}"


def _case_page(request: Request, login: Login, case_id: int, *, reveal: bool) -> HTMLResponse:
    with session_scope() as session:
        view = case_page(session, login.actor, case_id, reveal=reveal)
    roles = login.actor.roles
    context = {
        "login": login,
        "case": view,
        "t": case_labels,
        "may_produce": bool(roles & PRODUCE_ROLES),
        "may_pay": bool(roles & PAYMENT_ROLES) and view.debt is not None and view.debt.is_open,
        "pdf": pdf_available(),
        "flash": CONFIRMATIONS.get(request.query_params.get("klart", "")),
    }
    response = page(request, "case.html", context)
    response.headers.update(PRIVATE)
    return response


@router.get(CASE, response_class=HTMLResponse)
def case(request: Request, case_id: Id, login: PageLogin) -> HTMLResponse:
    return _case_page(request, login, case_id, reveal=False)


@router.post(CASE + "/reveal", response_class=HTMLResponse)
def reveal_personnummer(request: Request, case_id: Id, login: FormLogin) -> HTMLResponse:
    """The page with the whole personnummer; each reveal is audited."""
    return _case_page(request, login, case_id, reveal=True)


@router.get(DOCUMENT)
def download(case_id: Id, doc_id: Id, login: PageLogin) -> FileResponse:
    with session_scope() as session:
        found = cases.load_case(session, login.actor, case_id)
        document, path = documents.document_file(session, login.actor, found, doc_id)
    return FileResponse(
        path, media_type=DOCX, filename=f"{found.case_number}-{document.kind}.docx", headers=PRIVATE
    )


@router.get(DOCUMENT + "/preview", response_class=HTMLResponse)
def preview(request: Request, case_id: Id, doc_id: Id, login: PageLogin) -> HTMLResponse:
    """The stored .docx itself, read back and shown as HTML (the same text as the file)."""
    with session_scope() as session:
        found = cases.load_case(session, login.actor, case_id)
        document, path = documents.document_file(session, login.actor, found, doc_id)
        blocks = document_blocks(path.read_bytes())
    context = {
        "login": login,
        "case_id": case_id,
        "case_number": found.case_number,
        "document": document,
        "blocks": blocks,
        "pdf": pdf_available(),
    }
    response = page(request, "document_preview.html", context)
    response.headers.update(PRIVATE)
    return response


@router.get(DOCUMENT + "/pdf")
def pdf(request: Request, case_id: Id, doc_id: Id, login: PageLogin) -> Response:
    with session_scope() as session:
        found = cases.load_case(session, login.actor, case_id)
        if not pdf_available():
            return _no_pdf(request, login, case_id, 404, NO_OFFICE)
        document, path = documents.document_file(session, login.actor, found, doc_id)
    try:
        made = document_pdf(document, path)
    except PdfUnavailable:
        return _no_pdf(request, login, case_id, 404, NO_OFFICE)
    except PdfFailed:
        return _no_pdf(request, login, case_id, 503, PDF_FAILED)
    return FileResponse(
        made,
        media_type="application/pdf",
        filename=f"{found.case_number}-{document.kind}.pdf",
        content_disposition_type="inline",
        headers=PRIVATE,
    )


NO_OFFICE = (
    "PDF kan inte visas eftersom LibreOffice inte är installerat på servern. "
    "Använd förhandsgranskningen eller ladda ner Word-filen."
)
PDF_FAILED = (
    "LibreOffice kunde inte göra om dokumentet till PDF just nu. Försök igen om en stund, "
    "använd förhandsgranskningen eller ladda ner Word-filen."
)


def _no_pdf(request: Request, login: Login, case_id: int, status: int, text: str) -> HTMLResponse:
    context = {
        "login": login,
        "title": "PDF finns inte",
        "explanation": text,
        "reason": "",
        "status": status,
        "back": f"/cases/{case_id}#dokument",
    }
    return page(request, "case_no_pdf.html", context, status_code=status)
