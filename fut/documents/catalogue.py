"""The template catalogue: one file per document kind in ``templates/``.

A template file is a TOML header between two ``+++`` lines followed by a jinja2
body in the small line markup of ``fut.documents.markup``::

    +++
    kind = "kommunicering"            # the file name without .md, a contract
    title = "Kommunicering ..."       # Swedish title of the document
    version = 1                       # raise it when the wording changes
    remedy = "ratt_att_yttra_sig"     # optional: templates/blocks/<remedy>.md

    [variables]                       # every kind-specific variable the body uses
    reply_by = "Sista dag att svara"
    [variables.findings]
    text = "Vad utredningen har visat"
    fields = ["summary", "total_overpaid"]
    +++
    # Rubrik
    ...

The common variables (``fut.documents.context.COMMON_VARIABLES``) are always
declared. Shared text lives in ``templates/blocks/`` and is included with
``{% include "blocks/<name>.md" %}``; the remedy block with ``{% include remedy_block %}``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fut.documents.context import COMMON_VARIABLES
from fut.documents.errors import TemplateError, UnknownDocumentKind
from fut.documents.variables import VariableSpec, parse_variables

DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_SUFFIX = ".md"
HEADER_MARK = "+++"
_KIND = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class TemplateInfo:
    """What the catalogue tells about one template."""

    kind: str
    title: str
    version: int
    variables: dict[str, str]
    path: Path
    sha256: str
    remedy: str | None = None


@dataclass(frozen=True)
class TemplateSource:
    """A parsed template file: its info, declared variables and jinja body."""

    info: TemplateInfo
    specs: dict[str, VariableSpec]
    body: str
    text: str


def templates_root(templates_dir: Path | None) -> Path:
    return Path(templates_dir) if templates_dir is not None else DEFAULT_TEMPLATES_DIR


def template_paths(templates_dir: Path | None = None) -> list[Path]:
    root = templates_root(templates_dir)
    paths = root.glob(f"*{TEMPLATE_SUFFIX}")
    # README.md and other files whose names are not kinds are documentation, not templates.
    return sorted(p for p in paths if p.is_file() and _KIND.match(p.stem))


def read_template(path: Path) -> TemplateSource:
    """Parse one template file; TemplateError names the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path, f"filen kan inte läsas: {exc}") from exc
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != HEADER_MARK:
        raise TemplateError(path, f"filen ska börja med en rad {HEADER_MARK} (TOML-huvud)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == HEADER_MARK)
    except StopIteration:
        raise TemplateError(path, f"TOML-huvudet avslutas inte med en rad {HEADER_MARK}") from None
    try:
        header = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(path, f"fel i TOML-huvudet: {exc}") from exc

    kind, title, version = header.get("kind"), header.get("title"), header.get("version")
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise TemplateError(path, "kind saknas eller är inte ett namn med a-z, 0-9 och _")
    if kind != path.stem:
        raise TemplateError(path, f"kind {kind!r} ska vara samma som filnamnet {path.stem!r}")
    if not isinstance(title, str) or not title.strip():
        raise TemplateError(path, "title saknas")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TemplateError(path, "version ska vara ett heltal från 1")
    remedy = header.get("remedy")
    if remedy is not None and (not isinstance(remedy, str) or not _KIND.match(remedy)):
        raise TemplateError(path, "remedy ska vara namnet på ett block i templates/blocks/")
    unknown = set(header) - {"kind", "title", "version", "remedy", "variables"}
    if unknown:
        raise TemplateError(path, f"okända nycklar i huvudet: {', '.join(sorted(unknown))}")

    own = parse_variables(header.get("variables", {}), path)
    clash = set(own) & set(COMMON_VARIABLES)
    if clash:
        raise TemplateError(path, f"gemensamma variabler ska inte deklareras: {sorted(clash)}")
    specs = {**COMMON_VARIABLES, **own}
    info = TemplateInfo(
        kind=kind,
        title=title.strip(),
        version=version,
        variables={name: spec.summary() for name, spec in specs.items()},
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        remedy=remedy,
    )
    # Blank lines in place of the header keep jinja's line numbers equal to the file's.
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return TemplateSource(info=info, specs=specs, body=body, text=text)


def find_template(kind: str, templates_dir: Path | None = None) -> TemplateSource:
    """The template of a kind; UnknownDocumentKind when the catalogue has none."""
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise UnknownDocumentKind(str(kind))
    path = templates_root(templates_dir) / f"{kind}{TEMPLATE_SUFFIX}"
    if not path.is_file():
        raise UnknownDocumentKind(kind)
    return read_template(path)
