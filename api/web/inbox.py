"""/inbox, "Mina ärenden": the work items I have taken and those my roles may take, with
filters; taking, giving back and (chef) handing an item to someone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, get_args
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import Id
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from api.web.units import unit_choices, unit_short_name
from fut import steps
from fut.auth import Actor
from fut.db import session_scope
from fut.errors import Conflict, Forbidden, Invalid
from fut.lifecycle import Role
from fut.schemas import InboxFilters, InboxPriority, InboxView
from fut.services import work_items

router = APIRouter(include_in_schema=False)

VIEWS: dict[str, str] = {
    "mine_claimable": "Mina och lediga",
    "mine": "Bara mina",
    "claimable": "Bara lediga att ta",
    "all": "Alla öppna i mina enheter",
}
PRIORITIES: dict[str, str] = {"high": "Hög", "normal": "Normal", "low": "Låg", "none": "Ej bedömd"}

DONE = {
    "claimed": "Du har tagit uppgiften. Den står nu på dig.",
    "released": "Uppgiften är tillbakalämnad och kan tas av någon annan.",
    "reassigned": "Uppgiften är fördelad till den du valde.",
}
"""What an action did, by the code in `?msg=` (never text from the request)."""

PROBLEMS = {
    "changed": "Uppgiften har ändrats under tiden: någon annan har tagit, lämnat tillbaka "
    "eller slutfört den. Listan visar läget nu.",
    "not_allowed": "Du får inte göra det med den här uppgiften. Ett beslut får till exempel "
    "inte fattas av den som föreslog det.",
    "no_person": "Välj vem som ska ta uppgiften och tryck på Fördela igen.",
    "not_eligible": "Uppgiften kan inte ges till den du valde. Personen behöver en roll som "
    "gör steget och arbeta i ärendets enhet, och den som föreslog ett beslut får inte fatta det.",
}
"""Why an action did not happen, by the code in `?msg=`."""

KEPT = ("view", "unit", "step", "priority", "overdue", "page")
"""The query parameters an action keeps when it sends the browser back to the list."""


def _filters(
    actor: Actor, view: str, unit: str, step: str, priority: str, overdue: str
) -> InboxFilters:
    """The filters of the query string; a value the page never offers counts as none."""
    return InboxFilters(
        view=view if view in get_args(InboxView) else "mine_claimable",
        unit=unit or None,
        step=step if steps.is_human(step) else None,
        priority=priority if priority in get_args(InboxPriority) else None,
        overdue=overdue in {"1", "on", "true"},
    )


def _query(filters: InboxFilters, page_number: int = 1) -> dict[str, str]:
    query: dict[str, str] = {}
    if filters.view != "mine_claimable":
        query["view"] = filters.view
    if filters.unit:
        query["unit"] = filters.unit
    if filters.step:
        query["step"] = filters.step
    if filters.priority:
        query["priority"] = filters.priority
    if filters.overdue:
        query["overdue"] = "1"
    if page_number > 1:
        query["page"] = str(page_number)
    return query


def _url(query: dict[str, str], **changes: str) -> str:
    merged = {**query, **changes}
    return "/inbox" + ("?" + urlencode(merged) if merged else "")


def _step_choices(actor: Actor) -> list[tuple[str, str]]:
    every = steps.human_steps()
    if Role.CHEF in actor.roles:
        names = list(every)
    else:
        names = sorted({n for role in actor.roles for n in steps.steps_for_role(role)})
    return sorted(((n, every[n].title) for n in names), key=lambda c: c[1])


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() and len(text) <= 6 else 1


Param = Annotated[str, Query(max_length=100)]


@router.get("/inbox", response_class=HTMLResponse)
def inbox(
    request: Request,
    login: PageLogin,
    view: Param = "",
    unit: Param = "",
    step: Param = "",
    priority: Param = "",
    overdue: Param = "",
    page_: Annotated[str, Query(alias="page", max_length=10)] = "1",
    msg: Param = "",
) -> HTMLResponse:
    actor = login.actor
    filters = _filters(actor, view, unit, step, priority, overdue)
    with session_scope() as session:
        listing = work_items.inbox(session, actor, filters, _page_number(page_))
        candidates = work_items.reassign_candidates(session, actor, listing.rows)
        units = unit_choices(session, actor, short=True)
    if filters.unit and filters.unit not in {code for code, _ in units}:
        units.append((filters.unit, unit_short_name(filters.unit)))
    query = _query(filters, listing.page)
    page_url: Callable[[int], str] = lambda n: _url(_query(filters, n))  # noqa: E731
    context: dict[str, Any] = {
        "login": login,
        "nav": "inbox",
        "listing": listing,
        "filters": filters,
        "filtered": any(k != "page" for k in _query(filters)),
        "candidates": candidates,
        "is_chef": Role.CHEF in actor.roles,
        "views": {k: v for k, v in VIEWS.items() if k != "all" or Role.CHEF in actor.roles},
        "units": units,
        "unit_name": unit_short_name,
        "step_choices": _step_choices(actor),
        "priorities": PRIORITIES,
        "back": urlencode(query),
        "page_url": page_url,
        "flash": DONE.get(msg, ""),
        "problem": PROBLEMS.get(msg, ""),
    }
    return page(request, "inbox.html", context)


def _back(back: str, msg: str) -> RedirectResponse:
    """To the list as it was (only its own parameters are kept), with a fixed message."""
    kept = {k: v[:100] for k, v in parse_qsl(back[:2000]) if k in KEPT}
    return RedirectResponse(_url(kept, msg=msg), status_code=303)


def _act(done: str, action: Callable[[], object], back: str) -> RedirectResponse:
    """Carry out `action`; a task outside the user's units stays a 404 (NotFound)."""
    try:
        action()
    except Conflict:
        return _back(back, "changed")
    except Forbidden:
        return _back(back, "not_allowed")
    except Invalid:
        return _back(back, "not_eligible")
    return _back(back, done)


Back = Annotated[str, Form(max_length=2000)]


@router.post("/inbox/{item_id}/claim")
def claim(item_id: Id, login: FormLogin, back: Back = "") -> Response:
    def action() -> None:
        with session_scope() as session:
            work_items.claim(session, login.actor, item_id)

    return _act("claimed", action, back)


@router.post("/inbox/{item_id}/release")
def release(item_id: Id, login: FormLogin, back: Back = "") -> Response:
    def action() -> None:
        with session_scope() as session:
            work_items.release(session, login.actor, item_id)

    return _act("released", action, back)


@router.post("/inbox/{item_id}/reassign")
def reassign(
    item_id: Id,
    login: FormLogin,
    username: Annotated[str, Form(max_length=64)] = "",
    back: Back = "",
) -> Response:
    if not username:
        return _back(back, "no_person")

    def action() -> None:
        with session_scope() as session:
            work_items.reassign(session, login.actor, item_id, username)

    return _act("reassigned", action, back)
