"""Swedish names for what the code calls by English identifiers (stages, roles, priorities)."""

from __future__ import annotations

from fut.lifecycle import STAGE_NAMES, Role, Stage

STAGE = STAGE_NAMES

ROLE = {
    Role.HANDLAGGARE: "Handläggare",
    Role.UTREDARE: "Utredare",
    Role.BESLUTSFATTARE: "Beslutsfattare",
    Role.EKONOMI: "Ekonomi",
    Role.CHEF: "Chef",
}

PRIORITY = {"high": "Hög", "normal": "Normal", "low": "Låg", None: "Ej bedömd", "": "Ej bedömd"}


def stage(value: str | None) -> str:
    if value is None or value not in Stage._value2member_map_:
        return str(value)
    return STAGE[Stage(value)]


def role(value: str) -> str:
    return ROLE.get(Role(value), value) if value in Role._value2member_map_ else value


def priority(value: str | None) -> str:
    return PRIORITY.get(value, str(value))
