"""/cases/{id}/documents/new: produce any document of the catalogue for a case, in two steps
(pick a kind; fill in what the case file cannot give) with `produce_on_demand` as the API
does. The second step's form is built from the kind's `needs` and the shape of its example
context, so a new template needs no page of its own; refusals are shown beside the fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.web import forms, messages
from api.web.errors import error_page
from api.web.paths import row_id
from api.web.render import page
from api.web.session import FormLogin, PageLogin
from fut.db import session_scope
from fut.documents.examples import example_context, example_kinds
from fut.errors import DomainError
from fut.models import Case, Person
from fut.services import document_catalogue
from fut.services.cases import load_case
from fut.services.document_catalogue import DocumentRequest, Refused, TemplateOut
from fut.web_sessions import Login

router = APIRouter(include_in_schema=False)

FIELD_LABELS = {
    "name": "Namn",
    "address_lines": "Adress",
    "source": "Inkomst från",
    "taxed": "Enligt Skatteverket",
    "declared": "Redovisat till oss",
    "ability_to_pay": "Den enskildes förmåga att betala",
    "talan_decided_on": "Dag då beslutet om talan fattades",
    "talan_decided_by": "Beslutet om talan fattades av",
    "reason": "Skäl",
    "motivation": "Motivering",
    "decided_by": "Beslutat av",
    "decided_on": "Beslutsdag",
    "title": "Titel",
    "benefit": "Förmån",
    "facts": "Det som har kommit fram",
    "accounting": "Kontering",
    "amount": "Belopp",
    "whole": "Hela skulden",
    "period_from": "Från och med månad",
    "period_to": "Till och med månad",
    "circumstances": "Omständigheter",
    "paid": "Betalt",
    "kind": "Slag",
}
FIELD_HINTS = {"address_lines": "En adressrad per rad."}
ITEM_NAMES = {"incomes": "inkomst"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
UNASKED = re.compile(r"^missing \S+ \((.*)\): not in the case file")
CASE_FILE_LACKS = re.compile(r"the case file has no \S+ yet \((.*)\); only the case file gives it")


def _label(name: str, description: str = "") -> tuple[str, str]:
    """(label, hint) of a variable: the template's own Swedish description, or ours."""
    if description:
        text = re.split(r" \((?:fält|lista)", description)[0].strip()
        if text.endswith(", en per rad"):
            return text.removesuffix(", en per rad"), "En uppgift per rad."
        return text, ""
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize()), FIELD_HINTS.get(name, "")


def _node(name: str, example: Any, description: str = "") -> dict[str, Any]:
    """The JSON schema of a variable, from the shape of its example value."""
    label, hint = _label(name, description)
    node: dict[str, Any] = {"title": label}
    if hint:
        node["x-hint"] = hint
    if isinstance(example, bool):
        node["type"] = "boolean"
    elif isinstance(example, int):
        node["type"] = "integer"
    elif isinstance(example, date) or (isinstance(example, str) and _ISO_DATE.fullmatch(example)):
        node.update(type="string", format="date")
    elif isinstance(example, str) and _MONTH.fullmatch(example):
        node.update(type="string", pattern=MONTH_PATTERN)
    elif isinstance(example, list) and example and isinstance(example[0], Mapping):
        node.update(
            type="array",
            items=_object(example[0]),
            minItems=1,
            **{"x-item": ITEM_NAMES.get(name, "rad")},
        )
    elif isinstance(example, list):
        node.update(type="array", items={"type": "string"})
        node.setdefault("x-hint", "En uppgift per rad.")
    elif isinstance(example, Mapping):
        node.update(_object(example))
    else:
        node["type"] = "string"
        if isinstance(example, str) and (len(example) > 80 or "\n" in example):
            node["format"] = "long"
    return node


def _object(example: Mapping[str, Any], only: list[str] | None = None) -> dict[str, Any]:
    names = only if only is not None else list(example)
    return {
        "type": "object",
        "properties": {n: _node(n, example.get(n)) for n in names},
        "required": [n for n in names if example.get(n) is not None],
    }


def request_schema(template: TemplateOut) -> dict[str, Any]:
    """What a person fills in to produce `template`: its `needs` ("authority",
    "claim.ability_to_pay"), shaped as the kind's example context has them."""
    example = example_context(template.kind) if template.kind in example_kinds() else {}
    wanted: dict[str, list[str]] = {}
    for need in template.needs:
        top, _, rest = need.partition(".")
        wanted.setdefault(top, [])
        if rest:
            wanted[top].append(rest.split(".")[0])
    properties: dict[str, Any] = {}
    for top, parts in wanted.items():
        description = template.variables.get(top, "")
        value = example.get(top)
        if parts and isinstance(value, Mapping):
            label, hint = _label(top, description)
            node = {"title": label, **_object(value, parts)}
            node["required"] = parts
            if hint:
                node["x-hint"] = hint
            properties[top] = node
        else:
            properties[top] = _node(top, value, description)
    return {"type": "object", "properties": properties, "required": list(properties)}


def _catalogue() -> list[TemplateOut]:
    return sorted(document_catalogue.catalogue(), key=lambda t: t.title)


