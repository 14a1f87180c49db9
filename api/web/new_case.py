"""/cases/new, "Ny anmälan": `POST /api/cases` as a form, built from `ReportCreate` by
api.web.forms like every other form. Errors are shown in Swedish beside their fields, with
what was typed kept; household members are added by a submit button (no JavaScript
needed); rows left empty are not sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.web import forms, messages
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from api.web.units import unit_choices
from fut.auth import Actor
from fut.clock import today
from fut.db import session_scope
from fut.errors import DomainError, Forbidden
from fut.schemas import ReportCreate
from fut.services import cases
from fut.validation import valid_month

router = APIRouter(include_in_schema=False)

PERIOD = ("period_from", "period_to")


def _require_register_role(actor: Actor) -> None:
    if not actor.roles & cases.REGISTER_ROLES:
        raise Forbidden(
            "Din roll får inte registrera anmälningar. Det gör handläggare, utredare och chefer."
        )


def _spec(actor: Actor) -> tuple[forms.FormSpec, list[tuple[str, str]]]:
    """The form, the unit a choice among the units `actor` works in."""
    with session_scope() as session:
        units = unit_choices(session, actor)
    return forms.with_choices(forms.model_form(ReportCreate), "unit", units), units


def _period_order(raw: forms.Raw, errors: forms.Errors) -> None:
    """The model checks the period's order only when every field is valid: say it at once."""
    if any(errors.get(k) for k in PERIOD):
        return
    try:
        start, end = (valid_month(str(raw.get(k, "")).strip()) for k in PERIOD)
    except ValueError:
        return
    if start > end:
        errors.add("period_from", messages.PERIOD_ORDER)


def _render(
    request: Request,
    login: Any,
    spec: forms.FormSpec,
    raw: forms.Raw,
    errors: forms.Errors | None = None,
    focus: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    bound = forms.bind(spec, raw, errors, focus)
    fields = {b.spec.name: b for b in bound}
    context = {
        "login": login,
        "nav": "new",
        "f": fields,
        "person": {b.spec.name: b for b in fields["person"].children},
        "errors": forms.summary(bound, errors or forms.Errors()),
    }
    return page(request, "new_case.html", context, status_code=status)


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, login: PageLogin) -> HTMLResponse:
    _require_register_role(login.actor)
    spec, units = _spec(login.actor)
    start: dict[str, Any] = {
        "unit": units[0][0] if len(units) == 1 else None,
        "received_by": login.display_name,
        "received_on": today().isoformat(),
        "household": [{}],
    }
    return _render(request, login, spec, forms.initial(spec, start))


@router.post("/cases/new", response_class=HTMLResponse)
async def register(request: Request, login: FormLogin) -> Response:
    posted = forms.posted_values(await request.form())
    return await run_in_threadpool(_register, request, login, posted)


def _register(request: Request, login: Any, posted: Mapping[str, Sequence[str]]) -> Response:
    _require_register_role(login.actor)
    spec, _ = _spec(login.actor)
    raw = forms.from_form(spec, posted)
    action = (posted.get("_action") or ["register"])[0]
    if action.startswith(("add:", "remove:")):
        raw, focus = forms.apply(spec, raw, action)
        return _render(request, login, spec, raw, focus=focus)
    raw = forms.without_blank_rows(spec, raw)
    try:
        data = ReportCreate.model_validate(forms.to_data(spec, raw))
    except ValidationError as exc:
        errors = forms.pydantic_errors(spec, exc.errors(), messages.swedish)
        _period_order(raw, errors)
        return _render(request, login, spec, raw, errors, status=422)
    try:
        with session_scope() as session:
            created = cases.register_case(session, login.actor, data)
    except DomainError as exc:
        errors = forms.Errors()
        # the role was checked above: a refusal is about the unit
        loc = ("unit",) if isinstance(exc, Forbidden) else getattr(exc, "loc", ())
        if loc and messages.swedish(exc.message):
            forms.add_error(errors, spec, loc, "value_error", exc.message, None, messages.swedish)
        else:
            errors.add("", messages.refusal(exc))
        return _render(request, login, spec, raw, errors, status=422)
    request.app.state.kick()
    return RedirectResponse(f"/cases/{created.id}", status_code=303)
