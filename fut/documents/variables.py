"""Declared template variables and the check that a context holds them.

A template declares every variable it uses in its TOML header. A plain string
declares a value; a table declares an object (``fields``) or a list of objects
(``items``). A field name may be dotted (``decided_by.name``) and may end in
``?`` when the value may be None (e.g. ``kommunicering_on?``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fut.documents.errors import TemplateError

_ABSENT = object()


@dataclass(frozen=True)
class VariableSpec:
    """One declared top-level variable."""

    name: str
    description: str
    fields: tuple[str, ...] = ()
    items: tuple[str, ...] = ()

    def summary(self) -> str:
        """The description with the documented fields, for lists and previews."""
        if self.fields:
            return f"{self.description} (fält: {', '.join(self.fields)})"
        if self.items:
            return f"{self.description} (lista; varje rad: {', '.join(self.items)})"
        return self.description


def parse_variables(raw: object, path: Path) -> dict[str, VariableSpec]:
    """Read the ``[variables]`` table of a template header."""
    if not isinstance(raw, Mapping):
        raise TemplateError(path, "[variables] måste vara en tabell")
    specs: dict[str, VariableSpec] = {}
    for name, value in raw.items():
        if isinstance(value, str):
            specs[name] = VariableSpec(name, value)
        elif isinstance(value, Mapping):
            text = value.get("text")
            if not isinstance(text, str):
                raise TemplateError(path, f"variabeln {name!r} saknar text (beskrivning)")
            fields = _names(value.get("fields", []), name, path)
            items = _names(value.get("items", []), name, path)
            specs[name] = VariableSpec(name, text, fields, items)
        else:
            raise TemplateError(path, f"variabeln {name!r} ska vara en text eller en tabell")
    return specs


def _names(raw: object, name: str, path: Path) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise TemplateError(path, f"fälten för {name!r} ska vara en lista med namn")
    return tuple(raw)


def lookup(obj: Any, key: str) -> Any:
    """obj[key] for mappings, obj.key for other objects; _ABSENT when missing."""
    if isinstance(obj, Mapping):
        return obj.get(key, _ABSENT)
    return getattr(obj, key, _ABSENT)


def _check_path(obj: Any, dotted: str, prefix: str, missing: list[str]) -> None:
    optional = dotted.endswith("?")
    parts = dotted.rstrip("?").split(".")
    value = obj
    for i, part in enumerate(parts):
        value = lookup(value, part)
        last = i == len(parts) - 1
        if value is _ABSENT or (value is None and not (last and optional)):
            missing.append(f"{prefix}.{'.'.join(parts[: i + 1])}")
            return


def find_missing(specs: Mapping[str, VariableSpec], context: Mapping[str, Any]) -> list[str]:
    """Dotted names of declared data that the context lacks (or holds as None)."""
    missing: list[str] = []
    for name, spec in specs.items():
        value = context.get(name, _ABSENT)
        if value is _ABSENT or value is None:
            missing.append(name)
            continue
        for field in spec.fields:
            _check_path(value, field, name, missing)
        if spec.items:
            if isinstance(value, str | bytes) or not isinstance(value, Sequence):
                missing.append(f"{name} (ska vara en lista)")
                continue
            for index, item in enumerate(value):
                for field in spec.items:
                    _check_path(item, field, f"{name}[{index}]", missing)
    return missing


def path_of(target: Any, context: Mapping[str, Any]) -> str | None:
    """The dotted path under which ``target`` (by identity) sits in the context."""
    stack: list[tuple[str, Any]] = [(str(k), v) for k, v in context.items()]
    seen: set[int] = set()
    while stack:
        path, value = stack.pop()
        if value is target:
            return path
        if id(value) in seen or isinstance(value, str | bytes | int | float):
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            stack.extend((f"{path}.{k}", v) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
        elif hasattr(value, "__dataclass_fields__"):
            stack.extend((f"{path}.{k}", getattr(value, k)) for k in value.__dataclass_fields__)
    return None
