"""/cases/{id}/payments/new: finance (or the investigator) registers a payment on the case's
debt, with `payments.register_payment` as the API does; errors beside the fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.web import forms, messages
from api.web.errors import error_page
from api.web.paths import row_id
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from fut.clock import today
from fut.db import session_scope
from fut.errors import Conflict, DomainError, Invalid
from fut.schemas import CaseOut, PaymentIn
from fut.services import case_view, payments
from fut.web_sessions import Login

router = APIRouter(include_in_schema=False)


def _read(login: Login, case_id: int) -> CaseOut:
    """The case as the API reads it (a case outside the person's units is NotFound)."""
    if not login.actor.roles & payments.PAYMENT_ROLES:
        raise HTTPException(403)
    with session_scope() as session:
        return case_view.read_case(session, login.actor, case_id)


def _render(
    request: Request,
    login: Login,
    case: CaseOut,
    raw: forms.Raw,
    errors: forms.Errors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    errors = errors or forms.Errors()
    bound = forms.bind(forms.model_form(PaymentIn), raw, errors)
    context: dict[str, Any] = {
        "login": login,
        "case": case,
        "fields": bound,
        "errors": forms.summary(bound, errors),
        "no_debt": case.debt is None,
        "settled": case.debt is not None and case.debt.status != "open",
    }
    return page(request, "payment_new.html", context, status_code=status_code)


@router.get("/cases/{case_id}/payments/new", response_class=HTMLResponse)
def payment_form(request: Request, case_id: str, login: PageLogin) -> Response:
    number = row_id(case_id)
    try:
        case = _read(login, number)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    raw = forms.initial(forms.model_form(PaymentIn), {"paid_on": today().isoformat()})
    return _render(request, login, case, raw)


@router.post("/cases/{case_id}/payments/new", response_class=HTMLResponse)
async def register_payment(request: Request, case_id: str, login: FormLogin) -> Response:
    posted = forms.posted_values(await request.form())
    return await run_in_threadpool(_register, request, login, row_id(case_id), posted)


def _register(
    request: Request, login: Login, case_id: int, posted: Mapping[str, list[str]]
) -> Response:
    try:
        case = _read(login, case_id)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    spec = forms.model_form(PaymentIn)
    raw = forms.from_form(spec, posted)
    try:
        data = PaymentIn.model_validate(forms.to_data(spec, raw))
    except ValidationError as exc:
        errors = forms.pydantic_errors(spec, exc.errors(), messages.swedish)
        return _render(request, login, case, raw, errors, status_code=422)
    try:
        with session_scope() as session:
            payments.register_payment(session, login.actor, case_id, data)
    except (Invalid, Conflict) as exc:
        errors = forms.Errors()
        errors.add("", messages.refusal(exc))
        status = messages.status_of(exc)
        return _render(request, login, case, raw, errors, status_code=status)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    request.app.state.kick()
    return RedirectResponse(f"/cases/{case_id}?klart=betalning", status_code=303)
