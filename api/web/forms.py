"""Forms built from a JSON schema (a pydantic model's `model_json_schema()`), in Swedish.

    spec = form_spec(Model.model_json_schema())
    raw = initial(spec, prefill)          # what the form starts with (text, as typed)
    raw = from_form(spec, posted)         # what was posted, kept as typed
    raw, focus = apply(spec, raw, "add:months")   # a row more or fewer, without JavaScript
    data = to_data(spec, raw)             # the payload: whole numbers, booleans, lists
    errors = pydantic_errors(spec, exc.errors(), raw)   # Swedish, by field path
    fields = bind(spec, raw, errors, focus)             # what form_fields.html renders

What the schema says decides the input: an enum or Literal gives radio buttons (a select for
many choices), a boolean a checkbox, an integer a whole-kronor text input, a `date` format a
date input, a YYYY-MM pattern a month input, a string a text input (a textarea when long),
a list of strings a textarea of lines, an object a fieldset, a list of objects rows with
"Ta bort" and "Lägg till …" buttons. Labels are the schema's `title`s; `x-options` names the
choices (of an enum, or of a plain string: the form offers those, the model decides),
`x-hint` helps, `x-widget` overrides the input, `x-item` names a row, `x-missing` says what
to fill in when it is left empty. Choices known only when the page is shown (e.g. a person's
units) are given by `with_choices`. A field's HTML name is its path:
`months-0-resources-1-amount`.

Nothing here knows a step or the domain: a form for a new step needs no template.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel

from fut.rules.swedish_format import format_date, format_kr

MAX_ROWS = 200
"""No posted form makes more rows than this (or the schema's maxItems), whatever it claims."""

SAMPLE_MONTH = "2025-06"
LONG_TEXT = 500
"""A string allowed to be longer than this is a textarea."""

Translate = Callable[[str], str | None]


@dataclass(frozen=True)
class Option:
    key: str
    """As posted: "true", "2", "investigate"."""
    value: Any
    """As the payload has it: True, 2, "investigate"."""
    label: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str
    """text, textarea, integer, date, month, boolean, choice, lines, group, rows"""
    widget: str
    """text, textarea, number, date, month, checkbox, radio, select, buttons, fieldset,
    table, fieldsets"""
    required: bool = False
    hint: str = ""
    missing: str = ""
    """What to say when the field is left empty (else "Fyll i …" or "Välj …")."""
    options: tuple[Option, ...] = ()
    has_default: bool = False
    default: Any = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    min_items: int = 0
    max_items: int | None = None
    item: str = "rad"
    unit: str = ""
    fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class FormSpec:
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def buttons(self) -> FieldSpec | None:
        """A choice made with the submit buttons themselves (e.g. approve or return)."""
        return next((f for f in self.fields if f.widget == "buttons"), None)

    @property
    def has_rows(self) -> bool:
        return _any_rows(self.fields)


def _any_rows(fields: Iterable[FieldSpec]) -> bool:
    return any(f.kind == "rows" or _any_rows(f.fields) for f in fields)


# --- the spec from a JSON schema ------------------------------------------------------------------
def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    """`node` with its `$ref` and nullable `anyOf` folded in; the node's own keys win."""
    out = dict(node)
    if "anyOf" in out:
        variants = [v for v in out.pop("anyOf") if v.get("type") != "null"]
        if len(variants) == 1:
            out = {**_resolve(variants[0], defs), **out}
    if "$ref" in out:
        target = defs.get(str(out.pop("$ref")).rsplit("/", 1)[-1], {})
        resolved = _resolve(target, defs)
        resolved.pop("title", None)  # a type's name is no label
        resolved.pop("description", None)
        out = {**resolved, **out}
    return out


def _is_month_pattern(pattern: str | None) -> bool:
    if not pattern:
        return False
    try:
        return bool(re.fullmatch(pattern, SAMPLE_MONTH)) and not re.fullmatch(
            pattern, SAMPLE_MONTH + "-01"
        )
    except re.error:
        return False


def _options(node: Mapping[str, Any], named: Mapping[str, str]) -> tuple[Option, ...]:
    values = node.get("enum") or ([node["const"]] if "const" in node else list(named))
    return tuple(Option(_key(v), v, named.get(_key(v), str(v))) for v in values)


def _key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _field(
    name: str, node: Mapping[str, Any], required: bool, defs: Mapping[str, Any]
) -> FieldSpec:
    node = _resolve(node, defs)
    label = str(node.get("title") or name.replace("_", " ").capitalize())
    hint = str(node.get("x-hint", ""))
    named = {str(k): str(v) for k, v in (node.get("x-options") or {}).items()}
    widget = node.get("x-widget")
    common: dict[str, Any] = {
        "name": name,
        "label": label,
        "required": required,
        "hint": hint,
        "missing": str(node.get("x-missing", "")),
        "has_default": "default" in node,
        "default": node.get("default"),
    }
    kind_of = node.get("type")
    if "enum" in node or "const" in node or (named and kind_of == "string"):
        options = _options(node, named)
        widget = widget or ("radio" if len(options) <= 4 else "select")
        return FieldSpec(kind="choice", widget=widget, options=options, **common)
    if kind_of == "boolean":
        options = (
            Option("true", True, named.get("true", "Ja")),
            Option("false", False, named.get("false", "Nej")),
        )
        return FieldSpec(kind="boolean", widget=widget or "checkbox", options=options, **common)
    if kind_of in ("integer", "number"):
        return FieldSpec(
            kind="integer",
            widget="number",
            minimum=node.get("minimum"),
            maximum=node.get("maximum"),
            exclusive_minimum=node.get("exclusiveMinimum"),
            unit=str(node.get("x-unit", "kr")),
            **common,
        )
    if kind_of == "array":
        items = _resolve(node.get("items") or {}, defs)
        limits: dict[str, Any] = {
            "min_items": int(node.get("minItems", 0)),
            "max_items": node.get("maxItems"),
        }
        if items.get("type") == "object" or "properties" in items:
            fields = _fields(items, defs)
            scalar = all(f.kind not in ("group", "rows", "lines") for f in fields)
            wide = any(f.widget in ("textarea", "radio") for f in fields)
            layout = "table" if scalar and not wide and len(fields) <= 4 else "fieldsets"
            layout = widget if widget in ("table", "fieldsets") else layout
            return FieldSpec(
                kind="rows",
                widget=layout,
                item=str(node.get("x-item") or "rad"),
                fields=fields,
                **limits,
                **common,
            )
        return FieldSpec(
            kind="lines",
            widget="textarea",
            max_length=items.get("maxLength"),
            hint=hint or "En uppgift per rad.",
            **limits,
            **{k: v for k, v in common.items() if k != "hint"},
        )
    if kind_of == "object" or "properties" in node:
        return FieldSpec(kind="group", widget="fieldset", fields=_fields(node, defs), **common)
    # a string
    lengths: dict[str, Any] = {
        "min_length": node.get("minLength"),
        "max_length": node.get("maxLength"),
    }
    if node.get("format") == "date":
        return FieldSpec(kind="date", widget="date", **common)
    if _is_month_pattern(node.get("pattern")) or node.get("format") == "month":
        return FieldSpec(kind="month", widget="month", **common)
    long = (lengths["max_length"] or 0) > LONG_TEXT or node.get("format") == "long"
    text_widget = widget or ("textarea" if long else "text")
    kind = "textarea" if text_widget == "textarea" else "text"
    return FieldSpec(kind=kind, widget=text_widget, **lengths, **common)


def _fields(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> tuple[FieldSpec, ...]:
    required = set(schema.get("required") or ())
    return tuple(
        _field(name, node, name in required, defs)
        for name, node in (schema.get("properties") or {}).items()
    )


def form_spec(schema: Mapping[str, Any]) -> FormSpec:
    """The form of an object schema (with its `$defs`)."""
    return FormSpec(_fields(schema, schema.get("$defs") or {}))


@cache
def model_form(model: type[BaseModel]) -> FormSpec:
    """The form of a pydantic model (built once)."""
    return form_spec(model.model_json_schema())


def with_choices(
    spec: FormSpec, name: str, choices: Sequence[tuple[str, str]], widget: str = "select"
) -> FormSpec:
    """`spec` with its field `name` a choice among `choices` ((value, label)) that are known
    only when the page is shown, e.g. the units a person works in. Without any it is left
    as it is."""
    if not choices:
        return spec
    options = tuple(Option(key, key, label) for key, label in choices)
    return FormSpec(
        tuple(
            replace(f, kind="choice", widget=widget, options=options) if f.name == name else f
            for f in spec.fields
        )
    )


# --- raw values: what the form shows --------------------------------------------------------------
Raw = dict[str, Any]


def _raw_scalar(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.kind == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return _key(value)


def initial(spec: FormSpec | Sequence[FieldSpec], data: Mapping[str, Any] | None = None) -> Raw:
    """The values a form starts with: `data` where given, else the schema's defaults."""
    fields = spec.fields if isinstance(spec, FormSpec) else spec
    data = data or {}
    out: Raw = {}
    for f in fields:
        value = data.get(f.name, f.default if f.has_default else None)
        if f.kind == "group":
            out[f.name] = initial(f.fields, value if isinstance(value, Mapping) else None)
        elif f.kind == "rows":
            given = [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []
            rows = [initial(f.fields, v) for v in given]
            while len(rows) < f.min_items:
                rows.append(initial(f.fields))
            out[f.name] = rows
        else:
            out[f.name] = _raw_scalar(f, value)
    return out


Posted = Mapping[str, Sequence[str]]


def posted_values(form: Any) -> dict[str, list[str]]:
    """A Starlette FormData (or any multi-dict with getlist) as {name: [values]}, text only."""
    return {
        key: [v for v in form.getlist(key) if isinstance(v, str)] for key in dict.fromkeys(form)
    }


def _first(posted: Posted, name: str) -> str:
    values = posted.get(name) or [""]
    return values[0].replace("\r\n", "\n")


def _row_indexes(posted: Posted, path: str, spec: FieldSpec) -> list[int]:
    limit = min(spec.max_items or MAX_ROWS, MAX_ROWS)
    found: set[int] = set()
    count = _first(posted, f"{path}-count")
    if count.isdigit():
        found.update(range(min(int(count), limit)))
    pattern = re.compile(re.escape(path) + r"-(\d{1,4})-")
    for key in posted:
        match = pattern.match(key)
        if match:
            found.add(int(match.group(1)))
    return sorted(found)[:limit]


def from_form(spec: FormSpec | Sequence[FieldSpec], posted: Posted, prefix: str = "") -> Raw:
    """What was posted, in the shape of the form, as typed."""
    fields = spec.fields if isinstance(spec, FormSpec) else spec
    out: Raw = {}
    for f in fields:
        path = prefix + f.name
        if f.kind == "group":
            out[f.name] = from_form(f.fields, posted, path + "-")
        elif f.kind == "rows":
            out[f.name] = [
                from_form(f.fields, posted, f"{path}-{i}-") for i in _row_indexes(posted, path, f)
            ]
        elif f.kind == "boolean" and f.widget == "checkbox":
            out[f.name] = "true" if _first(posted, path) else "false"
        else:
            out[f.name] = _first(posted, path)
    return out


def _blank(fields: Sequence[FieldSpec], row: Raw) -> bool:
    """Nothing typed in `row`: it is as a new row starts."""
    fresh = initial(fields)

    def same(spec: FieldSpec, value: Any, start: Any) -> bool:
        if spec.kind == "group":
            return isinstance(value, dict) and all(
                same(f, value.get(f.name), start.get(f.name)) for f in spec.fields
            )
        if spec.kind == "rows":
            return not value or all(_blank(spec.fields, r) for r in value)
        return str(value or "").strip() == str(start or "").strip()

    return all(same(f, row.get(f.name), fresh.get(f.name)) for f in fields)


def without_blank_rows(spec: FormSpec | Sequence[FieldSpec], raw: Raw) -> Raw:
    """`raw` without the rows nothing was typed in, in every list (for a form that says
    "Tomma rader sparas inte"): what is validated and shown again are the same rows."""
    fields = spec.fields if isinstance(spec, FormSpec) else spec
    out = dict(raw)
    for f in fields:
        value = raw.get(f.name)
        if f.kind == "group" and isinstance(value, dict):
            out[f.name] = without_blank_rows(f.fields, value)
        elif f.kind == "rows" and isinstance(value, list):
            out[f.name] = [
                without_blank_rows(f.fields, row) for row in value if not _blank(f.fields, row)
            ]
    return out


# --- adding and removing rows ---------------------------------------------------------------------
def _locate_rows(
    fields: Sequence[FieldSpec], raw: Raw, parts: list[str]
) -> tuple[FieldSpec, list[Raw]] | None:
    """The list of rows at `parts` (a path split at "-")."""
    if not parts:
        return None
    spec = next((f for f in fields if f.name == parts[0]), None)
    if spec is None:
        return None
    value = raw.get(spec.name)
    if len(parts) == 1:
        return (spec, value) if spec.kind == "rows" and isinstance(value, list) else None
    if spec.kind == "group" and isinstance(value, dict):
        return _locate_rows(spec.fields, value, parts[1:])
    if spec.kind == "rows" and isinstance(value, list) and parts[1].isdigit():
        index = int(parts[1])
        if index < len(value):
            return _locate_rows(spec.fields, value[index], parts[2:])
    return None


def apply(spec: FormSpec, raw: Raw, action: str) -> tuple[Raw, str | None]:
    """Carry out "add:<rows path>" or "remove:<row path>"; returns the new values and the
    path to focus (the new row, or the list's add button after a removal)."""
    verb, _, path = action.partition(":")
    raw = copy.deepcopy(raw)
    parts = path.split("-") if path else []
    if verb == "add":
        found = _locate_rows(spec.fields, raw, parts)
        if found is None:
            return raw, None
        rows_spec, rows = found
        if len(rows) < min(rows_spec.max_items or MAX_ROWS, MAX_ROWS):
            rows.append(initial(rows_spec.fields))
            return raw, f"{path}-{len(rows) - 1}"
        return raw, f"{path}--add"
    if verb == "remove" and len(parts) >= 2 and parts[-1].isdigit():
        found = _locate_rows(spec.fields, raw, parts[:-1])
        if found is None:
            return raw, None
        _, rows = found
        index = int(parts[-1])
        if index < len(rows):
            del rows[index]
        return raw, "-".join(parts[:-1]) + "--add"
    return raw, None


# --- the payload from what was typed --------------------------------------------------------------
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_INTEGER = re.compile(r"-?\d{1,18}")


def _number(text: str) -> int | str:
    cleaned = _SPACES.sub("", text)
    cleaned = re.sub(r"(?i)kr\.?$", "", cleaned).replace("\u2212", "-")
    return int(cleaned) if _INTEGER.fullmatch(cleaned) else text


def to_data(spec: FormSpec | Sequence[FieldSpec], raw: Raw) -> dict[str, Any]:
    """The payload: empty inputs are left out (so defaults apply and missing ones are named),
    whole numbers read with or without spaces and "kr", choices as their values."""
    fields = spec.fields if isinstance(spec, FormSpec) else spec
    out: dict[str, Any] = {}
    for f in fields:
        value = raw.get(f.name)
        if f.kind == "group":
            inner = to_data(f.fields, value if isinstance(value, dict) else {})
            if inner or f.required:  # so its empty fields are named, not the group
                out[f.name] = inner
            continue
        if f.kind == "rows":
            rows = value if isinstance(value, list) else []
            if rows or f.required:
                out[f.name] = [to_data(f.fields, row) for row in rows]
            continue
        text = value if isinstance(value, str) else ""
        if f.kind == "boolean" and f.widget == "checkbox":
            out[f.name] = text == "true"
            continue
        stripped = text.strip()
        if stripped == "":
            continue
        if f.kind == "integer":
            out[f.name] = _number(stripped)
        elif f.kind in ("choice", "boolean"):
            option = next((o for o in f.options if o.key == stripped), None)
            out[f.name] = option.value if option else stripped
        elif f.kind == "lines":
            out[f.name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif f.kind == "textarea":
            out[f.name] = text.strip("\n").rstrip()
        else:
            out[f.name] = stripped
    return out


# --- errors, in Swedish, by path ------------------------------------------------------------------
def _lower(label: str) -> str:
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _count(n: Any) -> str:
    return format_kr(int(n)).removesuffix(" kr")


def _day(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value) if isinstance(value, date) else str(value)


def _amount(spec: FieldSpec, n: Any) -> str:
    return format_kr(int(n)) if spec.unit == "kr" else _count(n)


def message(
    spec: FieldSpec | None,
    kind: str,
    text: str = "",
    ctx: Mapping[str, Any] | None = None,
    translate: Translate | None = None,
) -> str:
    """A validation error as the person filling in the field reads it."""
    ctx = ctx or {}
    label = _lower(spec.label) if spec else "uppgiften"
    choose = spec is not None and spec.kind in ("choice", "boolean") and spec.widget != "checkbox"
    empty = kind == "missing" or (kind == "string_too_short" and ctx.get("min_length", 1) == 1)
    if spec is not None and spec.missing and empty:
        return spec.missing
    if kind == "missing":
        if spec is not None and spec.kind == "rows":
            return f"Lägg till minst en {spec.item}."
        return f"Välj {label}." if choose else f"Fyll i {label}."
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return f"Fyll i {label}." if least == 1 else f"Skriv minst {least} tecken."
    if kind == "string_too_long":
        return f"Texten får vara högst {_count(ctx.get('max_length', 0))} tecken lång."
    if kind == "too_short" and spec is not None and spec.kind in ("rows", "lines"):
        least = ctx.get("min_length", 1)
        return f"Lägg till minst en {spec.item}." if least == 1 else f"Lägg till minst {least}."
    if kind == "too_long":
        return f"Högst {_count(ctx.get('max_length', 0))} rader."
    if kind in ("int_parsing", "int_type", "int_from_float", "float_parsing", "finite_number"):
        return "Skriv ett belopp i hela kronor med siffror, till exempel 12500."
    if spec is not None and spec.kind == "date" and kind.startswith(("greater", "less")):
        said = _day(next(iter(ctx.values()), ""))
        return (
            f"Datumet får inte vara före {said}."
            if kind.startswith("greater")
            else f"Datumet får inte vara efter {said}."
        )
    if kind == "greater_than_equal" and spec is not None:
        least = ctx.get("ge", 0)
        if least == 0:
            return "Beloppet kan inte vara negativt."
        return f"Beloppet måste vara minst {_amount(spec, least)}."
    if kind == "greater_than" and spec is not None:
        return f"Beloppet måste vara större än {_amount(spec, ctx.get('gt', 0))}."
    if kind in ("less_than_equal", "less_than") and spec is not None:
        most = ctx.get("le", ctx.get("lt", 0))
        return f"Beloppet får vara högst {_amount(spec, most)}."
    if kind.startswith("date_") or kind == "date_type":
        return "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-02."
    if kind == "string_pattern_mismatch" and spec is not None and spec.kind == "month":
        return "Skriv månaden som ÅÅÅÅ-MM, till exempel 2025-06."
    if kind in ("literal_error", "enum"):
        return "Välj ett av alternativen."
    if kind in ("bool_parsing", "bool_type"):
        return "Välj ja eller nej."
    translated = translate(text) if translate and text else None
    return translated or "Uppgiften kunde inte godtas. Kontrollera den."


def locate(spec: FormSpec, loc: Sequence[str | int]) -> tuple[str, FieldSpec | None]:
    """The path of the deepest field `loc` names, and that field (None for the whole form
    or a row)."""
    fields: Sequence[FieldSpec] = spec.fields
    path: list[str] = []
    found: FieldSpec | None = None
    parts = list(loc)
    while parts:
        head = str(parts.pop(0))
        current = next((f for f in fields if f.name == head), None)
        if current is None:
            break
        path.append(current.name)
        found = current
        if current.kind == "group":
            fields = current.fields
        elif current.kind == "rows" and parts and str(parts[0]).isdigit():
            path.append(str(parts.pop(0)))
            fields, found = current.fields, None
        else:
            break
    return "-".join(path), found


@dataclass
class Errors:
    """Swedish messages by field path ("" for the form as a whole); the first per path."""

    by_path: dict[str, str] = field(default_factory=dict)

    def add(self, path: str, text: str) -> None:
        self.by_path.setdefault(path, text)

    def __bool__(self) -> bool:
        return bool(self.by_path)

    def get(self, path: str) -> str:
        return self.by_path.get(path, "")


def _strip_body(loc: Sequence[Any]) -> list[Any]:
    parts = list(loc)
    return parts[1:] if parts[:1] == ["body"] else parts


def add_error(
    errors: Errors,
    spec: FormSpec,
    loc: Sequence[Any],
    kind: str,
    text: str,
    ctx: Mapping[str, Any] | None = None,
    translate: Translate | None = None,
) -> None:
    path, found = locate(spec, _strip_body(loc))
    errors.add(path, message(found, kind, text, ctx, translate))


def refine(spec: FormSpec, raw: Raw, loc: Sequence[Any], text: str) -> list[Any]:
    """`loc` made precise: an error on a list of rows whose text names the first value of
    exactly one row (e.g. its month) belongs to that row."""
    parts = _strip_body(loc)
    found = _locate_rows(spec.fields, raw, [str(p) for p in parts]) if parts else None
    if found is None or not found[0].fields:
        return parts
    key = found[0].fields[0].name
    hits = [
        i
        for i, row in enumerate(found[1])
        if len(str(row.get(key, "")).strip()) >= 4 and str(row[key]).strip() in text
    ]
    return [*parts, hits[0]] if len(hits) == 1 else parts


def _named(spec: FormSpec, loc: Sequence[Any], text: str) -> Sequence[Any]:
    """`loc`, or for an error of the whole model whose message begins with the name of one
    of its fields ("period_from 2025-09 is after period_to …"), that field."""
    if _strip_body(loc):
        return loc
    head = text.removeprefix("Value error, ").split(" ", 1)[0]
    return [head] if spec.field(head) is not None else loc


def pydantic_errors(
    spec: FormSpec, found: Iterable[Mapping[str, Any]], translate: Translate | None = None
) -> Errors:
    """Every error of a pydantic ValidationError (`exc.errors()`), beside its field."""
    errors = Errors()
    for error in found:
        add_error(
            errors,
            spec,
            _named(spec, error.get("loc", ()), str(error.get("msg", ""))),
            str(error.get("type", "")),
            str(error.get("msg", "")),
            error.get("ctx"),
            translate,
        )
    return errors


# --- bound fields: what the template renders ------------------------------------------------------
@dataclass
class Bound:
    spec: FieldSpec
    path: str
    value: str = ""
    error: str = ""
    place: str = ""
    """Where the field sits: the rows around it ("Månad 2 – Resurs 1"), "" at the top."""
    rows: list[Row] = field(default_factory=list)
    children: list[Bound] = field(default_factory=list)
    autofocus: bool = False
    focus_add: bool = False

    @property
    def id(self) -> str:
        return "f-" + self.path

    @property
    def target(self) -> str:
        """The id a link to this field points at (the first choice of a radio group)."""
        if self.spec.widget in ("radio", "buttons") and self.spec.kind in ("choice", "boolean"):
            return f"{self.id}--0"
        if self.spec.kind == "rows":
            return f"{self.id}--add" if not self.rows else self.rows[0].id
        if self.spec.kind == "group" and self.children:
            return self.children[0].target
        return self.id

    @property
    def described_by(self) -> str:
        ids = []
        if self.spec.hint:
            ids.append(f"{self.id}--hint")
        if self.error:
            ids.append(f"{self.id}--error")
        return " ".join(ids)

    @property
    def as_text(self) -> bool:
        """A date or month the browser's picker could not show (it shows only a well-formed
        value, and would drop what was typed): a text input keeps it."""
        if not self.value or self.spec.kind not in ("date", "month"):
            return False
        try:
            date.fromisoformat(self.value + ("-01" if self.spec.kind == "month" else ""))
        except ValueError:
            return True
        return not re.fullmatch(r"\d{4}-\d\d(-\d\d)?", self.value)

    @property
    def values(self) -> list[str]:
        """The lines of a textarea of lines (for counting)."""
        return self.value.splitlines()

    @property
    def can_add(self) -> bool:
        return len(self.rows) < min(self.spec.max_items or MAX_ROWS, MAX_ROWS)


@dataclass
class Row:
    path: str
    number: int
    legend: str
    fields: list[Bound]
    error: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.path


def bind(
    spec: FormSpec | Sequence[FieldSpec],
    raw: Raw,
    errors: Errors | None = None,
    focus: str | None = None,
    prefix: str = "",
    context: str = "",
) -> list[Bound]:
    fields = spec.fields if isinstance(spec, FormSpec) else spec
    errors = errors or Errors()
    out = []
    for f in fields:
        path = prefix + f.name
        where = f"{context} – {f.label}" if context else f.label
        bound = Bound(f, path, error=errors.get(path), place=context)
        value = raw.get(f.name)
        if f.kind == "group":
            bound.children = bind(
                f.fields, value if isinstance(value, dict) else {}, errors, focus, path + "-", where
            )
        elif f.kind == "rows":
            rows = value if isinstance(value, list) else []
            for i, row in enumerate(rows):
                row_path = f"{path}-{i}"
                legend = f"{f.item[:1].upper()}{f.item[1:]} {i + 1}"
                row_context = f"{context} – {legend}" if context else legend
                inner = bind(f.fields, row, errors, focus, row_path + "-", row_context)
                if focus == row_path:
                    _focus_first(inner)
                bound.rows.append(Row(row_path, i + 1, legend, inner, error=errors.get(row_path)))
            bound.focus_add = focus == f"{path}--add"
        else:
            bound.value = value if isinstance(value, str) else ""
        out.append(bound)
    return out


def _focus_first(bound: Sequence[Bound]) -> bool:
    for b in bound:
        if b.spec.kind not in ("group", "rows"):
            b.autofocus = True
            return True
        if _focus_first(b.children):
            return True
    return False


def _said(place: str, label: str, error: str) -> str:
    """An error as the summary lists it: where, and the field unless the message names it."""
    named = not label or label in error or _lower(label) in error
    head = " – ".join(part for part in (place, "" if named else label) if part)
    return f"{head}: {error}" if head else error


def summary(bound: Sequence[Bound], errors: Errors) -> list[tuple[str, str]]:
    """(link target, text) for every error, in the order of the form; the form's own first."""
    out: list[tuple[str, str]] = []
    if errors.get(""):
        out.append(("", errors.get("")))

    def walk(items: Sequence[Bound]) -> None:
        for b in items:
            if b.error:
                out.append((b.target, _said(b.place, b.spec.label, b.error)))
            walk(b.children)
            for row in b.rows:
                if row.error:
                    place = f"{b.place} – {row.legend}" if b.place else row.legend
                    out.append((row.id, _said(place, "", row.error)))
                walk(row.fields)

    walk(bound)
    shown = {text for _, text in out}
    known = _paths(bound)
    for path, text in errors.by_path.items():
        if path and path not in known and text not in shown:
            out.append(("", text))
    return out


def _paths(bound: Sequence[Bound]) -> set[str]:
    found: set[str] = set()
    for b in bound:
        found.add(b.path)
        found |= _paths(b.children)
        for row in b.rows:
            found.add(row.path)
            found |= _paths(row.fields)
    return found
