"""The document catalogue on demand: list what can be produced, and produce a kind for a case.

    catalogue() -> [TemplateOut]                     (any authenticated user)
    produce_on_demand(session, actor, case_id, request) -> DocumentOut | Refused

A document produced on demand is stored like the lifecycle's documents (rendered once, with
template version and SHA-256, never changed): every request makes a new document, so a
correction is a new document. What the case file cannot provide comes in the request; dates
arrive as ISO strings and are read as dates where the template wants a date. A refusal names
every field at fault in the shape of FastAPI's validation errors and stores no document.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from fut import audit
from fut.auth import Actor
from fut.documents import (
    COMMON_VARIABLES,
    InvalidDocumentData,
    MissingDocumentData,
    UnknownDocumentKind,
    list_templates,
)
from fut.documents.catalogue import TemplateSource, find_template
from fut.documents.examples import example_context, example_kinds
from fut.errors import Forbidden
from fut.lifecycle import Role
from fut.limits import MAX_KRONOR
from fut.schemas import DocumentOut
from fut.services import documents
from fut.services.cases import load_case
from fut.services.document_context import KindSpec, kind_spec
from fut.settings import get_settings
from fut.validation import Line, day_fault, text_fault, valid_month

PRODUCE_ROLES = {Role.UTREDARE, Role.CHEF}
RESERVED = frozenset({"session", "case", "key", "actor", "fallback_officer"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$", re.ASCII)
_INTEGER = re.compile(r"^-?\d+$", re.ASCII)
_DATE_NAME = re.compile(r"(_on|_date|_by)$")
_NO_EXAMPLE = object()


class TemplateOut(BaseModel):
    kind: str
    title: str
    version: int
    variables: dict[str, str] = Field(description="every variable the template uses")
    needs: list[str] = Field(
        description="what the caller must give when producing it (the case file lacks it)"
    )


class DocumentRequest(BaseModel):
    """The kind to produce, plus the values the case file cannot give (see GET /api/templates)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "kind": "begaran_uppgifter",
                    "authority": {
                        "name": "Försäkringskassan",
                        "address_lines": ["Box 1164", "621 22 Visby"],
                    },
                    "requested": ["utbetalda förmåner per månad"],
                    "reply_by": "2026-12-21",
                }
            ]
        },
    )
    kind: Line = Field(min_length=1, max_length=60, examples=["begaran_uppgifter"])

    def fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


@dataclass(frozen=True)
class Refused:
    """Why a document was not produced: FastAPI-style errors ({loc, msg, type})."""

    errors: list[dict[str, Any]]


