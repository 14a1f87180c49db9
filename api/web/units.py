"""The units a person may pick on the pages (their own, or every unit the system knows)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fut.auth import Actor
from fut.models import Case
from fut.municipality import get_municipality


def unit_name(code: str) -> str:
    """A unit as the municipality names it ("Enheten för …, Södermalm"), else its code."""
    configured = get_municipality().units.get(code)
    return configured.name if configured else code


def unit_short_name(code: str) -> str:
    """A unit as a list shows it: the end of its letterhead name ("Enheten för felaktiga
    utbetalningar, Södermalm" -> "Södermalm"), else its code."""
    return unit_name(code).rsplit(", ", 1)[-1]


def unit_choices(session: Session, actor: Actor, short: bool = False) -> list[tuple[str, str]]:
    """(code, name) of the units `actor` works in: their own units, or for someone who
    works in all units those the municipality lists and those cases are filed under."""
    if actor.units:
        codes = set(actor.units)
    else:
        used = session.exec(select(col(Case.unit)).distinct())
        codes = set(get_municipality().units) | set(used)
    name = unit_short_name if short else unit_name
    return sorted(((code, name(code)) for code in codes), key=lambda c: c[1].lower())
