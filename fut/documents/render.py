"""Render a document of a kind from the catalogue and a context into a .docx.

    render_document("beslut_aterkrav", context) -> RenderedDocument

Order of work: find the template (UnknownDocumentKind), check it (TemplateError),
check the context against the declared variables (MissingDocumentData, before
anything is rendered), render the jinja body, parse the markup, write the .docx.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.exceptions import TemplateNotFound

from fut.documents.catalogue import (
    TemplateInfo,
    TemplateSource,
    find_template,
    read_template,
    template_paths,
    templates_root,
)
from fut.documents.docx_writer import DocumentMeta, write_docx
from fut.documents.environment import (
    REMEDY_VARIABLE,
    DataProblem,
    UndefinedAccess,
    check_template,
    make_environment,
)
from fut.documents.errors import InvalidDocumentData, MissingDocumentData, TemplateError
from fut.documents.markup import MarkupError, parse
from fut.documents.variables import find_missing, path_of


@dataclass(frozen=True)
class RenderedDocument:
    """A produced document: store it with its template version and SHA-256, never change it."""

    kind: str
    title: str
    template_version: str
    content: bytes
    sha256: str
    filename: str
    template_sha256: str


def list_templates(templates_dir: Path | None = None) -> list[TemplateInfo]:
    """Every template in the catalogue, checked (a broken one raises TemplateError)."""
    root = templates_root(templates_dir)
    infos = []
    for path in template_paths(root):
        source = read_template(path)
        check_template(source, root)
        infos.append(source.info)
    return infos


def source_sha256(source: TemplateSource, blocks: Mapping[str, str]) -> str:
    """SHA-256 over the template file and every block used, so a block edit is a new version."""
    digest = hashlib.sha256(source.text.encode("utf-8"))
    for name in sorted(blocks):
        digest.update(f"\0{name}\0".encode())
        digest.update(blocks[name].encode("utf-8"))
    return digest.hexdigest()


def _render_body(
    source: TemplateSource, ast: Any, context: Mapping[str, Any], root: Path
) -> tuple[str, dict[str, str]]:
    kind = source.info.kind
    env, loader = make_environment(root)
    variables = dict(context)
    if source.info.remedy:
        variables[REMEDY_VARIABLE] = f"blocks/{source.info.remedy}.md"
    try:
        text = env.from_string(ast).render(variables)
    except UndefinedAccess as exc:
        parent = path_of(exc.obj, context)
        name = f"{parent}.{exc.name}" if parent else str(exc.name)
        raise MissingDocumentData(kind, [name]) from exc
    except TemplateNotFound as exc:
        raise InvalidDocumentData(kind, f"blocket {exc.name!r} finns inte") from exc
    except DataProblem as exc:
        raise InvalidDocumentData(kind, str(exc)) from exc
    except JinjaTemplateError as exc:
        raise TemplateError(source.info.path, str(exc)) from exc
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise InvalidDocumentData(kind, f"uppgifterna går inte att använda: {exc}") from exc
    return text, dict(loader.used)


def render_document(
    kind: str, context: Mapping[str, Any], *, templates_dir: Path | None = None
) -> RenderedDocument:
    """Render the document of ``kind`` with ``context`` (see fut.documents.context)."""
    root = templates_root(templates_dir)
    source = find_template(kind, root)
    ast = check_template(source, root)
    missing = find_missing(source.specs, context)
    if missing:
        raise MissingDocumentData(kind, missing)
    day = context["today"]
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise InvalidDocumentData(kind, f"today ska vara ett datum, fick {day!r}")

    text, blocks = _render_body(source, ast, context, root)
    try:
        parsed = parse(text)
    except MarkupError as exc:
        raise TemplateError(source.info.path, str(exc)) from exc

    info = source.info
    template_sha = source_sha256(source, blocks)
    version = f"{info.kind} v{info.version} sha256:{template_sha[:12]}"
    case_number = str(context["case_number"])
    meta = DocumentMeta(
        title=info.title,
        subject=case_number,
        category=info.kind,
        version=version,
        author=str(_field(context["org"], "board")),
        day=day,
    )
    try:
        content = write_docx(parsed, meta)
    except (OSError, UnrecognizedImageError) as exc:
        raise InvalidDocumentData(kind, f"logotypen i brevhuvudet kan inte läsas: {exc}") from exc
    return RenderedDocument(
        kind=info.kind,
        title=info.title,
        template_version=version,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        filename=f"{_safe(case_number)}_{info.kind}_{day.isoformat()}.docx",
        template_sha256=template_sha,
    )


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, "")


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)
