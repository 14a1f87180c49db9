"""Document generation: templates (templates/*.md) + a context -> a .docx.

Public API::

    list_templates(templates_dir=None) -> list[TemplateInfo]
    render_document(kind, context, *, templates_dir=None) -> RenderedDocument
    common_context(org=..., case_number=..., today=..., officer=..., client=...) -> dict

No Prefect, FastAPI or database imports here.
"""

from fut.documents.catalogue import DEFAULT_TEMPLATES_DIR, TemplateInfo
from fut.documents.context import COMMON_VARIABLES, Client, Officer, Org, common_context
from fut.documents.errors import (
    DocumentError,
    InvalidDocumentData,
    MissingDocumentData,
    TemplateError,
    UnknownDocumentKind,
)
from fut.documents.readback import document_text
from fut.documents.render import RenderedDocument, list_templates, render_document

__all__ = [
    "COMMON_VARIABLES",
    "DEFAULT_TEMPLATES_DIR",
    "Client",
    "DocumentError",
    "InvalidDocumentData",
    "MissingDocumentData",
    "Officer",
    "Org",
    "RenderedDocument",
    "TemplateError",
    "TemplateInfo",
    "UnknownDocumentKind",
    "common_context",
    "document_text",
    "list_templates",
    "render_document",
]
