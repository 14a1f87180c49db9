"""The jinja2 environment: Swedish filters, strict undefined, markup escaping.

Autoescape is off (a .docx is not HTML); instead every printed value is escaped
for the line markup (``finalize``), so data such as "**" or "| 3 |" in a
client's own words is printed as written and never changes the document's
structure. Dates printed without a filter come out in Swedish ("7 december 2026");
printing None is refused.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, meta
from jinja2.exceptions import TemplateSyntaxError, UndefinedError

from fut.documents.catalogue import TemplateSource
from fut.documents.errors import TemplateError
from fut.rules.swedish_format import format_date, format_kr, format_month

REMEDY_VARIABLE = "remedy_block"
ASSESSMENTS = {"intent": "uppsåt", "gross_negligence": "grov oaktsamhet"}
_ESCAPE_ANYWHERE = "\\*|<"
_ESCAPE_LINE_START = "#-"


class DataProblem(Exception):
    """A value in the context cannot be printed (converted to InvalidDocumentData)."""


class UndefinedAccess(UndefinedError):
    """StrictUndefined's error, carrying the name and the object it was looked up on."""

    def __init__(self, message: str | None = None, *, undefined: StrictUndefined) -> None:
        super().__init__(message)
        self.name = undefined._undefined_name
        self.obj = undefined._undefined_obj


class _TrackingUndefined(StrictUndefined):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._undefined_exception = functools.partial(  # type: ignore[assignment]
            UndefinedAccess, undefined=self
        )


class _RecordingLoader(FileSystemLoader):
    """Loads blocks from the templates folder and remembers which ones were used."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root), encoding="utf-8")
        self.used: dict[str, str] = {}

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        self.used[template] = source
        return source, filename, uptodate


def escape_markup(text: str) -> str:
    """Escape a printed value so the markup shows it literally."""
    out: list[str] = []
    line_start = True
    for char in text:
        if char in _ESCAPE_ANYWHERE or (line_start and char in _ESCAPE_LINE_START):
            out.append("\\")
        out.append(char)
        line_start = char == "\n"
    return "".join(out)


def _finalize(value: Any) -> str:
    if value is None:
        raise DataProblem("ett värde som ska skrivas ut är tomt (None)")
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    return escape_markup(str(value))


def _kr(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataProblem(f"belopp ska anges i hela kronor (heltal), fick {value!r}")
    return format_kr(value)


def _datum(value: Any) -> str:
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            pass
    raise DataProblem(f"datum ska vara ett datum (ÅÅÅÅ-MM-DD), fick {value!r}")


def _manad(value: Any) -> str:
    try:
        return format_month(value)
    except (ValueError, IndexError, AttributeError, TypeError):
        raise DataProblem(f"månad ska anges som ÅÅÅÅ-MM, fick {value!r}") from None


def _bedomning(value: Any) -> str:
    try:
        return ASSESSMENTS[value]
    except (KeyError, TypeError):
        raise DataProblem(
            f"bedömningen ska vara en av {', '.join(ASSESSMENTS)}, fick {value!r}"
        ) from None


def _och(values: Any) -> str:
    """Join a list the Swedish way: "a, b och c"."""
    items = [str(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


def _require(condition: Any, message: str) -> str:
    """{{ require(a == b, "...") }} in a template stops rendering when the data disagree."""
    if not condition:
        raise DataProblem(message)
    return ""


def make_environment(templates_dir: Path) -> tuple[Environment, _RecordingLoader]:
    """A fresh environment (no cache, so every block used is recorded)."""
    loader = _RecordingLoader(templates_dir)
    env = Environment(
        loader=loader,
        undefined=_TrackingUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        cache_size=0,
    )
    env.filters.update(kr=_kr, datum=_datum, manad=_manad, bedomning=_bedomning, och=_och)
    env.globals["require"] = _require
    return env, loader


def _parse(env: Environment, text: str, path: Path) -> Any:
    try:
        return env.parse(text, filename=str(path))
    except TemplateSyntaxError as exc:
        raise TemplateError(path, f"rad {exc.lineno}: {exc.message}") from exc


def check_template(source: TemplateSource, templates_dir: Path) -> Any:
    """Parse the body and every block it includes; refuse undeclared variables.

    Returns the parsed body (a jinja AST) ready to compile.
    """
    path = source.info.path
    env, loader = make_environment(templates_dir)
    body = _parse(env, source.body, path)
    used = set(meta.find_undeclared_variables(body))
    if source.info.remedy:
        if REMEDY_VARIABLE not in used:
            raise TemplateError(path, "remedy är angivet men {% include remedy_block %} saknas")
        used.discard(REMEDY_VARIABLE)
    pending = [n for n in meta.find_referenced_templates(body) if n is not None]
    if source.info.remedy:
        pending.append(f"blocks/{source.info.remedy}.md")
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            text, filename, _ = loader.get_source(env, name)
        except TemplateNotFound:
            raise TemplateError(path, f"blocket {name!r} finns inte i {templates_dir}") from None
        block = _parse(env, text, Path(filename or name))
        used |= meta.find_undeclared_variables(block)
        pending.extend(n for n in meta.find_referenced_templates(block) if n is not None)
    undeclared = sorted(used - set(source.specs) - set(env.globals))
    if undeclared:
        raise TemplateError(path, f"odeklarerade variabler används: {', '.join(undeclared)}")
    return body