def _error(loc: Iterable[str | int], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": kind}


# --- the catalogue ---------------------------------------------------------------------------
def needs_of(kind: str, variables: Iterable[str]) -> list[str]:
    spec = kind_spec(kind)
    if spec is not None:
        return list(spec.needs)
    return [name for name in variables if name not in COMMON_VARIABLES]


def catalogue() -> list[TemplateOut]:
    """Every template with its declared variables and what a caller must give."""
    return [
        TemplateOut(
            kind=info.kind,
            title=info.title,
            version=info.version,
            variables=info.variables,
            needs=needs_of(info.kind, info.variables),
        )
        for info in list_templates(get_settings().templates_dir)
    ]


# --- the fields of a request -------------------------------------------------------------------
def _example(kind: str) -> dict[str, Any]:
    """The kind's example context: the shape (types) its variables take."""
    return example_context(kind) if kind in example_kinds() else {}


def _looks_like_date(name: str, description: str) -> bool:
    text = description.casefold()
    return bool(_DATE_NAME.search(name)) or text.startswith(("dag ", "sista dag", "datum"))


class _Reader:
    """Reads a request's values against the example's shape, collecting every problem."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def fail(self, loc: tuple[str | int, ...], msg: str, kind: str) -> None:
        self.errors.append(_error(loc, msg, kind))

    def read(self, value: Any, example: Any, loc: tuple[str | int, ...], hint: str = "") -> Any:
        name = str(loc[-1])
        if isinstance(example, bool):
            if not isinstance(value, bool):
                self.fail(loc, "must be true or false", "bool_type")
            return value
        if isinstance(example, int):
            return self._integer(value, loc)
        if isinstance(example, date):
            return self._date(value, loc)
        if isinstance(example, str):
            if not isinstance(value, str):
                self.fail(loc, "must be text", "string_type")
            elif _MONTH.match(example):
                return self._month(value, loc)
            else:
                self._text(value, loc)
            return value
        if isinstance(example, list) or (example is _NO_EXAMPLE and isinstance(value, list)):
            if not isinstance(value, list):
                self.fail(loc, "must be a list", "list_type")
                return value
            item = example[0] if isinstance(example, list) and example else _NO_EXAMPLE
            return [self.read(v, item, (*loc, i), hint) for i, v in enumerate(value)]
        if isinstance(example, Mapping) or (example is _NO_EXAMPLE and isinstance(value, Mapping)):
            if not isinstance(value, Mapping):
                self.fail(loc, "must be an object", "dict_type")
                return value
            shape = example if isinstance(example, Mapping) else {}
            return {
                k: self.read(v, shape.get(k, _NO_EXAMPLE), (*loc, k))
                for k, v in value.items()
                if v is not None
            }
        # no example to go by: an ISO date string under a date-like name is a date
        if isinstance(value, str) and _ISO_DATE.match(value) and _looks_like_date(name, hint):
            return self._date(value, loc)
        if isinstance(value, str):
            self._text(value, loc)
        elif isinstance(value, float) and not math.isfinite(value):
            self.fail(loc, "must be a finite number", "finite_number")
        return value

    def _integer(self, value: Any, loc: tuple[str | int, ...]) -> Any:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and _INTEGER.match(value.strip()) and len(value) < 20:
            number = int(value.strip())
        if number is None:
            self.fail(loc, f"must be a whole number (whole kronor), got {value!r}", "int_type")
            return value
        if abs(number) > MAX_KRONOR:
            self.fail(loc, f"must be at most {MAX_KRONOR} in size", "less_than_equal")
            return value
        return number

    def _date(self, value: Any, loc: tuple[str | int, ...]) -> Any:
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                fault = day_fault(day)
                if fault is None:
                    return day
                self.fail(loc, f"{fault}, got {value}", "value_error")
                return value
        self.fail(loc, f"must be a date written YYYY-MM-DD, got {value!r}", "date_parsing")
        return value

    def _month(self, value: str, loc: tuple[str | int, ...]) -> str:
        if not _MONTH.match(value):
            self.fail(loc, f"must be a month written YYYY-MM, got {value!r}", "value_error")
            return value
        try:
            return valid_month(value)
        except ValueError as exc:
            self.fail(loc, str(exc), "value_error")
            return value

    def _text(self, value: str, loc: tuple[str | int, ...]) -> None:
        fault = text_fault(value, single_line=False)
        if fault:
            self.fail(loc, fault, "value_error")


class FieldsRefused(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} field(s) refused")
        self.errors = errors


def _locked(spec: KindSpec | None, name: str, value: Any) -> list[tuple[str | int, ...]]:
    """Where the request sets what only the case file may give."""
    if spec is None:
        return []
    found: list[tuple[str | int, ...]] = []
    for path in spec.from_case:
        head, _, rest = path.partition(".")
        if head != name:
            continue
        if not rest:
            found.append(("body", name))
        elif isinstance(value, Mapping) and rest in value:
            found.append(("body", name, rest))
    return found


def read_fields(source: TemplateSource, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The request's values for the template, dates as dates; FieldsRefused names each fault."""
    kind = source.info.kind
    spec = kind_spec(kind)
    example = _example(kind)
    own = [name for name in source.specs if name not in COMMON_VARIABLES]
    reader = _Reader()
    values: dict[str, Any] = {}
    for name, value in fields.items():
        loc: tuple[str | int, ...] = ("body", name)
        if name in COMMON_VARIABLES:
            reader.fail(loc, f"{name} comes from the case file and settings", "extra_forbidden")
        elif name not in source.specs or name in RESERVED:
            known = ", ".join(own) or "none"
            reader.fail(loc, f"{kind} has no variable {name}; it has: {known}", "extra_forbidden")
        elif value is not None:
            locked = _locked(spec, name, value)
            for where in locked:
                path = ".".join(str(p) for p in where[1:])
                reader.fail(where, f"{path} comes from the case file", "extra_forbidden")
            if ("body", name) not in locked:
                hint = source.specs[name].description
                values[name] = reader.read(value, example.get(name, _NO_EXAMPLE), loc, hint)
    if reader.errors:
        raise FieldsRefused(reader.errors)
    return values


# --- what is missing -------------------------------------------------------------------------
def _loc_of(missing: str) -> tuple[str | int, ...]:
    """'months[2].law' -> ('body', 'months', 2, 'law'); a note in parentheses is dropped."""
    parts: list[str | int] = ["body"]
    for piece in missing.split(" (")[0].split("."):
        head, *indexes = piece.split("[")
        parts.append(head)
        parts.extend(int(i.rstrip("]")) for i in indexes if i.rstrip("]").isdigit())
    return tuple(parts)


def missing_errors(
    source: TemplateSource, spec: KindSpec | None, missing: list[str]
) -> list[dict[str, Any]]:
    from_case = spec.from_case if spec else ()
    errors = []
    for loc in dict.fromkeys(_loc_of(name) for name in missing):
        path = ".".join(str(p) for p in loc[1:])
        top = str(loc[1])
        described = source.specs[top].description if top in source.specs else top
        by_case = top in from_case or any(
            path == f or path.startswith((f"{f}.", f"{f}[")) or f.startswith(f"{path}.")
            for f in from_case
        )
        if by_case:
            msg = f"the case file has no {path} yet ({described}); only the case file gives it"
        else:
            msg = f"missing {path} ({described}): not in the case file; send it in the request"
        errors.append(_error(loc, msg, "missing"))
    return errors


# --- producing -------------------------------------------------------------------------------
def produce_on_demand(
    session: Session, actor: Actor, case_id: int, request: DocumentRequest
) -> DocumentOut | Refused:
    """Produce ``request.kind`` for the case, or say why not (nothing stored then)."""
    if not actor.roles & PRODUCE_ROLES:
        raise Forbidden("documents are produced on demand by utredare or chef")
    settings = get_settings()
    try:
        source = find_template(request.kind, settings.templates_dir)
    except UnknownDocumentKind:
        known = ", ".join(info.kind for info in list_templates(settings.templates_dir))
        msg = f"unknown document kind {request.kind!r}; the catalogue has: {known}"
        return Refused([_error(("body", "kind"), msg, "value_error")])
    try:
        fields = read_fields(source, request.fields())
    except FieldsRefused as exc:
        return Refused(exc.errors)

    case = load_case(session, actor, case_id)
    key = f"ondemand-{uuid.uuid4().hex}"
    try:
        document = documents.produce(
            session, case, request.kind, key, actor, fallback_officer=actor.username, **fields
        )
    except MissingDocumentData as exc:
        errors = missing_errors(source, kind_spec(request.kind), exc.missing)
    except InvalidDocumentData as exc:
        errors = [_error(("body",), str(exc), "value_error")]
    else:
        return documents.document_out(document)
    audit.record(
        session,
        actor,
        "document_refused",
        case_id=case.id,
        entity="document",
        kind=request.kind,
        fields=[".".join(str(p) for p in e["loc"][1:]) for e in errors],
    )
    return Refused(errors)
