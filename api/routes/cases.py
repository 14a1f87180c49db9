"""Cases: register an incoming report, read a case, fetch its documents, register payments."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.responses import FileResponse

from api.deps import CurrentActor, Id
from fut.db import session_scope
from fut.schemas import CaseCreated, CaseOut, PaymentIn, PaymentOut, RecoveryRouteIn
from fut.services import case_view, cases, documents, payments, recovery_route

router = APIRouter(prefix="/api/cases", tags=["cases"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CaseCreated)
def register_case(data: cases.ReportCreate, actor: CurrentActor, request: Request) -> CaseCreated:
    """File an incoming report (FUT-anmälan): a new case waiting for triage."""
    with session_scope() as session:
        created = cases.register_case(session, actor, data)
    request.app.state.kick()
    return created


@router.get("/{case_id}", response_model=CaseOut)
def read_case(case_id: Id, actor: CurrentActor) -> CaseOut:
    with session_scope() as session:
        return case_view.read_case(session, actor, case_id)


@router.get("/{case_id}/documents/{doc_id}", response_class=FileResponse)
def read_document(case_id: Id, doc_id: Id, actor: CurrentActor) -> FileResponse:
    with session_scope() as session:
        case = cases.load_case(session, actor, case_id)
        document, path = documents.document_file(session, actor, case, doc_id)
    return FileResponse(path, media_type=DOCX, filename=f"{case.case_number}-{document.kind}.docx")


@router.post("/{case_id}/payments", status_code=status.HTTP_201_CREATED, response_model=PaymentOut)
def register_payment(
    case_id: Id, data: PaymentIn, actor: CurrentActor, request: Request
) -> PaymentOut:
    with session_scope() as session:
        out = payments.register_payment(session, actor, case_id, data)
    request.app.state.kick()
    return out


@router.post("/{case_id}/recovery-route")
def choose_recovery_route(case_id: Id, data: RecoveryRouteIn, actor: CurrentActor) -> dict:
    """How the claim is pursued when not repaid voluntarily: at förvaltningsrätten (33:4-5)
    or as damages in the criminal case. A claim takes one route only."""
    with session_scope() as session:
        case = cases.load_case(session, actor, case_id)
        debt = recovery_route.set_recovery_route(session, actor, case, data.route)
        return {"case_id": case_id, "recovery_route": debt.recovery_route}
