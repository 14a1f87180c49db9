"""Swedish words for what the case page shows by code: case types, report fields, debt
status, audit actions. Unknown codes are shown as they are."""

from __future__ import annotations

from typing import Any

from api.web import labels
from fut.rules.swedish_format import format_kr
from fut.schemas import CHANNELS as CHANNEL
from fut.schemas import REPORTER_TYPES as REPORTER_TYPE
from fut.steps import human, is_human

CASE_TYPE = {
    1: "Typ 1 – felet uppstod inom de senaste tre månaderna",
    2: "Typ 2 – äldre fel som inte pågår längre",
    3: "Typ 3 – äldre fel som misstänks pågå",
}


IDENTITY_KIND = {"personnummer": "Personnummer", "samordningsnummer": "Samordningsnummer"}

DEBT_STATUS = {"open": "Inte slutbetald", "paid": "Slutbetald", "waived": "Efterskänkt"}

RECOVERY_ROUTE = {
    "administrative_court": "Ansökan hos förvaltningsrätten",
    "damages_in_criminal_case": "Skadestånd i brottmålet",
}

ACTION = {
    "case_read": "Läste ärendet",
    "case_registered": "Registrerade anmälan",
    "stage_changed": "Nytt skede",
    "work_item_opened": "Uppgift skapades",
    "task_read": "Läste uppgift",
    "task_claimed": "Tog uppgift",
    "task_completed": "Slutförde uppgift",
    "document_produced": "Skapade dokument",
    "document_read": "Läste dokument",
    "document_refused": "Dokument kunde inte skapas",
    "document_integrity_failed": "Dokumentet stämde inte med sin kontrollsumma",
    "payment_registered": "Registrerade betalning",
    "recovery_route_chosen": "Valde väg för återkravet",
    "personnummer_revealed": "Visade hela personnumret",
}

ENTITY = {
    "case": "ärendet",
    "document": "dokument",
    "work_item": "uppgift",
    "payment": "betalning",
    "debt": "skulden",
    "person": "personen",
}


def case_type(value: int | None) -> str:
    return "Ej bedömd" if value is None else CASE_TYPE.get(value, f"Typ {value}")


def reporter_type(value: str) -> str:
    return REPORTER_TYPE.get(value, value)


def channel(value: str) -> str:
    return CHANNEL.get(value, value)


def identity_kind(value: str) -> str:
    return IDENTITY_KIND.get(value, value)


def debt_status(value: str) -> str:
    return DEBT_STATUS.get(value, value)


def recovery_route(value: str | None) -> str:
    return "Inte vald" if not value else RECOVERY_ROUTE.get(value, value)


def action(value: str) -> str:
    return ACTION.get(value, value)


def step(value: str) -> str:
    return human(value).title if is_human(value) else value


def audit_detail(entity: str, entity_id: int | None, detail: dict[str, Any]) -> str:
    """A short Swedish line from the codes of an audit event (never personal data)."""
    parts = []
    if "document" in detail:
        parts.append(f"{detail['document']} (dokument {entity_id})")
    elif entity != "case" and entity_id is not None:
        parts.append(f"{ENTITY.get(entity, entity)} {entity_id}")
    if "from_stage" in detail or "to_stage" in detail:
        parts.append(
            f"{labels.stage(detail.get('from_stage')) if detail.get('from_stage') else '–'}"
            f" → {labels.stage(detail.get('to_stage'))}"
        )
    if "step" in detail:
        parts.append(step(str(detail["step"])))
    if "next_stage" in detail:
        parts.append(f"nästa skede: {labels.stage(detail['next_stage'])}")
    if "kind" in detail and "document" not in detail:
        parts.append(f"mall: {detail['kind']}")
    if isinstance(detail.get("amount"), int):
        parts.append(format_kr(detail["amount"]))
    if "route" in detail:
        parts.append(recovery_route(str(detail["route"])).lower())
    return "; ".join(parts)
