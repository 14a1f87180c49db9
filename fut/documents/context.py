"""The common context every template receives, and a typed helper to build it.

Shape (all templates can rely on it)::

    org:         {municipality, board, unit, address, postal_address, phone, email, bankgiro,
                  logo: absolute path of a PNG/JPEG shown in the letterhead, or None,
                  lagrum: {key: citation text} of the paragraphs not checked against
                          statute text, from the municipality file's [lagrum]
                          (fut.municipality.LagrumSettings), e.g. org.lagrum.fl_25}
    case_number: "FUT-2026-00012"            (printed as Diarienummer)
    today:       date                        (the document's date; also fixes the file's
                                              timestamps so the bytes are reproducible)
    officer:     {name, title, phone, email} (handling officer, the contact person)
    client:      {name, personnummer "YYYYMMDD-NNNN", address_lines: list[str]}

Kind-specific variables are declared in each template's header and listed by
``list_templates()``; ``fut.documents.examples`` has a complete context per kind.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fut.documents.variables import VariableSpec
from fut.municipality import LagrumSettings


def default_lagrum() -> dict[str, str]:
    """The default citation texts of the unchecked paragraphs (marked "ej kontrollerad")."""
    return LagrumSettings().model_dump()


@dataclass(frozen=True)
class Org:
    """The sending unit: the letterhead of every document."""

    municipality: str
    board: str
    unit: str
    address: str
    postal_address: str
    phone: str
    email: str
    bankgiro: str
    logo: Path | None = None
    lagrum: dict[str, str] = field(default_factory=default_lagrum)
    """Citation texts of the unchecked paragraphs, from the municipality's settings."""


@dataclass(frozen=True)
class Officer:
    """The handling officer, the client's contact person."""

    name: str
    title: str
    phone: str
    email: str


@dataclass(frozen=True)
class Client:
    """The person the case is about."""

    name: str
    personnummer: str
    address_lines: list[str] = field(default_factory=list)


COMMON_VARIABLES: dict[str, VariableSpec] = {
    spec.name: spec
    for spec in (
        VariableSpec(
            "org",
            "Kommun, nämnd och enhet som skickar dokumentet (brevhuvud)",
            fields=(
                "municipality",
                "board",
                "unit",
                "address",
                "postal_address",
                "phone",
                "email",
                "bankgiro",
                "logo?",
                "lagrum",
            ),
        ),
        VariableSpec("case_number", "Diarienummer, t.ex. FUT-2026-00012"),
        VariableSpec("today", "Dokumentets datum"),
        VariableSpec(
            "officer",
            "Handläggare och kontaktperson",
            fields=("name", "title", "phone", "email"),
        ),
        VariableSpec(
            "client",
            "Den enskilde som ärendet gäller",
            fields=("name", "personnummer", "address_lines"),
        ),
    )
}


def common_context(
    *, org: Org, case_number: str, today: date, officer: Officer, client: Client
) -> dict[str, Any]:
    """The common part of a document context as plain dicts (jinja- and JSON-friendly).

    Merge the kind-specific data into the returned dict: ``{**common_context(...), ...}``.
    """
    return {
        "org": {**asdict(org), "logo": str(org.logo) if org.logo else None},
        "case_number": case_number,
        "today": today,
        "officer": asdict(officer),
        "client": asdict(client),
    }
