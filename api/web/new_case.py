"""/cases/new, "Ny anmälan": every field of `POST /api/cases` as a form. Errors are shown
in Swedish beside their fields, with what was typed kept; rows for household members and
attachments are added by a submit button (no JavaScript needed)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.web.render import kr, manad, page
from api.web.session import FormLogin, PageLogin
from api.web.units import unit_choices
from fut.auth import Actor
from fut.clock import today
from fut.db import session_scope
from fut.errors import Forbidden, Invalid
from fut.limits import MAX_KRONOR
from fut.rules.assistance_month import month_of
from fut.rules.errors import RuleError
from fut.rules.identity_numbers import parse_identity_number
from fut.schemas import ReportCreate
from fut.services import cases
from fut.validation import valid_month

router = APIRouter(include_in_schema=False)

REPORTER_TYPES = {
    "anonymous": "Anonym",
    "private_person": "Privatperson",
    "authority": "Myndighet",
    "own_staff": "Egen personal",
}
CHANNELS = {
    "phone": "Telefon",
    "letter": "Brev",
    "fax": "Fax",
    "visit": "Besök",
    "e_service": "E-tjänst",
    "register_check": "Registerkontroll",
}

TEXT_FIELDS = (
    "unit",
    "person-personnummer",
    "person-name",
    "person-address",
    "reporter_type",
    "reporter_name",
    "channel",
    "received_by",
    "received_on",
    "discovered_by",
    "description",
    "period_from",
    "period_to",
    "estimated_amount",
    "measures_taken",
)
CHECKBOXES = ("ongoing", "still_on_assistance", "evidence_at_risk")
MEMBER_FIELDS = ("personnummer", "name", "address", "relation")
MAX_MEMBERS = 20
MAX_ATTACHMENTS = 100
EMPTY_MEMBERS = 1
EMPTY_ATTACHMENTS = 2

LABELS = {
    "unit": "Enhet",
    "person-personnummer": "Personnummer",
    "person-name": "Namn",
    "person-address": "Adress",
    "reporter_type": "Anmälare (typ)",
    "reporter_name": "Anmälarens namn",
    "channel": "Hur anmälan kom in",
    "received_by": "Mottagen av",
    "received_on": "Mottagen den",
    "discovered_by": "Hur felet upptäcktes",
    "description": "Beskrivning",
    "period_from": "Period från",
    "period_to": "Period till",
    "estimated_amount": "Uppskattat belopp",
    "measures_taken": "Vidtagna åtgärder",
    "household": "Hushållsmedlemmar",
    "attachments": "Bilagor",
}
MEMBER_LABELS = {
    "personnummer": "Personnummer",
    "name": "Namn",
    "address": "Adress",
    "relation": "Relation",
}

REQUIRED = {
    "unit": "Välj vilken enhet ärendet hör till.",
    "person-personnummer": "Fyll i personnummer eller samordningsnummer.",
    "person-name": "Fyll i personens namn.",
    "reporter_type": "Välj vem som anmälde.",
    "channel": "Välj hur anmälan kom in.",
    "received_by": "Fyll i vem som tog emot anmälan.",
    "received_on": "Fyll i datum då anmälan kom in.",
    "discovered_by": "Beskriv hur felet upptäcktes.",
    "description": "Beskriv vad anmälan gäller.",
    "period_from": "Fyll i första månaden som felet gäller.",
    "period_to": "Fyll i sista månaden som felet gäller.",
    "estimated_amount": "Fyll i ett uppskattat belopp i kronor. Skriv 0 om det inte går att "
    "uppskatta ännu.",
    "personnummer": "Fyll i hushållsmedlemmens personnummer eller samordningsnummer.",
    "name": "Fyll i hushållsmedlemmens namn.",
}


class Report:
    """The form as typed (`values`, kept as is) and the rows it has."""

    def __init__(self, form: FormData | None, login: Any) -> None:
        def text(key: str) -> str:
            value = form.get(key) if form is not None else None
            return value if isinstance(value, str) else ""

        if form is None:  # a new, empty form
            self.values: dict[str, Any] = {key: "" for key in TEXT_FIELDS}
            self.values.update(
                received_by=login.display_name,
                received_on=today().isoformat(),
                still_on_assistance=True,
                ongoing=False,
                evidence_at_risk=False,
            )
            self.members, self.attachments = EMPTY_MEMBERS, EMPTY_ATTACHMENTS
        else:
            self.values = {key: text(key) for key in TEXT_FIELDS}
            self.values.update({key: form.get(key) is not None for key in CHECKBOXES})
            self.members = _count(text("household_rows"), EMPTY_MEMBERS, MAX_MEMBERS)
            self.attachments = _count(text("attachment_rows"), EMPTY_ATTACHMENTS, MAX_ATTACHMENTS)
            for i in range(self.members):
                for name in MEMBER_FIELDS:
                    self.values[f"household-{i}-{name}"] = text(f"household-{i}-{name}")
            for i in range(self.attachments):
                self.values[f"attachment-{i}"] = text(f"attachment-{i}")
        # the rows that carry something, in order: their index in the lists sent on
        self.member_rows = [
            i
            for i in range(self.members)
            if any(self.values.get(f"household-{i}-{n}", "").strip() for n in MEMBER_FIELDS)
        ]
        self.attachment_rows = [
            i for i in range(self.attachments) if self.values.get(f"attachment-{i}", "").strip()
        ]

    def data(self) -> dict[str, Any]:
        """What `ReportCreate` is given: text trimmed, boxes as booleans, rows left empty
        left out, the amount without spaces or "kr"."""
        v = self.values
        data: dict[str, Any] = {key: v[key].strip() for key in TEXT_FIELDS if "-" not in key}
        data["person"] = {
            name: v[f"person-{name}"].strip() for name in ("personnummer", "name", "address")
        }
        data["household"] = [
            {name: v[f"household-{i}-{name}"].strip() for name in MEMBER_FIELDS}
            for i in self.member_rows
        ]
        data["attachments"] = [v[f"attachment-{i}"].strip() for i in self.attachment_rows]
        data["estimated_amount"] = _amount(v["estimated_amount"])
        data.update({key: bool(v[key]) for key in CHECKBOXES})
        return data


def _count(text: str, least: int, most: int) -> int:
    return min(max(int(text), least), most) if text.isdigit() and len(text) < 5 else least


_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _amount(text: str) -> str | int:
    """ "12 500 kr" -> 12500; anything else is left for the validation to refuse."""
    compact = _SPACES.sub("", text)
    compact = compact.removesuffix("kr").removesuffix("Kr")
    return int(compact) if compact.isdigit() and len(compact) <= 12 else text.strip()


def _field_key(loc: tuple[Any, ...], report: Report) -> str:
    """The form field a validation error's location points at."""
    if not loc:  # the model's own check: the period's order
        return "period_from"
    head = loc[0]
    if head == "person" and len(loc) > 1:
        return f"person-{loc[1]}"
    if head == "household":
        if len(loc) > 2 and isinstance(loc[1], int) and loc[1] < len(report.member_rows):
            return f"household-{report.member_rows[loc[1]]}-{loc[2]}"
        return "household"
    if head == "attachments":
        if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(report.attachment_rows):
            return f"attachment-{report.attachment_rows[loc[1]]}"
        return "attachments"
    return str(head)