def _find(kind: str) -> TemplateOut | None:
    return next((t for t in document_catalogue.catalogue() if t.kind == kind), None)


def _case(login: Login, case_id: int) -> dict[str, Any]:
    """The case (number, client) if the person may produce documents for it."""
    if not login.actor.roles & document_catalogue.PRODUCE_ROLES:
        raise HTTPException(403)
    with session_scope() as session:
        case: Case = load_case(session, login.actor, case_id)  # NotFound outside the units
        person = session.get(Person, case.person_id)
        return {
            "id": case.id,
            "case_number": case.case_number,
            "client": person.name if person else "",
        }


def _render(
    request: Request,
    login: Login,
    case: dict[str, Any],
    template: TemplateOut | None,
    raw: forms.Raw | None = None,
    errors: forms.Errors | None = None,
    status_code: int = 200,
    kind_error: str = "",
    focus: str | None = None,
) -> HTMLResponse:
    errors = errors or forms.Errors()
    bound: list[forms.Bound] = []
    if template is not None:
        spec = forms.form_spec(request_schema(template))
        values = raw if raw is not None else forms.initial(spec)
        bound = forms.bind(spec, values, errors, focus)
    summary = forms.summary(bound, errors)
    if kind_error:
        summary.insert(0, ("kind-0", kind_error))
    context = {
        "login": login,
        "case": case,
        "template": template,
        "catalogue": _catalogue(),
        "fields": bound,
        "errors": summary,
        "kind_error": kind_error,
    }
    return page(request, "document_new.html", context, status_code=status_code)


@router.get("/cases/{case_id}/documents/new", response_class=HTMLResponse)
def document_form(request: Request, case_id: str, login: PageLogin, kind: str = "") -> Response:
    number = row_id(case_id)
    try:
        case = _case(login, number)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    template = _find(kind) if kind else None
    if kind and template is None:
        return _render(
            request, login, case, None, kind_error="Välj en handling i listan.", status_code=422
        )
    return _render(request, login, case, template)


@router.post("/cases/{case_id}/documents/new", response_class=HTMLResponse)
async def produce_document(request: Request, case_id: str, login: FormLogin) -> Response:
    posted = forms.posted_values(await request.form())
    return await run_in_threadpool(_produce, request, login, row_id(case_id), posted)


def _refused(spec: forms.FormSpec, refused: Refused) -> forms.Errors:
    """The catalogue's refusals in Swedish: beside the field they name, else at the top."""
    errors = forms.Errors()
    lacking: list[str] = []
    unasked: list[str] = []
    for error in refused.errors:
        loc = list(error.get("loc", ()))[1:]
        text = str(error.get("msg", ""))
        kind = str(error.get("type", ""))
        path, field = forms.locate(spec, loc)
        case_file = CASE_FILE_LACKS.search(text)
        if case_file:
            what = messages.what(case_file.group(1))
            if what not in lacking:
                lacking.append(what)
        elif field is None and kind == "missing":
            unasked.append(text)
        elif field is None:
            said = messages.swedish(text)
            if said is None:
                detail = text.split(": ", 1)[-1] if kind == "value_error" else ""
                said = f"Handlingen kunde inte skapas. {detail}".strip()
            errors.add(path, said)
        else:
            errors.add(path, forms.message(field, kind, text, error.get("ctx"), messages.swedish))
    if unasked and not errors:  # else it follows from what is wrong above (e.g. a name)
        missing = [UNASKED.search(text) for text in unasked]
        named = "; ".join(messages.what(m.group(1)) for m in missing if m)
        errors.add("", f"Handlingen saknar uppgifter som inte kan fyllas i här: {named}.")
    if lacking:
        errors.add(
            "",
            "Ärendet saknar ännu det här, som hämtas ur ärendet: "
            + "; ".join(lacking)
            + ". Handlingen kan tas fram när uppgifterna finns, till exempel efter beslut.",
        )
    return errors


def _produce(
    request: Request, login: Login, case_id: int, posted: Mapping[str, list[str]]
) -> Response:
    try:
        case = _case(login, case_id)
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    kind = (posted.get("kind") or [""])[0]
    template = _find(kind)
    if template is None:
        return _render(
            request, login, case, None, kind_error="Välj en handling i listan.", status_code=422
        )
    spec = forms.form_spec(request_schema(template))
    raw = forms.from_form(spec, posted)
    action = (posted.get("_action") or ["produce"])[0]
    if action.startswith(("add:", "remove:")):
        raw, focus = forms.apply(spec, raw, action)
        return _render(request, login, case, template, raw, focus=focus)
    data = {"kind": kind, **forms.to_data(spec, raw)}
    try:
        with session_scope() as session:
            outcome = document_catalogue.produce_on_demand(
                session, login.actor, case_id, DocumentRequest.model_validate(data)
            )
    except DomainError as exc:
        return error_page(request, messages.status_of(exc), messages.refusal(exc))
    if isinstance(outcome, Refused):
        return _render(request, login, case, template, raw, _refused(spec, outcome), 422)
    return RedirectResponse(f"/cases/{case_id}?klart=handling", status_code=303)
