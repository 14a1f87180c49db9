"""The bank's files of incoming payments (BgMax or the bank's CSV) and the queue of payments
that found no debt by themselves: for ekonomi."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool

from api.deps import CurrentActor, Id
from fut.auth import Actor
from fut.db import session_scope
from fut.import_schemas import AssignIn, ImportSummaryOut, UnmatchedOut
from fut.schemas import PaymentOut
from fut.services import payment_imports, unmatched_payments

router = APIRouter(prefix="/api/payments", tags=["payments"])


def _import(actor: Actor, data: bytes, filename: str) -> ImportSummaryOut:
    with session_scope() as session:
        return payment_imports.import_file(session, actor, data, filename=filename)


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportSummaryOut,
    responses={
        200: {"description": "the same file was read before: nothing added (`already_imported`)"},
        422: {"description": "the file is refused whole, `detail` names the line and the fault"},
    },
)
async def import_file(
    file: Annotated[UploadFile, File(description="a BgMax file, or the bank's CSV")],
    actor: CurrentActor,
    request: Request,
    response: Response,
) -> ImportSummaryOut:
    """Read the bank's file in one transaction: each payment registered on the debt its OCR
    reference names, the rest put in the queue (`GET /api/payments/unmatched`). `201` with
    the summary; the same file again answers `200` with `already_imported` and adds nothing;
    a malformed file answers `422` and changes nothing."""
    data = await file.read()
    summary = await run_in_threadpool(_import, actor, data, file.filename or "")
    if summary.already_imported:
        response.status_code = status.HTTP_200_OK
    else:
        request.app.state.kick()
    return summary


@router.get("/unmatched", response_model=list[UnmatchedOut])
def list_unmatched(actor: CurrentActor) -> list[UnmatchedOut]:
    """The payments waiting for ekonomi, oldest first."""
    with session_scope() as session:
        return unmatched_payments.list_unmatched(session, actor)


@router.post(
    "/unmatched/{bank_payment_id}/assign",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentOut,
)
def assign(
    bank_payment_id: Id, data: AssignIn, actor: CurrentActor, request: Request
) -> PaymentOut:
    """Register the payment on a debt, named by `debt_id` or `case_number`."""
    with session_scope() as session:
        out = unmatched_payments.assign(session, actor, bank_payment_id, data)
    request.app.state.kick()
    return out


@router.post("/unmatched/{bank_payment_id}/returned", status_code=status.HTTP_204_NO_CONTENT)
def mark_returned(bank_payment_id: Id, actor: CurrentActor) -> None:
    """The payment was sent back to the payer: it leaves the queue."""
    with session_scope() as session:
        unmatched_payments.mark_returned(session, actor, bank_payment_id)
