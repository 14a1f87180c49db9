"""/queue, "Köstatus": the supervisors' view of the queues (role chef only), with links to
the Prefect UI's filtered runs lists and the queue-status artifacts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.render import env, page
from api.web.session import PageLogin
from fut import prefect_links
from fut.clock import now
from fut.db import session_scope
from fut.errors import Forbidden
from fut.lifecycle import Role
from fut.services import queue_status as qs

router = APIRouter(include_in_schema=False)


def antal(value: int | None) -> str:
    """A count as Swedish writes it: thousands grouped by a space ("10 000"); "–" for none."""
    return "–" if value is None else f"{int(value):,}".replace(",", "\u00a0")


def dagar(value: int) -> str:
    """Days left or past: "i dag", "om 1 dag", "om 12 dagar", "för 3 dagar sedan"."""
    if value == 0:
        return "i dag"
    n = abs(value)
    words = f"{antal(n)} {'dag' if n == 1 else 'dagar'}"
    return f"om {words}" if value > 0 else f"för {words} sedan"


env.filters.setdefault("antal", antal)
env.filters.setdefault("dagar", dagar)


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, login: PageLogin) -> HTMLResponse:
    if Role.CHEF not in login.actor.roles:
        raise Forbidden("Köstatus visas bara för chefer.")
    with session_scope() as session:
        status = qs.queue_status(session, login.actor, now())
    context = {
        "login": login,
        "nav": "queue",
        "status": status,
        "links": prefect_links,
        "guarantee_days": qs.GUARANTEE_WARNING_DAYS,
        "deadline_days": qs.COURT_DEADLINE_WARNING_DAYS,
        "list_limit": qs.LIST_LIMIT,
        "window": prefect_links.RUNS_WINDOW_TEXT,
    }
    return page(request, "queue.html", context)