def _personnummer_message(raw: str) -> str:
    try:
        parse_identity_number(raw)
    except RuleError as exc:
        why = str(exc)
        if "characters other than digits" in why or "separator" in why:
            return (
                "Personnumret får bara innehålla siffror och ett bindestreck före de fyra "
                "sista siffrorna, till exempel 19121212-1212."
            )
        if "expected 10 or 12 digits" in why:
            return "Personnumret ska ha 10 eller 12 siffror, till exempel 19121212-1212."
        if "check digit" in why:
            return (
                "Personnumret är inte giltigt: kontrollsiffran (den sista siffran) stämmer "
                "inte. Kontrollera att det är rätt skrivet."
            )
        if "000" in why:
            return "Personnumret är inte giltigt: födelsenumret 000 används aldrig."
        return "Personnumret är inte giltigt: det innehåller inget möjligt datum."
    return "Personnumret är inte giltigt."


def _month_message(raw: str) -> str:
    try:
        month = valid_month(raw)
    except ValueError:
        return "Skriv månaden som år och månad, ÅÅÅÅ-MM, till exempel 2026-05."
    current = month_of(today())
    if month > current:
        return (
            f"Månaden har inte kommit än. Perioden kan sluta senast innevarande månad, "
            f"{manad(current)}."
        )
    return "Månaden är inte giltig."


