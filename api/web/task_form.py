"""/tasks/{id}: a step of a case, its basis and its form, built from the step's definition.

The page reads the task with the API's own calls (`work_items.get_task`, `refusal`, `claim`,
`complete`) as the logged-in person: a task outside their units is a 404, and the form is
offered only when the same checks `complete` makes would pass (role, not claimed by someone
else, the step's guards such as four-eyes). The sections above the form are the step's
`basis`; the form is built from the step's payload schema (`api.web.forms`), so a new step
needs no template. Documents on demand and payments are sibling pages included here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, select

from api.web import document_page, forms, messages, payment_page
from api.web.errors import error_page
from api.web.labels import role
from api.web.paths import row_id
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from fut import steps
from fut.db import session_scope
from fut.enums import WorkStatus
from fut.errors import DomainError, Forbidden, Invalid
from fut.models import Case, Person, User
from fut.services import work_items
from fut.steps.base import Section
from fut.web_sessions import Login

router = APIRouter(include_in_schema=False)
router.include_router(document_page.router)
router.include_router(payment_page.router)

CONFIRMATIONS = {
    "steg": "Steget är slutfört.",
    "tagen": "Du har tagit uppgiften.",
    "handling": "Handlingen är skapad.",
    "betalning": "Betalningen är registrerad.",
}
"""What `?klart=<code>` confirms on the page a form sends the person back to."""


@dataclass
class TaskView:
    """Everything the task page shows, read in one unit of work."""

    task: dict[str, Any]
    step: steps.HumanStep
    client: str
    assignee: str
    sections: list[Section]
    refusal: DomainError | None
    prefill: dict[str, Any] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return bool(self.task["status"] == WorkStatus.OPEN)

    @property
    def may_act(self) -> bool:
        return self.open and self.refusal is None

    @property
    def can_claim(self) -> bool:
        return self.may_act and self.task["assignee"] is None


def _display_name(session: Session, username: str | None) -> str:
    if not username:
        return ""
    user = session.exec(select(User).where(User.username == username)).first()
    return user.display_name if user else username


def read_view(session: Session, login: Login, item_id: int) -> TaskView:
    task = work_items.get_task(session, login.actor, item_id)  # NotFound outside the units
    step = steps.human(task["step"])
    case = session.get(Case, task["case_id"])
    assert case is not None
    person = session.get(Person, case.person_id)
    refusal = work_items.refusal(session, login.actor, item_id)
    view = TaskView(
        task=task,
        step=step,
        client=person.name if person else "",
        assignee=_display_name(session, task["assignee"]),
        sections=step.basis(session, case) if step.basis else [],
        refusal=refusal,
    )
    if view.may_act and step.prefill is not None:
        view.prefill = step.prefill(session, case)
    return view


def explanation(view: TaskView, login: Login) -> str:
    """Why the form is not offered, in Swedish."""
    if not view.open:
        return f"Det slutfördes av {view.assignee}." if view.assignee else ""
    if view.refusal is None:
        return ""
    if isinstance(view.refusal, Forbidden) and not steps.may_do(
        view.task["step"], login.actor.roles
    ):
        roles = " eller ".join(role(r).lower() for r in view.step.roles)
        return f"Det här steget görs av {roles}. Du kan läsa underlaget men inte slutföra steget."
    if view.task["assignee"] and view.task["assignee"] != login.actor.username:
        return (
            f"Uppgiften är tagen av {view.assignee}. Bara den som har tagit den kan slutföra den."
        )
    return messages.refusal(view.refusal)


def render(
    request: Request,
    login: Login,
    view: TaskView,
    raw: forms.Raw | None = None,
    errors: forms.Errors | None = None,
    focus: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    spec = forms.model_form(view.step.payload)
    errors = errors or forms.Errors()
    bound: list[forms.Bound] = []
    if view.may_act:
        values = raw if raw is not None else forms.initial(spec, view.prefill)
        bound = forms.bind(spec, values, errors, focus)
    buttons = next((b for b in bound if b.spec.widget == "buttons"), None)
    context = {
        "login": login,
        "view": view,
        "task": view.task,
        "fields": [b for b in bound if b is not buttons],
        "buttons": buttons,
        "has_rows": spec.has_rows,
        # short forms beside what they rest on; wide tables and rows of months stacked
        "side_by_side": bool(bound)
        and not spec.has_rows
        and not any(s.rows for s in view.sections),
        "errors": forms.summary(bound, errors) if bound else [],
        "explanation": explanation(view, login),
        "flash": CONFIRMATIONS.get(request.query_params.get("klart", "")),
    }
    return page(request, "task.html", context, status_code=status_code)


@router.get("/tasks/{item_id}", response_class=HTMLResponse)
def task_page(request: Request, item_id: str, login: PageLogin) -> Response:
    number = row_id(item_id)
    try:
        with session_scope() as session:
            view = read_view(session, login, number)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    return render(request, login, view)


@router.post("/tasks/{item_id}/claim")
def claim_task(request: Request, item_id: str, login: FormLogin) -> Response:
    number = row_id(item_id)
    try:
        with session_scope() as session:
            work_items.claim(session, login.actor, number)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    return RedirectResponse(f"/tasks/{number}?klart=tagen", status_code=303)


@router.post("/tasks/{item_id}", response_class=HTMLResponse)
async def submit_task(request: Request, item_id: str, login: FormLogin) -> Response:
    posted = forms.posted_values(await request.form())
    return await run_in_threadpool(_submit, request, login, row_id(item_id), posted)


def _submit(
    request: Request, login: Login, item_id: int, posted: Mapping[str, list[str]]
) -> Response:
    try:
        with session_scope() as session:
            view = read_view(session, login, item_id)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    if not view.may_act:
        assert view.refusal is not None or not view.open
        status = messages.status_of(view.refusal) if view.refusal else 409
        return error_page(request, status, explanation(view, login))
    spec = forms.model_form(view.step.payload)
    raw = forms.from_form(spec, posted)
    action = (posted.get("_action") or ["complete"])[0]
    if action.startswith(("add:", "remove:")):
        raw, focus = forms.apply(spec, raw, action)
        return render(request, login, view, raw, focus=focus)
    data = forms.to_data(spec, raw)
    try:
        view.step.payload.model_validate(data)
    except ValidationError as exc:
        errors = forms.pydantic_errors(spec, exc.errors(), messages.swedish)
        return render(request, login, view, raw, errors, status_code=422)
    try:
        with session_scope() as session:
            done = work_items.complete(session, login.actor, item_id, data)
    except Invalid as exc:
        errors = forms.Errors()
        where = forms.refine(spec, raw, exc.loc, exc.message)
        forms.add_error(errors, spec, where, "value_error", exc.message, None, messages.swedish)
        return render(request, login, view, raw, errors, status_code=422)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    request.app.state.kick()
    return RedirectResponse(f"/cases/{done.case_id}?klart=steg", status_code=303)
