"""/payments, "Inbetalningar": ekonomi uploads the bank's file (BgMax or the bank's CSV) and
works the queue of payments that found no debt by themselves, with the services the API
uses (`payment_imports`, `unmatched_payments`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.web.paths import row_id
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from fut.db import session_scope
from fut.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fut.import_schemas import AssignIn, ImportSummaryOut
from fut.services import payment_imports, unmatched_payments
from fut.web_sessions import Login

router = APIRouter(include_in_schema=False)

DONE = {
    "tilldelad": "Betalningen är registrerad på skulden.",
    "aterbetald": "Betalningen är markerad som återbetald till betalaren.",
}


def _require(login: Login) -> None:
    if not login.actor.roles & payment_imports.IMPORT_ROLES:
        raise Forbidden("Inbetalningar hanteras av ekonomi.")


def _render(request: Request, login: Login, status_code: int = 200, **context: Any) -> HTMLResponse:
    with session_scope() as session:
        waiting = unmatched_payments.list_unmatched(session, login.actor)
    base = {"login": login, "nav": "payments", "waiting": waiting, "done": None}
    return page(request, "payments.html", base | context, status_code=status_code)


@router.get("/payments", response_class=HTMLResponse)
def payments_page(request: Request, login: PageLogin, klart: str = "") -> HTMLResponse:
    _require(login)
    return _render(request, login, done=DONE.get(klart))


def _import(login: Login, data: bytes, filename: str) -> ImportSummaryOut:
    with session_scope() as session:
        return payment_imports.import_file(session, login.actor, data, filename=filename)


@router.post("/payments", response_class=HTMLResponse)
async def upload(
    request: Request, login: FormLogin, file: Annotated[UploadFile | None, File()] = None
) -> HTMLResponse:
    _require(login)
    data = await file.read() if file is not None else b""
    if file is None or not data:
        return _render(request, login, 422, upload_error="Välj bankens fil att läsa in.")
    try:
        summary = await run_in_threadpool(_import, login, data, file.filename or "")
    except Invalid as exc:
        return _render(request, login, 422, upload_error=exc.message)
    if not summary.already_imported:
        request.app.state.kick()
    return _render(request, login, summary=summary)


@router.post("/payments/unmatched/{bank_payment_id}/assign", response_class=HTMLResponse)
def assign(
    request: Request,
    bank_payment_id: str,
    login: FormLogin,
    case_number: Annotated[str, Form()] = "",
) -> Response:
    _require(login)
    number = row_id(bank_payment_id)
    if not case_number.strip():
        return _render(request, login, 422, row_error=(number, "Skriv ärendets diarienummer."))
    try:
        with session_scope() as session:
            unmatched_payments.assign(
                session, login.actor, number, AssignIn(case_number=case_number.strip())
            )
    except NotFound:
        text = f"Inget ärende med beslutad skuld har diarienumret {case_number.strip()}."
        return _render(request, login, 404, row_error=(number, text))
    except Conflict as exc:
        return _render(request, login, 409, row_error=(number, _conflict(exc)))
    request.app.state.kick()
    return RedirectResponse("/payments?klart=tilldelad", status_code=303)


def _conflict(exc: DomainError) -> str:
    if "not whole kronor" in exc.message:
        return "Beloppet är inte i hela kronor. Registrera det på ärendet för hand."
    if "not in the queue" in exc.message:
        return "Betalningen är redan hanterad. Ladda om sidan."
    return (
        "Skulden är inte öppen (betald eller efterskänkt). Betalningen kan inte registreras på den."
    )


@router.post("/payments/unmatched/{bank_payment_id}/returned", response_class=HTMLResponse)
def returned(request: Request, bank_payment_id: str, login: FormLogin) -> Response:
    _require(login)
    number = row_id(bank_payment_id)
    try:
        with session_scope() as session:
            unmatched_payments.mark_returned(session, login.actor, number)
    except (NotFound, Conflict):
        return _render(request, login, 409, row_error=(number, "Betalningen är redan hanterad."))
    return RedirectResponse("/payments?klart=aterbetald", status_code=303)