def _message(key: str, error: Any, raw: str) -> str:
    """A Swedish message for one validation error of field `key` (typed value `raw`)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    short = key.rsplit("-", 1)[-1]
    if kind == "missing" or (not raw.strip() and key not in {"household", "attachments"}):
        return REQUIRED.get(key) or REQUIRED.get(short) or f"Fyll i {LABELS.get(key, '').lower()}."
    if short == "personnummer":
        return _personnummer_message(raw)
    if key in {"period_from", "period_to"}:
        if not error["loc"]:
            return PERIOD_ORDER
        return _month_message(raw)
    if key == "estimated_amount":
        if kind == "greater_than_equal":
            return "Beloppet kan inte vara negativt."
        if kind == "less_than_equal":
            return f"Beloppet är orimligt stort: högst {kr(MAX_KRONOR)}."
        return "Skriv beloppet i hela kronor, bara siffror, till exempel 12 500."
    if key == "received_on":
        if kind in {"greater_than_equal", "less_than_equal"}:
            return "Datumet måste ligga mellan år 1900 och 2100."
        return "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-27."
    if kind == "string_too_long":
        return f"Texten är för lång: högst {ctx.get('max_length')} tecken, nu {len(raw)}."
    if kind == "too_long" and key == "household":
        return f"En anmälan kan ha högst {MAX_MEMBERS} hushållsmedlemmar."
    if kind == "too_long" and key == "attachments":
        return f"En anmälan kan ha högst {MAX_ATTACHMENTS} bilagor."
    if "single line" in str(error.get("msg", "")):
        return "Skriv på en enda rad, utan radbrytningar eller tabbar."
    if "control characters" in str(error.get("msg", "")):
        return "Texten innehåller osynliga kontrolltecken. Ta bort dem och försök igen."
    return "Värdet är inte giltigt."


PERIOD_ORDER = "Perioden kan inte börja efter att den slutar. Kontrollera månaderna."


def _errors(exc: ValidationError, report: Report) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        key = _field_key(tuple(error["loc"]), report)
        raw = report.values.get(key, "")
        if key not in errors:
            errors[key] = _message(key, error, raw if isinstance(raw, str) else "")
    if "period_from" not in errors and "period_to" not in errors:
        # the model checks the order only when every field is valid: say it at once
        try:
            start, end = (
                valid_month(report.values[k].strip()) for k in ("period_from", "period_to")
            )
        except ValueError:
            pass
        else:
            if start > end:
                errors["period_from"] = PERIOD_ORDER
    return errors


def _require_register_role(actor: Actor) -> None:
    if not actor.roles & cases.REGISTER_ROLES:
        raise Forbidden(
            "Din roll får inte registrera anmälningar. Det gör handläggare, utredare och chefer."
        )


def _render(
    request: Request,
    login: Any,
    report: Report,
    errors: dict[str, str],
    status: int = 200,
    focus: str = "",
) -> HTMLResponse:
    with session_scope() as session:
        units = unit_choices(session, login.actor)
    if not report.values["unit"] and len(units) == 1:
        report.values["unit"] = units[0][0]
    order = list(LABELS)
    summary = sorted(
        errors.items(),
        key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0]),
    )
    context = {
        "login": login,
        "nav": "new",
        "values": report.values,
        "errors": errors,
        "summary": summary,
        "label_of": _label_of,
        "members": report.members,
        "attachments": report.attachments,
        "max_members": MAX_MEMBERS,
        "max_attachments": MAX_ATTACHMENTS,
        "units": units,
        "reporter_types": REPORTER_TYPES,
        "channels": CHANNELS,
        "current_month": month_of(today()),
        "today": today().isoformat(),
        "focus": focus,
        "kinds": {
            "period_from": _kind(report.values["period_from"], MONTH, "month"),
            "period_to": _kind(report.values["period_to"], MONTH, "month"),
            "received_on": _kind(report.values["received_on"], DAY, "date"),
        },
    }
    return page(request, "new_case.html", context, status_code=status)


MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
DAY = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def _kind(typed: str, shape: re.Pattern[str], kind: str) -> str:
    """The browser's own picker, unless it would drop what was typed (it shows only a
    well-formed value): then a text field that keeps it."""
    if shape is DAY and shape.fullmatch(typed):
        try:
            date.fromisoformat(typed)
        except ValueError:
            return "text"
    return kind if not typed or shape.fullmatch(typed) else "text"


def _label_of(key: str) -> str:
    if key.startswith("household-"):
        _, row, name = key.split("-", 2)
        return f"Hushållsmedlem {int(row) + 1}, {MEMBER_LABELS.get(name, name).lower()}"
    if key.startswith("attachment-"):
        return f"Bilaga {int(key.split('-')[1]) + 1}"
    return LABELS.get(key, key)


async def _form(request: Request) -> FormData:
    return await request.form()


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, login: PageLogin) -> HTMLResponse:
    _require_register_role(login.actor)
    return _render(request, login, Report(None, login), {})


@router.post("/cases/new", response_class=HTMLResponse)
def register(
    request: Request, login: FormLogin, form: Annotated[FormData, Depends(_form)]
) -> Response:
    _require_register_role(login.actor)
    report = Report(form, login)
    action = form.get("action")
    if action == "add_member":
        report.members = min(report.members + 1, MAX_MEMBERS)
        return _render(request, login, report, {}, focus=f"household-{report.members - 1}")
    if action == "add_attachment":
        report.attachments = min(report.attachments + 1, MAX_ATTACHMENTS)
        return _render(request, login, report, {}, focus=f"attachment-{report.attachments - 1}")
    try:
        data = ReportCreate.model_validate(report.data())
    except ValidationError as exc:
        return _render(request, login, report, _errors(exc, report), 422)
    try:
        with session_scope() as session:
            created = cases.register_case(session, login.actor, data)
    except Forbidden:  # the role was checked above: it is the unit
        errors = {"unit": "Du arbetar inte i den enheten. Välj en av dina enheter."}
        return _render(request, login, report, errors, 422)
    except Invalid as exc:
        key = str(exc.loc[-1]) if exc.loc else ""
        if key == "received_on":
            message = "Datumet kan inte ligga i framtiden."
        else:
            key, message = "form", "Anmälan kunde inte registreras. Kontrollera uppgifterna."
        return _render(request, login, report, {key: message}, 422)
    request.app.state.kick()
    return RedirectResponse(f"/cases/{created.id}", status_code=303)
